#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <caf/actor.hpp>
#include <caf/expected.hpp>

#include <otpnet/error.hpp>
#include <otpnet/inet/ip_address.hpp>
#include <otpnet/inet/options.hpp>
#include <otpnet/messages.hpp>
#include <otpnet/net/binary.hpp>
#include <otpnet/pending.hpp>
#include <otpnet/socket.hpp>
#include <otpnet/timeout.hpp>

/// Erlang's gen_tcp. Every function exists twice: for blocking callers (a
/// `caf::scoped_actor` or blocking actor: the call blocks and returns a
/// `caf::expected`) and for event-based actors (returns a `pending` to
/// `.await(f)` or `.then(f)`). Errors are `errc` values: compare with
/// `err == otpnet::errc::closed`, print with `inet::format_error`.
///
/// Whoever calls listen, accept or connect becomes the socket's
/// controlling actor: it receives tcp_msg, tcp_closed_msg, tcp_error_msg
/// and tcp_passive_msg, and the socket closes when it terminates.
namespace otpnet::gen_tcp {

using option_list = std::vector<inet::option>;

/// Listens on `port` (0 = an ephemeral port, see inet::port). With
/// {ifaddr, {local, File}} in `opts` it listens on that file instead (a
/// Unix domain socket; `port` must be 0). As in OTP the file stays when the
/// socket closes: remove it before listening on it again.
caf::expected<socket> listen(blocking_self self, int port,
                             const option_list& opts = {});
pending<socket> listen(caf::event_based_actor* self, int port,
                       const option_list& opts = {});

/// Accepts a connection; the caller becomes its controlling actor. Any
/// number of actors may wait in accept on one listen socket (an acceptor
/// pool); they are served in the order they called. The accepted socket
/// inherits the listen socket's options.
caf::expected<socket> accept(blocking_self self, const socket& lsock,
                             timeout t = infinity);
pending<socket> accept(caf::event_based_actor* self, const socket& lsock,
                       timeout t = infinity);

/// Connects to `host` (a name or an address literal) on `port`.
caf::expected<socket> connect(blocking_self self, const std::string& host,
                              int port, const option_list& opts = {},
                              timeout t = infinity);
pending<socket> connect(caf::event_based_actor* self, const std::string& host,
                        int port, const option_list& opts = {},
                        timeout t = infinity);
caf::expected<socket> connect(blocking_self self, const inet::ip_address& addr,
                              int port, const option_list& opts = {},
                              timeout t = infinity);
pending<socket> connect(caf::event_based_actor* self,
                        const inet::ip_address& addr, int port,
                        const option_list& opts = {}, timeout t = infinity);

/// Connects to a local (Unix domain) socket's file: gen_tcp:connect({local,
/// File}, 0, Opts). `port` must be 0 and `opts` must not ask for another
/// family (einval, where OTP 25 answers badarg); the socket stays unnamed
/// unless `opts` has {ifaddr, {local, File}}. The sockets of the local
/// family take the options that are not TCP's; nodelay and the other
/// TCP-level options are taken and have no effect, as in OTP.
caf::expected<socket> connect(blocking_self self,
                              const inet::local_address& addr, int port,
                              const option_list& opts = {},
                              timeout t = infinity);
pending<socket> connect(caf::event_based_actor* self,
                        const inet::local_address& addr, int port,
                        const option_list& opts = {}, timeout t = infinity);

/// Sends one packet (a header is added for packet 1|2|4). Any actor may
/// send. While the socket is busy (high_watermark reached) the call does
/// not complete: a blocking caller blocks, an event-based caller that uses
/// `.await` is suspended, as Erlang suspends the sending process.
caf::expected<void> send(blocking_self self, const socket& s, binary data);
pending<void> send(caf::event_based_actor* self, const socket& s,
                   binary data);

/// Receives one packet in passive mode ({active, false}, or an exhausted
/// once/N). `length` is for raw mode only: 0 = whatever is there, N = exactly
/// N bytes. Errors: einval when not passive (or length > 0 with a packet
/// type), timeout, closed at end of stream.
caf::expected<binary> recv(blocking_self self, const socket& s,
                           size_t length, timeout t = infinity);
pending<binary> recv(caf::event_based_actor* self, const socket& s,
                     size_t length, timeout t = infinity);

/// gen_tcp:recv(S, 0) on a {packet, http | http_bin | httph | httph_bin}
/// socket: the next HttpPacket (Erlang's recv returns it where other types
/// return bytes; C++ gives it its own call and type). Errors as recv's;
/// recv_http on a socket of another packet type, or recv on an http one,
/// is einval.
caf::expected<net::http_packet> recv_http(blocking_self self, const socket& s,
                                          timeout t = infinity);
pending<net::http_packet> recv_http(caf::event_based_actor* self,
                                    const socket& s, timeout t = infinity);

/// Closes the socket. Data already queued is still sent in the background
/// (linger off, the default), even if the caller terminates right after;
/// {linger, {true, T}} makes close wait for it (at most T seconds) and
/// {linger, {true, 0}} discards it and resets the connection.
caf::expected<void> close(blocking_self self, const socket& s);
pending<void> close(caf::event_based_actor* self, const socket& s);

enum class shutdown_how { read, write, read_write };

/// Closes one or both directions. `write` sends the FIN after the queued
/// data; the call returns at once (linger off, the default) or, under
/// {linger, {true, T}}, once that data is out (at most T seconds; the FIN
/// still follows the data). A socket that dies first makes it `closed` (or
/// the write error).
caf::expected<void> shutdown(blocking_self self, const socket& s,
                             shutdown_how how);
pending<void> shutdown(caf::event_based_actor* self, const socket& s,
                       shutdown_how how);

/// Makes `new_owner` the controlling actor. Only the owner may call it
/// (not_owner); a dead or invalid new owner is badarg. When it returns,
/// every socket message the caller had not handled yet has been moved to
/// `new_owner`, in order, and later ones go there directly: nothing is
/// lost or duplicated, even under a continuous {active, true} stream.
caf::expected<void> controlling_process(blocking_self self, const socket& s,
                                        const caf::actor& new_owner);
pending<void> controlling_process(caf::event_based_actor* self,
                                  const socket& s,
                                  const caf::actor& new_owner);

} // namespace otpnet::gen_tcp
