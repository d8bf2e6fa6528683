#include "quiet_clock.hpp"

#include <utility>

#include <caf/abstract_actor.hpp>
#include <caf/group.hpp>
#include <caf/mailbox_element.hpp>
#include <caf/message.hpp>
#include <caf/message_id.hpp>

namespace otpnet::detail {

auto quiet_clock::now() const noexcept -> time_point {
  return target_.now();
}

auto quiet_clock::difference(caf::atom_value measurement, long units,
                             time_point t0, time_point t1) const noexcept
  -> duration_type {
  return target_.difference(measurement, units, t0, t1);
}

void quiet_clock::set_ordinary_timeout(time_point t, caf::abstract_actor* self,
                                       caf::atom_value type, uint64_t id) {
  remember(self);
  target_.set_ordinary_timeout(t, self, type, id);
}

void quiet_clock::set_multi_timeout(time_point t, caf::abstract_actor* self,
                                    caf::atom_value type, uint64_t id) {
  remember(self);
  target_.set_multi_timeout(t, self, type, id);
}

void quiet_clock::set_request_timeout(time_point t, caf::abstract_actor* self,
                                      caf::message_id id) {
  remember(self);
  target_.set_request_timeout(t, self, id);
}

void quiet_clock::cancel_ordinary_timeout(caf::abstract_actor* self,
                                          caf::atom_value type) {
  target_.cancel_ordinary_timeout(self, type);
}

void quiet_clock::cancel_request_timeout(caf::abstract_actor* self,
                                         caf::message_id id) {
  target_.cancel_request_timeout(self, id);
}

void quiet_clock::cancel_timeouts(caf::abstract_actor* self) {
  if (count_.load(std::memory_order_acquire) == 0)
    return; // nobody's, so nothing of this actor's, can be pending
  {
    std::lock_guard<std::mutex> guard{mtx_};
    if (with_timeouts_.erase(self->id()) == 0)
      return; // nothing of this actor's can be pending
    count_.store(with_timeouts_.size(), std::memory_order_release);
  }
  target_.cancel_timeouts(self);
}

void quiet_clock::schedule_message(time_point t,
                                   caf::strong_actor_ptr receiver,
                                   caf::mailbox_element_ptr content) {
  target_.schedule_message(t, std::move(receiver), std::move(content));
}

void quiet_clock::schedule_message(time_point t, caf::group target,
                                   caf::strong_actor_ptr sender,
                                   caf::message content) {
  target_.schedule_message(t, std::move(target), std::move(sender),
                           std::move(content));
}

// The ids stay: a set_*_timeout racing with this call may reach CAF's
// clock after its drop-all, and its actor's end must still cancel it. At
// worst an end forwards a cancellation with nothing left to cancel.
void quiet_clock::cancel_all() {
  target_.cancel_all();
}

size_t quiet_clock::actors_with_timeouts() const {
  std::lock_guard<std::mutex> guard{mtx_};
  return with_timeouts_.size();
}

void quiet_clock::remember(caf::abstract_actor* self) {
  std::lock_guard<std::mutex> guard{mtx_};
  with_timeouts_.insert(self->id());
  count_.store(with_timeouts_.size(), std::memory_order_release);
}

} // namespace otpnet::detail
