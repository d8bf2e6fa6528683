#pragma once

// Every wait in the e2e suite is bounded by a deadline, turned into a poll()
// time-out; nothing sleeps.

#include <algorithm>
#include <chrono>

namespace otpnet::e2e {

using clock = std::chrono::steady_clock;

inline clock::time_point deadline_in(std::chrono::milliseconds d) {
  return clock::now() + d;
}

/// Milliseconds left until `deadline` (0 once it has passed), for poll().
inline int ms_left(clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
    deadline - clock::now());
  return static_cast<int>(std::max<std::chrono::milliseconds::rep>(
    0, std::min<std::chrono::milliseconds::rep>(left.count(), 1 << 30)));
}

} // namespace otpnet::e2e
