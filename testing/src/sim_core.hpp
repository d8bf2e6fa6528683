#pragma once

// The state of a simulated network, shared by the factory, its transports
// and the test's peer handles. One mutex guards all of it; completion
// handlers are never called with it held (they send messages to actors).

#include <cstdint>
#include <deque>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "otpnet/runtime/os_socket.hpp"
#include "otpnet/runtime/transport.hpp"
#include "otpnet/testing/trace.hpp"

namespace otpnet::testing::detail {

inline constexpr size_t unbounded = std::numeric_limits<size_t>::max();

/// What one side wrote to the other, in write order. A read never crosses a
/// segment boundary, so "split at these offsets" stays visible to the actor.
struct segment {
  enum kind_t { data, fin, rst, error };
  kind_t kind = data;
  std::string bytes;
  errc err = errc::ok; // kind error: an injected read failure
  // Data of a seqpacket connection: one record, kept even when empty and
  // read whole (sim_os_socket.cpp).
  bool record = false;
};

struct pending_read {
  size_t max_bytes = 0;
  stream_transport::read_handler handler;
  bool scheduled = false; // a completion event is queued
};

struct pending_write {
  std::string bytes;
  size_t accepted = 0; // moved into the other side's inbox so far
  stream_transport::write_handler handler;
  bool scheduled = false;
  errc outcome = errc::ok;
};

/// One end of a connection: what the other end sent to it (inbox) and, for
/// an actor's transport, its outstanding operations.
struct endpoint {
  std::string name;
  bool is_actor = false;
  std::deque<segment> inbox;
  size_t inbox_bytes = 0;     // data bytes in inbox
  size_t window = unbounded;  // inbox_bytes limit for the other side's writes
  std::optional<pending_read> read;
  std::optional<pending_write> write;
  std::optional<errc> fail_write; // injected: the next write fails
  bool closed = false;            // this end is closed
  bool write_shut = false;        // this end sent its FIN (or RST)
  bool read_shut = false;         // shutdown(read) on this end
  bool reset_by_other = false;    // the other end sent RST
  uint16_t port = 0;              // local port
  // A local (Unix domain) connection's names: this end's ("" unnamed).
  std::optional<std::string> path;
  // A socket-module socket's readiness waits (sim_os_socket.cpp).
  std::optional<os_socket::wait_handler> wait_read;
  std::optional<os_socket::wait_handler> wait_write;
};

struct connection {
  uint64_t id = 0;
  endpoint side[2];
};

using connection_ptr = std::shared_ptr<connection>;

/// An actor's listen socket.
struct listener_state {
  uint16_t port = 0;
  // A local (Unix domain) listener's name; its port is only internal.
  std::optional<std::string> path;
  // A socket-module seqpacket listener: only seqpacket sockets connect to
  // it, and only to it (the kernel's eprototype otherwise).
  bool records = false;
  std::deque<connection_ptr> backlog; // side 1 is the listener's end
  listen_transport::accept_handler pending;
  bool scheduled = false;
  bool closed = false;
  errc fail_with = errc::ok;
  size_t fail_times = 0; // simulated_network::forever = until cleared
  size_t accepted = 0;
  size_t failed = 0;
  // A socket-module listener's wait for a connection to accept.
  std::optional<os_socket::wait_handler> wait;
};

/// An end's address: its local name ("" unnamed) on a local connection,
/// else `ip` and its port.
inet::socket_address address_of(const endpoint& ep,
                                 const inet::ip_address& ip);

/// How the trace names a listener: ":PORT", or "local NAME".
std::string where(const listener_state& l);

/// A port where the test accepts the actors' connects.
struct peer_listener_state {
  uint16_t port = 0;
  std::deque<connection_ptr> ready; // side 1 is the peer's end
};

/// A datagram waiting in a UDP socket's inbox.
struct datagram {
  inet::socket_address from;
  std::string bytes;
};

struct pending_receive {
  size_t max_bytes = 0;
  datagram_transport::receive_handler handler;
  bool scheduled = false;
};

/// A UDP socket: an actor's (gen_udp) or one the test holds.
struct udp_port {
  uint16_t port = 0;
  bool v6 = false;
  std::string name;
  std::deque<datagram> inbox;
  std::optional<inet::socket_address> peer; // connect(2)
  std::optional<errc> queued_error;        // as the kernel queues ICMP's
  std::optional<pending_receive> receive;
  // A socket-module socket's wait for a datagram (sim_dgram_socket.cpp).
  std::optional<os_socket::wait_handler> wait_read;
  bool closed = false;

  inet::socket_address address() const;
};

using udp_port_ptr = std::shared_ptr<udp_port>;

/// Faults the test set for the datagrams to one port
/// (simulated_network::lose_datagrams and the others).
struct udp_faults {
  size_t lose = 0;
  size_t duplicate = 0;
  bool reorder = false;
  std::optional<datagram> held; // waiting for the one to pass it
  std::optional<errc> fail_send; // the actor's next send from this port
  size_t lost = 0;
  size_t duplicated = 0;
};

struct event {
  std::string what;
  std::function<void()> fire;
};

class core : public std::enable_shared_from_this<core> {
public:
  mutable std::mutex mtx;
  std::deque<event> events;
  std::map<uint16_t, std::shared_ptr<listener_state>> listeners;
  // Local listeners by name: no files, so a name is free again once its
  // listener closes, as an abstract name is.
  std::map<std::string, std::shared_ptr<listener_state>> local_listeners;
  std::map<uint16_t, std::shared_ptr<peer_listener_state>> peer_listeners;
  std::map<uint16_t, udp_port_ptr> udp_ports; // UDP has its own port space
  std::map<uint16_t, udp_faults> udp_faults_by_port;
  std::vector<std::weak_ptr<connection>> connections;
  uint16_t next_port = 30000;
  uint64_t next_conn = 1;
  size_t violations = 0;
  std::optional<errc> fail_connect;
  bool hang_connect = false;
  trace* log = nullptr;
  bool shut_down = false;

  // -- helpers; all expect `mtx` to be held ---------------------------------

  void note(const std::string& source, const std::string& text);
  void violation(const std::string& text);
  void post(std::string what, std::function<void()> fire);
  uint16_t ephemeral_port();
  bool port_in_use(uint16_t port) const;
  connection_ptr make_connection(bool actor0, bool actor1, uint16_t port0,
                                 uint16_t port1);

  /// Queues a read completion for side i if it can complete now.
  void maybe_schedule_read(const connection_ptr& c, int i);

  /// Moves as much of side i's pending write into side 1-i's inbox as its
  /// window allows; queues the completion once all is accepted.
  void pump_write(const connection_ptr& c, int i);

  /// Appends to side i's inbox (what side 1-i sent).
  void deliver(const connection_ptr& c, int i, segment seg);

  void maybe_schedule_accept(const std::shared_ptr<listener_state>& l);

  /// The open actor listener of local name `path`; null if none. (Local
  /// listeners are not in `listeners`: no IP connect reaches them.)
  std::shared_ptr<listener_state> find_listener(const std::string& path) const;

  /// Closes `l`: unlisted, its unaccepted connections reset, its pending
  /// accept completed with closed.
  void close_listener(const std::shared_ptr<listener_state>& l);

  /// Closes side i: FIN (or RST with `abort`) to the other side, pending
  /// operations complete with `closed`.
  void close_side(const connection_ptr& c, int i, bool abort);

  /// shutdown(2) on side i: its reads end (`read`), a FIN to the other
  /// side (`write`, once).
  void shutdown_side(const connection_ptr& c, int i, bool read, bool write);

  // -- readiness of socket-module sockets (sim_os_socket.cpp) --------------

  /// Posts the wait in `slot` (if any) to complete with `e`.
  void wake(std::optional<os_socket::wait_handler>& slot,
            const std::string& what, errc e = errc::ok);

  /// A read on side i would not say eagain.
  static bool readable(const endpoint& ep);

  /// A write on side i would not say eagain.
  static bool writable(const connection_ptr& c, int i);

  // -- UDP (sim_udp.cpp) ----------------------------------------------------

  /// Binds a UDP socket on `port` (0 picks one); nullptr if it is taken.
  udp_port_ptr open_udp_port(uint16_t port, bool v6, bool is_actor);

  /// Sends a datagram from `u` to `to`: into the inbox of the socket bound
  /// there, unless that socket is connected to someone else; lost if no
  /// socket is bound there (then a connected sender gets econnrefused, as
  /// the kernel reports the ICMP error). Errors: closed, eafnosupport.
  errc send_datagram(const udp_port_ptr& u, const inet::socket_address& to,
                     std::string bytes);

  /// Puts `d` into `target`'s inbox through the faults set for its port:
  /// lost, twice, or held back until the next datagram has passed it.
  void deliver_datagram(const udp_port_ptr& target, datagram d,
                        const std::string& text);

  /// The error the test set for the next send from `u`, taken; ok if none.
  errc take_send_failure(const udp_port_ptr& u);

  /// The error the network queued for `u` (a connected socket's
  /// econnrefused), taken; ok if none.
  errc take_queued_error(const udp_port_ptr& u);

  /// A receive that does not wait (gen_udp's try_receive, the socket
  /// module's recv): closed, a queued error (taken), eagain if no
  /// datagram waits, else the oldest one cut to `max_bytes` (the rest is
  /// lost, as recvfrom(2) loses it).
  errc take_datagram(const udp_port_ptr& u, size_t max_bytes,
                     inet::socket_address& from, binary& out);

  /// Queues u's receive completion if it can complete now.
  void maybe_schedule_receive(const udp_port_ptr& u);

  /// Closes `u`: unbinds it; a pending receive completes with closed.
  void close_udp_port(const udp_port_ptr& u);

  // -- event bodies (called without the lock) -------------------------------

  void complete_receive(const udp_port_ptr& u);


  void complete_read(const connection_ptr& c, int i);
  void complete_write(const connection_ptr& c, int i);
  void complete_accept(const std::shared_ptr<listener_state>& l);
};

using core_ptr = std::shared_ptr<core>;

/// The datagram_transport of an actor's UDP socket.
datagram_transport_ptr make_datagram_transport(core_ptr net, udp_port_ptr u);

/// The stream_transport of an actor's end.
stream_transport_ptr make_stream_transport(core_ptr net, connection_ptr c,
                                           int side);

} // namespace otpnet::testing::detail
