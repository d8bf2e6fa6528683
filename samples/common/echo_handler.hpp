// The echo logic shared by both samples: one handler actor per connection.
//
// Protocol: the acceptor spawns the handler and makes it the socket's owner
// with gen_tcp::controlling_process; only then does the connection start
// (the listen socket is {active, false}, so nothing is delivered before):
// in {active, false} the acceptor sends the handler `go` and the handler
// calls recv; in the active modes the acceptor sets the socket's mode
// itself and the handler is woken by the first packet. The handler never
// touches a socket it does not own yet.

#pragma once

#include <functional>

#include <caf/atom.hpp>
#include <caf/event_based_actor.hpp>

#include <otpnet/inet/options.hpp>
#include <otpnet/socket.hpp>

#include "common/actor_registry.hpp"

namespace otpnet::samples {

using go_atom = caf::atom_constant<caf::atom("go")>;

/// Spawns an echo handler for `s` (owned by `self`), hands the socket over
/// and starts the handler in active mode `mode`. Suspends `self` until the
/// transfer is done, then runs `done` (also when the transfer failed: the
/// socket is then closed and the handler stopped).
void hand_over(caf::event_based_actor* self, const socket& s,
               inet::active mode, const actor_registry_ptr& reg,
               std::function<void()> done);

} // namespace otpnet::samples
