#pragma once

// The acceptor of samples/acceptor_pool: one of K actors that all wait in
// gen_tcp:accept on one listen socket and hand each connection to an echo
// handler. After a failed accept (emfile...) it backs off before trying
// again instead of spinning.

#include <caf/behavior.hpp>
#include <caf/event_based_actor.hpp>

#include <otpnet/inet/options.hpp>
#include <otpnet/socket.hpp>

#include "common/actor_registry.hpp"

namespace otpnet::samples {

struct acceptor_args {
  socket lsock;
  inet::active mode;
  actor_registry_ptr reg;
};

caf::behavior pool_acceptor(caf::event_based_actor* self, acceptor_args args);

} // namespace otpnet::samples
