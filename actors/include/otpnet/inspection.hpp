// A window into a running program's sockets: inet:i/0..2 and inet:info/1
// (socket:info/1 for the socket module's sockets) answered to other
// processes over a TCP port, so that `tools/inet i --port P` shows a live
// server's table as Erlang's shell would. Erlang gets this from a remote
// shell; a C++ program opts in with inspection::serve.
//
// The protocol is one request line per connection, answered with text and
// the connection closed:
//   i ARGS    inet:i/0..2's table, ARGS as parse_i_args reads them
//             (<otpnet/inet/i_args.hpp>): "i", "i tcp", "i tcp [port,state]"
//   info N    the info map of socket N (the table's Port column), one line
// A bad request is answered "{error,einval}", a socket number that names
// no open socket "{error,enoent}".
//
// Thread safety: the functions may be called from any blocking actor.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <caf/expected.hpp>

#include <otpnet/inet/ip_address.hpp>
#include <otpnet/pending.hpp>
#include <otpnet/timeout.hpp>

namespace otpnet::inspection {

/// The answer to one request line (without its newline): what the endpoint
/// sends back, usable over any other channel a program already has.
std::string answer(blocking_self self, std::string_view request);

/// How long the endpoint waits for one client: it answers one connection
/// at a time, so a client must not hold it.
struct limits {
  /// For the request line; a silent client is then dropped.
  timeout request = std::chrono::seconds{2};
  /// For a client that does not read its answer, once the kernel's
  /// buffers are full ({send_timeout, T}); the connection is then closed,
  /// so no more than those buffers (and the socket's high watermark) stay
  /// queued for it.
  timeout send = std::chrono::seconds{2};
  /// The kernel's send buffer per client ({sndbuf, N}; 0: the kernel's
  /// own, which on loopback grows to megabytes): with `send`, what a
  /// client that does not read can keep queued.
  int64_t send_buffer = 0;
};

/// Starts the endpoint on `ip` (default 127.0.0.1: the tables name every
/// peer of the program, so they are not for other hosts) and `port` (0
/// picks one) and returns the bound port. A detached actor owns the listen
/// socket and answers one connection at a time; it ends when its listen
/// socket closes, e.g. by runtime::close_all_sockets or the runtime's end.
/// Its own sockets are listed in the tables like any other.
caf::expected<uint16_t> serve(blocking_self self, uint16_t port);
caf::expected<uint16_t> serve(blocking_self self, const inet::ip_address& ip,
                              uint16_t port, limits lim = {});

} // namespace otpnet::inspection
