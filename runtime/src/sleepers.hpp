#pragma once

#include <cstddef>

namespace otpnet::detail {

/// The run queue's count of workers asleep on its condition, and of those
/// already notified that have not taken the lock again. Guarded by the
/// run queue's lock.
///
/// Why the second count: a notified worker may wait a while for a core
/// (a load generator shares them), and every job pushed meanwhile saw a
/// sleeper. Notifying on each cost a futex system call per push for a
/// thread already woken: 0.9 per request in s1 (bench/RESULTS.md).
class sleepers {
public:
  /// A worker is about to wait.
  void sleeping() noexcept {
    ++asleep_;
  }

  /// A worker is back from its wait (notified, timed out or woken
  /// spuriously) and holds the lock. Whichever comes back uses up a
  /// pending notify, even one that timed out while another was being
  /// woken: the counts then err towards an extra notify, never a missing
  /// one.
  void back() noexcept {
    --asleep_;
    if (notified_ > 0)
      --notified_;
  }

  /// Whether a push should notify: true if some sleeper has no notify
  /// on its way yet, which this call then counts as sent.
  bool notify() noexcept {
    if (asleep_ <= notified_)
      return false;
    ++notified_;
    return true;
  }

  size_t asleep() const noexcept {
    return asleep_;
  }

private:
  size_t asleep_ = 0;
  size_t notified_ = 0;
};

} // namespace otpnet::detail
