#pragma once

// CAF's clock without a wake-up for every actor that ends.

#include <atomic>
#include <cstddef>
#include <mutex>
#include <unordered_set>

#include <caf/actor_clock.hpp>
#include <caf/detail/thread_safe_actor_clock.hpp>
#include <caf/fwd.hpp>

namespace otpnet::detail {

/// Forwards every call to `target` (the scheduler's own clock) except
/// `cancel_timeouts` for an actor that never set a timeout.
///
/// CAF 0.17 cancels the timeouts of every actor that ends, whether it set
/// any or not: an allocated event pushed to the clock thread, which is
/// woken for it (a futex wake and a context switch on each side). With two
/// actors per connection that was ~2.5 futex calls on the clock thread per
/// connect-echo-close cycle, for nothing. Request timeouts, receive
/// timeouts and delayed messages are unchanged.
///
/// Derives from thread_safe_actor_clock only because CAF's coordinator
/// declares its clock() with that return type; the inherited state is
/// unused.
class quiet_clock final : public caf::detail::thread_safe_actor_clock {
public:
  explicit quiet_clock(caf::actor_clock& target) : target_(target) {
  }

  time_point now() const noexcept override;

  duration_type difference(caf::atom_value measurement, long units,
                           time_point t0,
                           time_point t1) const noexcept override;

  void set_ordinary_timeout(time_point t, caf::abstract_actor* self,
                            caf::atom_value type, uint64_t id) override;

  void set_multi_timeout(time_point t, caf::abstract_actor* self,
                         caf::atom_value type, uint64_t id) override;

  void set_request_timeout(time_point t, caf::abstract_actor* self,
                           caf::message_id id) override;

  void cancel_ordinary_timeout(caf::abstract_actor* self,
                               caf::atom_value type) override;

  void cancel_request_timeout(caf::abstract_actor* self,
                              caf::message_id id) override;

  void cancel_timeouts(caf::abstract_actor* self) override;

  void schedule_message(time_point t, caf::strong_actor_ptr receiver,
                        caf::mailbox_element_ptr content) override;

  void schedule_message(time_point t, caf::group target,
                        caf::strong_actor_ptr sender,
                        caf::message content) override;

  void cancel_all() override;

  /// Actors that set a timeout and have not ended since.
  size_t actors_with_timeouts() const;

private:
  void remember(caf::abstract_actor* self);

  caf::actor_clock& target_;
  mutable std::mutex mtx_;
  // Actor ids, not addresses: an id is never reused.
  std::unordered_set<caf::actor_id> with_timeouts_;
  // with_timeouts_.size(), readable without the mutex: while no actor has
  // a timeout (the usual case), an ending actor skips the lock. An actor
  // that set one did so in an earlier turn or the same one, which happens
  // before its end, so its end sees a count above zero.
  std::atomic<size_t> count_{0};
};

} // namespace otpnet::detail
