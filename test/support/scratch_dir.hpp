#pragma once

// A directory of a test's own under /tmp for socket files (the local
// family): made fresh, and removed with everything in it at the end, so
// that no socket file outlives the test.

#include <dirent.h>
#include <unistd.h>

#include <cstdlib>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

namespace otpnet::test {

struct scratch_dir {
  std::string path;

  scratch_dir() {
    char tmpl[] = "/tmp/otpnet-test-XXXXXX";
    BOOST_REQUIRE(::mkdtemp(tmpl) != nullptr);
    path = tmpl;
  }

  scratch_dir(const scratch_dir&) = delete;
  scratch_dir& operator=(const scratch_dir&) = delete;

  ~scratch_dir() {
    std::vector<std::string> names;
    if (DIR* d = ::opendir(path.c_str())) {
      while (auto* e = ::readdir(d))
        if (std::string n = e->d_name; n != "." && n != "..")
          names.push_back(std::move(n));
      ::closedir(d);
    }
    for (const auto& n : names)
      ::unlink((path + "/" + n).c_str());
    ::rmdir(path.c_str());
  }

  /// The path of `name` in the directory.
  std::string file(const std::string& name) const {
    return path + "/" + name;
  }
};

} // namespace otpnet::test
