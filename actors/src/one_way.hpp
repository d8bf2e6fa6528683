#pragma once

// The caller's side of the socket gate (detail::socket_shared): a send or
// an {active, once | true | false} setopts that the socket would accept
// at once goes out as a one-way message and completes with ok, saving the
// caller a round trip per packet. Everything else is a request.

#include <caf/local_actor.hpp>

#include "otpnet/inet/options.hpp"
#include "otpnet/net/binary.hpp"
#include "otpnet/socket.hpp"

namespace otpnet::detail {

/// Counts `data` against the socket's message queue (high_msgq_watermark)
/// and, if the gate allows it, sends it one way and returns true. On false
/// the bytes are counted and the caller makes the send a request, at once:
/// the socket's batches of sends wait for counted bytes (see on_send).
bool count_and_cast_send(caf::local_actor* self, const socket& s,
                         binary& data);

/// Sends setopts([`a`]) one way and returns true if `a` is
/// {active, false | true | once} and the socket is open.
bool cast_active(caf::local_actor* self, const socket& s, inet::active a);

} // namespace otpnet::detail
