#pragma once

#include <cstdint>
#include <deque>

#include <caf/response_promise.hpp>
#include <caf/stateful_actor.hpp>

#include "otpnet/gen_udp.hpp"
#include "otpnet/net/active_mode.hpp"
#include "otpnet/net/socket_options.hpp"
#include "otpnet/net/socket_stats.hpp"
#include "otpnet/runtime/transport.hpp"

#include "owner.hpp"
#include "protocol.hpp"

namespace otpnet {

class runtime;

/// State of a UDP socket (gen_udp): its owner, the live active mode, the
/// passive receivers waiting in recv, and the datagrams waiting for the
/// kernel to take them.
struct udp_socket_state {
  struct waiter {
    caf::response_promise rp;
    size_t length;
    uint64_t id;
  };

  struct outgoing {
    proto::udp_send msg;
    caf::response_promise rp;
  };

  runtime* rt = nullptr;
  datagram_transport_ptr transport;
  net::socket_options opts;
  owner_state owner;
  socket self_handle;
  net::active_mode active;
  net::socket_stats stats;

  bool receiving = false; // an async_receive is outstanding
  // A datagram (or error) that arrived after its receiver left (a recv
  // timed out, or the socket turned passive): the next reader takes it.
  std::optional<proto::udp_read_done> held;
  std::deque<waiter> waiters;
  uint64_t next_waiter_id = 1;

  std::deque<outgoing> sends; // the front one waits for async_send
  bool closed = false;

  static inline const char* name = "otpnet.udp_socket";
};

using udp_socket_actor = caf::stateful_actor<udp_socket_state>;

/// The actor of a UDP socket opened on `tr`, owned by `owner`.
caf::behavior udp_socket(udp_socket_actor* self, runtime* rt,
                         datagram_transport_ptr tr, net::socket_options opts,
                         caf::actor owner);

} // namespace otpnet
