#pragma once

#include <cstdint>
#include <vector>

#include <caf/actor.hpp>
#include <caf/actor_addr.hpp>
#include <caf/event_based_actor.hpp>

#include "otpnet/messages.hpp"
#include "otpnet/net/errc.hpp"
#include "otpnet/socket.hpp"

namespace otpnet {

class runtime;

/// What every socket actor (listening or connected) keeps about the actors
/// around it: its controlling actor, the transfer super-state of
/// controlling_process, and its inet monitors. The socket closes when the
/// owner terminates.
class owner_state {
public:
  /// Monitors `owner` and registers the socket with the runtime.
  void init(caf::event_based_actor* self, runtime* rt, caf::actor owner);

  const caf::actor& owner() const noexcept {
    return owner_;
  }

  bool is_owner(const caf::strong_actor_ptr& who) const noexcept;

  /// True between the two phases of controlling_process: socket messages
  /// are held back and other requests postponed.
  bool transferring() const noexcept {
    return pending_owner_ != nullptr;
  }

  /// Phase one: checks the caller and the new owner. errc::ok means the
  /// socket is now transferring.
  errc begin_transfer(const caf::strong_actor_ptr& caller,
                      const caf::actor& new_owner);

  /// Phase two: the old owner has forwarded what it held; the new owner
  /// takes over.
  void finish_transfer(caf::event_based_actor* self);

  void add_monitor(uint64_t ref, caf::actor watcher);
  bool remove_monitor(uint64_t ref);

  /// Sends inet_down_msg to every monitor, unregisters the socket and
  /// forgets the owner. Idempotent.
  void closed(caf::event_based_actor* self, errc reason);

private:
  struct watcher_entry {
    uint64_t ref;
    caf::actor watcher;
  };

  runtime* rt_ = nullptr;
  caf::actor owner_;
  caf::actor pending_owner_;
  std::vector<watcher_entry> watchers_;
  bool closed_ = false;
};

/// A new, process-wide unique monitor reference number.
uint64_t next_monitor_ref() noexcept;

} // namespace otpnet
