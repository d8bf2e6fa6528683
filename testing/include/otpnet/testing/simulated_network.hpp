// An in-memory network behind runtime_config::transports. The socket actors
// run their real code over it; only the transport (the "driver") is
// simulated. It keeps the driver contract of otpnet/runtime/transport.hpp:
// a read waits until bytes, EOF or an error are there; a write completes
// once the peer's window has taken every byte; one read, one write and one
// accept may be outstanding; close completes pending operations with
// `closed`.
//
// Completions are never invoked inline: each becomes a network event in a
// queue that the test (usually the deterministic fixture) runs, so that the
// socket actor code sees them as messages, as with real I/O. Every event is
// written to the trace.
//
// Thread safety: all member functions may be called from any thread.

#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>

#include <otpnet/runtime/transport.hpp>
#include <otpnet/testing/simulated_peer.hpp>
#include <otpnet/testing/simulated_udp_peer.hpp>
#include <otpnet/testing/trace.hpp>

namespace otpnet::testing {

class simulated_network : public transport_factory {
public:
  /// For fail_accepts: until clear_accept_failures.
  static constexpr size_t forever = simulated_peer::all;

  simulated_network();
  ~simulated_network() override;

  // -- transport_factory ------------------------------------------------------

  stream_transport_ptr make_tcp_transport() override;

  /// Port 0 picks a free port from 30000 up; a taken port is eaddrinuse.
  /// The local family listens on a name (its {ifaddr, {local, Path}}):
  /// there are no files, so a name is taken while its listener is open
  /// (eaddrinuse) and free again once it closes, as an abstract name is;
  /// actors and connect_local reach it by that name.
  net::result<listen_transport_ptr>
  open_tcp_listener(uint16_t port, const net::socket_options& opts) override;

  /// gen_udp's sockets: datagrams between them and the test's UDP peers
  /// (open_udp_peer), on 127.0.0.1 or ::1 (family inet6). A taken port is
  /// eaddrinuse.
  net::result<datagram_transport_ptr>
  open_udp(uint16_t port, const net::socket_options& opts) override;

  /// The socket module's sockets (otpnet::sock): streams, IP or local
  /// (names, as for open_tcp_listener), whose listeners the peers connect
  /// to and whose connects they accept, as gen_tcp's; datagrams as UDP
  /// ports (as open_udp's); readiness comes as network events. Local
  /// seqpacket sockets connect to each other by name (not to a stream's
  /// listener, nor a peer to theirs: eprototype) and carry records, an
  /// empty one too, each cut at the recv's length. Local datagrams are
  /// eafnosupport, IP seqpacket (SCTP) esocktnosupport.
  net::result<os_socket_ptr> open_os_socket(sock::domain d, sock::type t,
                                            sock::protocol p) override;

  // -- the test's side --------------------------------------------------------

  /// A peer connects to the actor listening on `port`: the connection waits
  /// in that listener's backlog until the actor accepts it, and the peer may
  /// send at once. nullopt if nobody listens there (econnrefused).
  std::optional<simulated_peer> connect(uint16_t port);

  /// A peer connects to the actor listening on local (Unix domain) name
  /// `path` (gen_tcp's {ifaddr, {local, Path}}); nullopt if none does
  /// (enoent, as for a missing file), or if a seqpacket socket listens
  /// there (a peer is a stream: eprototype).
  std::optional<simulated_peer> connect_local(const std::string& path);

  /// Lets the test accept the actors' connects on `port` (0 = pick one).
  /// Returns the port.
  uint16_t listen_peer(uint16_t port = 0);

  /// The next connection an actor made to a listen_peer port.
  std::optional<simulated_peer> accept_peer(uint16_t port);

  /// A UDP socket for the test on `port` (0 = pick one), IPv4 or (v6) IPv6;
  /// nullopt if the port is taken.
  std::optional<simulated_udp_peer> open_udp_peer(uint16_t port = 0,
                                                  bool v6 = false);

  // -- faults -----------------------------------------------------------------

  /// The next `times` accepts on the actor listener at `port` fail with `e`
  /// (emfile, enfile, enobufs, econnaborted...). As accept(2) does, they
  /// fail only when a connection is waiting, and it stays in the backlog.
  void fail_accepts(uint16_t port, errc e, size_t times = 1);
  void clear_accept_failures(uint16_t port);

  /// Accepts that failed / succeeded so far on `port`.
  size_t failed_accepts(uint16_t port) const;
  size_t accepted(uint16_t port) const;

  /// The next actor connect fails with `e` (econnrefused, etimedout,
  /// ehostunreach...).
  void fail_next_connect(errc e);

  /// The next actor connect gets no answer at all (its connect time-out
  /// must fire).
  void hang_next_connect();

  // UDP faults, by the destination port (an actor's gen_udp socket or a
  // test peer; set before or after it is bound): what a real network may do
  // to datagrams and loopback never does. The sender learns nothing, as
  // with UDP; the trace notes each fault.

  /// The next `times` datagrams to `port` are lost on the way.
  void lose_datagrams(uint16_t port, size_t times = 1);

  /// The next `times` datagrams to `port` arrive twice each.
  void duplicate_datagrams(uint16_t port, size_t times = 1);

  /// The next datagram to `port` is held back and arrives right after the
  /// one sent to `port` after it (the two swap places); if none follows,
  /// or the port closes first, it is lost.
  void reorder_next_datagram(uint16_t port);

  /// The next send from the actor's UDP socket bound at `port` fails with
  /// `e` (enobufs, emsgsize, ehostunreach, enetunreach...) and sends
  /// nothing, as sendto(2) failing; gen_udp::send returns the error.
  void fail_next_udp_send(uint16_t port, errc e);

  /// Datagrams to `port` lost / duplicated by these faults so far.
  size_t lost_datagrams(uint16_t port) const;
  size_t duplicated_datagrams(uint16_t port) const;

  // -- running ----------------------------------------------------------------

  /// Network events waiting to be run.
  size_t pending_events() const;

  /// Runs the oldest event; false if there was none.
  bool run_one();

  /// Runs the event at `index` (0 = oldest) instead: for schedule
  /// exploration. Completions of one socket keep their order anyway, since
  /// at most one read and one write are outstanding per socket.
  bool run_at(size_t index);

  // -- recording and checks ---------------------------------------------------

  /// Where events are written; the fixture sets its own.
  void set_trace(trace* log);

  /// Broken driver-contract rules (e.g. two outstanding reads) seen so far.
  size_t violations() const;

  /// Connections not yet closed on both ends.
  size_t open_connections() const;

  /// Drops every queued event and pending handler. Handlers hold references
  /// to socket actors: call this before the actor system goes away.
  void shutdown();

private:
  /// open_tcp_listener of the local family; the caller holds the lock.
  net::result<listen_transport_ptr>
  open_local_listener(const net::socket_options& opts);

  std::shared_ptr<detail::core> core_;
};

using simulated_network_ptr = std::shared_ptr<simulated_network>;

} // namespace otpnet::testing
