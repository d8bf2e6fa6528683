#pragma once

// One numeric field of a /proc ".../status" file (VmRSS, voluntary context
// switches, ...).

#include <fstream>
#include <string>

namespace otpnet::test {

/// The number after `key` (e.g. "VmRSS:") in the status file at `path`, or
/// `missing` if the file or the key is not there.
inline long proc_status_field(const std::string& path, const std::string& key,
                              long missing) {
  std::ifstream in{path};
  std::string word;
  while (in >> word) {
    if (word == key) {
      long value = missing;
      in >> value;
      return value;
    }
    in.ignore(4096, '\n');
  }
  return missing;
}

} // namespace otpnet::test
