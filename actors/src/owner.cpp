#include "owner.hpp"

#include <atomic>

#include <caf/abstract_actor.hpp>
#include <caf/actor_cast.hpp>

#include "otpnet/runtime.hpp"

namespace otpnet {

namespace {

bool is_dead(const caf::actor& hdl) {
  if (!hdl)
    return true;
  auto ptr = caf::actor_cast<caf::abstract_actor*>(hdl);
  return ptr->getf(caf::abstract_actor::is_terminated_flag);
}

} // namespace

void owner_state::init(caf::event_based_actor* self, runtime* rt,
                       caf::actor owner) {
  rt_ = rt;
  owner_ = std::move(owner);
  // A dead owner's down message arrives at once: the socket closes.
  self->monitor(owner_);
  if (rt_ != nullptr)
    rt_->register_socket(caf::actor_cast<caf::actor>(self));
}

std::vector<caf::actor_addr> owner_state::watchers() const {
  std::vector<caf::actor_addr> out;
  out.reserve(watchers_.size());
  for (const auto& w : watchers_)
    out.push_back(w.watcher.address());
  return out;
}

bool owner_state::is_owner(const caf::strong_actor_ptr& who) const noexcept {
  return who != nullptr && who == caf::actor_cast<caf::strong_actor_ptr>(owner_);
}

errc owner_state::begin_transfer(caf::event_based_actor* self,
                                 const caf::strong_actor_ptr& caller,
                                 const caf::actor& new_owner, bool& done) {
  done = false;
  if (!is_owner(caller))
    return errc::not_owner;
  if (is_dead(new_owner))
    return errc::badarg;
  if (new_owner == owner_) {
    done = true; // nothing to move
    return errc::ok;
  }
  if (quiet_) {
    // Nothing of this socket is in the owner's mailbox: no drain needed.
    switch_owner(self, new_owner, true);
    done = true;
    return errc::ok;
  }
  pending_owner_ = new_owner;
  return errc::ok;
}

void owner_state::switch_owner(caf::event_based_actor* self,
                               caf::actor next, bool quiet) {
  self->demonitor(owner_);
  owner_ = std::move(next);
  quiet_ = quiet;
  // Monitoring after the switch: a new owner that died meanwhile is seen
  // at once and closes the socket.
  self->monitor(owner_);
}

void owner_state::finish_transfer(caf::event_based_actor* self) {
  if (!pending_owner_)
    return;
  if (pending_owner_ != owner_)
    switch_owner(self, std::move(pending_owner_), false);
  pending_owner_ = nullptr;
}

void owner_state::add_monitor(uint64_t ref, caf::actor watcher) {
  watchers_.push_back(watcher_entry{ref, std::move(watcher)});
}

bool owner_state::remove_monitor(uint64_t ref) {
  for (auto i = watchers_.begin(); i != watchers_.end(); ++i) {
    if (i->ref == ref) {
      watchers_.erase(i);
      return true;
    }
  }
  return false;
}

void owner_state::closed(caf::event_based_actor* self, errc reason) {
  if (closed_)
    return;
  closed_ = true;
  socket me{caf::actor_cast<caf::actor>(self)};
  for (auto& w : watchers_)
    self->send(w.watcher, inet_down_msg{inet::monitor_ref{w.ref, me}, me,
                                        reason});
  watchers_.clear();
  if (rt_ != nullptr)
    rt_->unregister_socket(self->address());
  owner_ = nullptr;
  pending_owner_ = nullptr;
}

uint64_t next_monitor_ref() noexcept {
  static std::atomic<uint64_t> next{1};
  return next.fetch_add(1, std::memory_order_relaxed);
}

} // namespace otpnet
