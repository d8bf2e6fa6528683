#pragma once

#include <chrono>

namespace otpnet {

/// Erlang's `timeout()`: milliseconds, or `infinity`. A negative time-out
/// is an `einval` error.
using timeout = std::chrono::milliseconds;

inline constexpr timeout infinity = timeout::max();

} // namespace otpnet
