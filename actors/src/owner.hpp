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

  /// The owner, for sending it a socket message (tcp, tcp_closed...): from
  /// then on a transfer must drain the owner's mailbox (two phases).
  const caf::actor& deliver_to() noexcept {
    quiet_ = false;
    return owner_;
  }

  bool is_owner(const caf::strong_actor_ptr& who) const noexcept;

  /// True between the two phases of controlling_process: socket messages
  /// are held back and other requests postponed.
  bool transferring() const noexcept {
    return pending_owner_ != nullptr;
  }

  /// Phase one: checks the caller and the new owner. errc::ok means the
  /// socket is now transferring, unless `done` is set: the socket has sent
  /// the owner no socket message (no deliver_to since it took over), so
  /// nothing can wait in its mailbox and the new owner took over at once.
  errc begin_transfer(caf::event_based_actor* self,
                      const caf::strong_actor_ptr& caller,
                      const caf::actor& new_owner, bool& done);

  /// Phase two: the old owner has forwarded what it held; the new owner
  /// takes over.
  void finish_transfer(caf::event_based_actor* self);

  void add_monitor(uint64_t ref, caf::actor watcher);

  /// The actors with an inet monitor on the socket (inet:info's monitors).
  std::vector<caf::actor_addr> watchers() const;
  bool remove_monitor(uint64_t ref);

  /// Sends inet_down_msg to every monitor, unregisters the socket and
  /// forgets the owner. Idempotent.
  void closed(caf::event_based_actor* self, errc reason);

private:
  void switch_owner(caf::event_based_actor* self, caf::actor next,
                    bool quiet);

  struct watcher_entry {
    uint64_t ref;
    caf::actor watcher;
  };

  runtime* rt_ = nullptr;
  caf::actor owner_;
  caf::actor pending_owner_;
  std::vector<watcher_entry> watchers_;
  bool closed_ = false;
  // No socket message of this socket can be in the owner's mailbox: no
  // deliver_to since it took over, and it took over without a drain (a
  // drain may have forwarded it some).
  bool quiet_ = true;
};

/// A new, process-wide unique monitor reference number.
uint64_t next_monitor_ref() noexcept;

} // namespace otpnet
