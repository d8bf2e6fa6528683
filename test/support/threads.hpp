#pragma once

// This process's threads as /proc shows them: by name (CAF and otpnet name
// their threads), and how often one has gone to sleep.

#include <dirent.h>
#include <sys/types.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "support/proc_status.hpp"

namespace otpnet::test {

/// Ids of this process's threads named `name`.
inline std::vector<pid_t> threads_named(const std::string& name) {
  std::vector<pid_t> result;
  if (DIR* d = ::opendir("/proc/self/task")) {
    while (auto* e = ::readdir(d)) {
      if (e->d_name[0] == '.')
        continue;
      std::ifstream comm{std::string{"/proc/self/task/"} + e->d_name
                         + "/comm"};
      std::string line;
      if (std::getline(comm, line) && line == name)
        result.push_back(static_cast<pid_t>(std::atol(e->d_name)));
    }
    ::closedir(d);
  }
  return result;
}

/// How many times thread `tid` of this process has blocked (its
/// voluntary context switches): each wake-up from a futex or a poll counts
/// one. Zero if the thread is gone.
inline uint64_t times_blocked(pid_t tid) {
  return static_cast<uint64_t>(
    proc_status_field("/proc/self/task/" + std::to_string(tid) + "/status",
                      "voluntary_ctxt_switches:", 0));
}

} // namespace otpnet::test
