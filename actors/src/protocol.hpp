#pragma once

// The internal message protocol between the API functions (gen_tcp.cpp,
// inet.cpp) and the socket actors: OTP's "gen_statem calls". Not public.

#include <cstdint>
#include <vector>

#include <caf/allowed_unsafe_message_type.hpp>
#include <caf/atom.hpp>

#include "otpnet/inet/ip_address.hpp"
#include "otpnet/inet/options.hpp"
#include "otpnet/inet/stat_option.hpp"
#include "otpnet/net/binary.hpp"
#include "otpnet/net/errc.hpp"
#include "otpnet/runtime/transport.hpp"
#include "otpnet/socket_info.hpp"
#include "otpnet/gen_udp.hpp"

namespace otpnet::proto {

// Requests (atoms are at most 10 characters in CAF 0.17).
using connect_atom = caf::atom_constant<caf::atom("o_connect")>;
using accept_atom = caf::atom_constant<caf::atom("o_accept")>;
using send_atom = caf::atom_constant<caf::atom("o_send")>;
using recv_atom = caf::atom_constant<caf::atom("o_recv")>;
using recv_http_atom = caf::atom_constant<caf::atom("o_recvhttp")>;
using close_atom = caf::atom_constant<caf::atom("o_close")>;
using shutdown_atom = caf::atom_constant<caf::atom("o_shutdown")>;
using setopts_atom = caf::atom_constant<caf::atom("o_setopts")>;
using getopts_atom = caf::atom_constant<caf::atom("o_getopts")>;
using getstat_atom = caf::atom_constant<caf::atom("o_getstat")>;
using info_atom = caf::atom_constant<caf::atom("o_info")>;
using udp_send_atom = caf::atom_constant<caf::atom("o_sendto")>;
using udp_connect_atom = caf::atom_constant<caf::atom("o_udpconn")>;
using sockname_atom = caf::atom_constant<caf::atom("o_sockname")>;
using peername_atom = caf::atom_constant<caf::atom("o_peername")>;
using transfer_atom = caf::atom_constant<caf::atom("o_transfer")>;
using transferred_atom = caf::atom_constant<caf::atom("o_xferdone")>;
using drain_atom = caf::atom_constant<caf::atom("o_drain")>;
using monitor_atom = caf::atom_constant<caf::atom("o_monitor")>;
using demonitor_atom = caf::atom_constant<caf::atom("o_demon")>;
using flush_atom = caf::atom_constant<caf::atom("o_flush")>;

// One-way twins of send and setopts({active, _}), used while the socket's
// gate (detail::socket_shared) says the request cannot wait or fail. A
// one-way send's bytes wait in socket_shared::sends, and sends_atom tells
// the socket that some do; a send_cast_atom carries its bytes itself.
using send_cast_atom = caf::atom_constant<caf::atom("o_sendc")>;
using sends_atom = caf::atom_constant<caf::atom("o_sends")>;
using active_cast_atom = caf::atom_constant<caf::atom("o_activec")>;
// active_cast_atom carries an inet::active_kind other than n (adding to an
// {active, N} count can overflow, so that is always a request).

using option_list = std::vector<inet::option>;
using getopt_list = std::vector<inet::socket_getopt>;
using stat_list = std::vector<inet::stat_option>;

/// Time-outs travel as milliseconds; -1 is infinity.
constexpr int64_t no_timeout = -1;

// Completions of transport operations, sent from the event loop to the actor.
struct read_done {
  errc err;
  binary data;
};

struct write_done {
  errc err;
  size_t written;
};

struct connect_done {
  errc err;
};

struct accept_done {
  errc err;
  stream_transport_ptr transport;
};

// UDP: a datagram to send (`to` unset: to the connected peer), and the
// completions of the datagram transport.
struct udp_send {
  bool has_to = false;
  inet::socket_address to;
  binary data;
  /// send/5's AncData, checked; empty for a plain send. Fixed size, so a
  /// send without it allocates nothing more.
  inet::ancillary_data ancillary;
};

struct udp_read_done {
  errc err;
  inet::socket_address from;
  binary data;
  /// Set while a recv* option is on (see datagram_transport).
  std::optional<inet::ancillary_data> ancillary;
};

struct udp_send_done {
  errc err;
};

// Timers.
struct recv_timeout {
  uint64_t id;
};

struct accept_timeout {
  uint64_t id;
};

struct connect_timeout {};

struct send_timeout {
  uint64_t id;
};

struct linger_timeout {};

/// The linger time of the shutdown(write) with this id is up.
struct shutdown_linger_timeout {
  uint64_t id;
};

} // namespace otpnet::proto

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(otpnet::proto::option_list)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(otpnet::proto::getopt_list)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(otpnet::proto::stat_list)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(otpnet::inet::stat_values)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(otpnet::inet::socket_info)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(otpnet::proto::udp_send)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(otpnet::proto::udp_read_done)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(otpnet::proto::udp_send_done)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(otpnet::gen_udp::datagram)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(otpnet::proto::read_done)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(otpnet::proto::write_done)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(otpnet::proto::connect_done)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(otpnet::proto::accept_done)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(otpnet::proto::recv_timeout)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(otpnet::proto::accept_timeout)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(otpnet::proto::connect_timeout)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(otpnet::proto::send_timeout)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(otpnet::proto::linger_timeout)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(otpnet::proto::shutdown_linger_timeout)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(otpnet::inet::socket_address)
