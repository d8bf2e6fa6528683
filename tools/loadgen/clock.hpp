// The one clock loadgen reads: CLOCK_MONOTONIC in nanoseconds (vDSO, no
// system call).

#pragma once

#include <time.h>

#include <cstdint>

namespace loadgen {

inline uint64_t now_ns() noexcept {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1000000000u
         + static_cast<uint64_t>(ts.tv_nsec);
}

inline uint64_t seconds_to_ns(double s) noexcept {
  return static_cast<uint64_t>(s * 1e9);
}

} // namespace loadgen
