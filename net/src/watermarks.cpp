#include "otpnet/net/watermarks.hpp"

#include <limits>

namespace otpnet::net {

watermarks::watermarks(std::size_t low, std::size_t high) noexcept
  : low_(low), high_(high) {
  set(low, high);
}

void watermarks::set(std::size_t low, std::size_t high) noexcept {
  set_low(low);
  set_high(high); // last, so that a given high is kept
}

void watermarks::set_high(std::size_t high) noexcept {
  if (low_ > high)
    low_ = high;
  high_ = high;
}

void watermarks::set_low(std::size_t low) noexcept {
  if (high_ < low)
    high_ = low;
  low_ = low;
}

bool watermarks::add(std::size_t n) noexcept {
  constexpr auto max = std::numeric_limits<std::size_t>::max();
  queued_ = n > max - queued_ ? max : queued_ + n; // saturate, never wrap
  if (busy_ || queued_ == 0 || queued_ < high_)
    return false;
  busy_ = true;
  return true;
}

bool watermarks::drain(std::size_t n) noexcept {
  queued_ -= n < queued_ ? n : queued_;
  if (!busy_ || (queued_ >= low_ && queued_ != 0))
    return false;
  busy_ = false;
  return true;
}

} // namespace otpnet::net
