#include "otpnet/net/active_mode.hpp"

namespace otpnet::net {

void active_mode::set_false() noexcept {
  kind_ = kind::passive;
  count_ = 0;
}

void active_mode::set_true() noexcept {
  kind_ = kind::always;
  count_ = 0;
}

void active_mode::set_once() noexcept {
  kind_ = kind::once;
  count_ = 0;
}

bool active_mode::accepts(int n) const noexcept {
  if (n < min_n || n > max_n)
    return false;
  // count_ is never negative, so only the upper bound can be crossed.
  return static_cast<long>(count_) + n <= max_n;
}

bool active_mode::add(int n) noexcept {
  if (!accepts(n))
    return false;
  count_ += n;
  if (count_ > 0) {
    kind_ = kind::count;
    return false;
  }
  // Reaching 0, by a negative n or by {active, 0}, notifies.
  count_ = 0;
  kind_ = kind::passive;
  return true;
}

bool active_mode::on_delivered() noexcept {
  switch (kind_) {
    case kind::once:
      kind_ = kind::passive;
      return false;
    case kind::count:
      if (--count_ > 0)
        return false;
      count_ = 0;
      kind_ = kind::passive;
      return true;
    case kind::always:
    case kind::passive:
      return false;
  }
  return false;
}

} // namespace otpnet::net
