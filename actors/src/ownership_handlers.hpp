#pragma once

#include <utility>

#include <caf/message_handler.hpp>
#include <caf/result.hpp>
#include <caf/skip.hpp>

#include "otpnet/error.hpp"

#include "protocol.hpp"

namespace otpnet {

/// The requests every socket actor (listening or connected) answers alike:
/// the two phases of controlling_process and the inet monitors.
/// `get_self()` returns the actor handling the message (shared behaviors
/// capture no actor), whose state has an `owner` (owner_state);
/// `on_new_owner` runs after phase two, e.g. to resume delivery.
template <class GetSelf, class OnNewOwner>
caf::message_handler ownership_handlers(GetSelf get_self,
                                        OnNewOwner on_new_owner) {
  return {
    // The reply says whether the transfer is complete already (true: the
    // caller has nothing to drain, and phase two is skipped).
    [=](proto::transfer_atom, caf::actor& new_owner) -> caf::result<bool> {
      auto* self = get_self();
      auto& owner = self->state.owner;
      if (owner.transferring()) // one transfer at a time: postpone
        return caf::skip;
      bool done = false;
      auto err = owner.begin_transfer(self, self->current_sender(), new_owner,
                                      done);
      if (err != errc::ok)
        return err;
      return done; // delivery never stopped: nothing to resume
    },
    [=](proto::transferred_atom) -> caf::result<void> {
      auto* self = get_self();
      auto& owner = self->state.owner;
      if (!owner.transferring() || !owner.is_owner(self->current_sender()))
        return errc::not_owner;
      owner.finish_transfer(self);
      on_new_owner();
      return caf::unit;
    },
    [=](proto::monitor_atom, uint64_t ref, caf::actor& watcher) {
      get_self()->state.owner.add_monitor(ref, std::move(watcher));
    },
    [=](proto::demonitor_atom, uint64_t ref) {
      return get_self()->state.owner.remove_monitor(ref);
    },
  };
}

} // namespace otpnet
