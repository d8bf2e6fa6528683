#pragma once

// This process's threads as /proc shows them: by name (CAF and otpnet name
// their threads), and how often one has gone to sleep.

#include <dirent.h>
#include <sys/types.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>
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

/// The threads named `name` that are not in `before`, once there are
/// `expected` of them or `budget` has passed (a thread is named from
/// inside itself, so a new runtime's names may come late).
inline std::vector<pid_t> new_threads_named(const std::string& name,
                                            const std::vector<pid_t>& before,
                                            size_t expected,
                                            std::chrono::milliseconds budget) {
  std::vector<pid_t> result;
  auto deadline = std::chrono::steady_clock::now() + budget;
  for (;;) {
    result.clear();
    for (auto tid : threads_named(name))
      if (std::find(before.begin(), before.end(), tid) == before.end())
        result.push_back(tid);
    if (result.size() >= expected
        || std::chrono::steady_clock::now() >= deadline)
      return result;
    std::this_thread::sleep_for(std::chrono::milliseconds{1});
  }
}

/// times_blocked summed over `tids`.
inline uint64_t times_blocked(const std::vector<pid_t>& tids) {
  uint64_t n = 0;
  for (auto tid : tids)
    n += times_blocked(tid);
  return n;
}

} // namespace otpnet::test
