#pragma once

#include <cstdint>
#include <deque>

#include <caf/response_promise.hpp>
#include <caf/stateful_actor.hpp>

#include "otpnet/net/shared_options.hpp"
#include "otpnet/net/socket_options.hpp"
#include "otpnet/runtime/transport.hpp"

#include "owner.hpp"

namespace otpnet {

class runtime;

/// State of a listening socket: the queue of actors waiting in accept
/// (served in arrival order: an acceptor pool) and at most one accepted
/// connection that no waiter has taken yet.
struct tcp_listen_state {
  struct waiter {
    caf::response_promise rp;
    caf::actor requester;
    uint64_t id;
  };

  runtime* rt = nullptr;
  listen_transport_ptr transport;
  // Shared with the sockets it accepts (an idle connection holds a
  // pointer, not a record); setopts gives the listen socket a new one.
  net::shared_options opts;
  owner_state owner;
  std::deque<waiter> waiters;
  stream_transport_ptr ready;
  bool accepting = false;
  uint64_t next_waiter_id = 1;

  static inline const char* name = "otpnet.tcp_listen";
};

using tcp_listen_actor = caf::stateful_actor<tcp_listen_state>;

caf::behavior tcp_listen(tcp_listen_actor* self, runtime* rt,
                         listen_transport_ptr tr, net::socket_options opts,
                         caf::actor owner);

} // namespace otpnet
