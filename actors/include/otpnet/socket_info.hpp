#pragma once

#include <string>
#include <vector>

#include <caf/actor_addr.hpp>

#include <otpnet/inet/i.hpp>
#include <otpnet/inet/ip_address.hpp>
#include <otpnet/inet/options.hpp>
#include <otpnet/inet/stat_option.hpp>
#include <otpnet/net/result.hpp>

namespace otpnet::inet {

/// What inet::info returns (inet:info/1's map): the socket's status flags,
/// its statistics, its controlling actor and the actors monitoring it with
/// inet::monitor. For a socket that is gone: states {closed} and nothing
/// else, as OTP answers #{states => [closed]}. Erlang's VM-level keys
/// (input, output, links, memory) have no counterpart; family, sockname and
/// peername are added because inet::i shows them.
struct socket_info {
  /// Sorted, e.g. {connected, open}, {busy, connected, open},
  /// {accepting, listen, open}, {connecting, open}.
  std::vector<socket_state> states;
  /// As getstat/1 orders them.
  stat_values counters;
  caf::actor_addr owner;
  std::vector<caf::actor_addr> monitors;
  family address_family = inet;
  socket_protocol protocol = socket_protocol::tcp;
  net::result<socket_address> sockname = errc::enotconn;
  net::result<socket_address> peername = errc::enotconn;
};

/// As the shell prints inet:info/1's map (keys sorted, actors as
/// <0.ID.0>): #{counters => #{recv_avg => 5,...},monitors => [],
/// owner => <0.9.0>,states => [connected,open]}.
std::string to_string(const socket_info& x);

} // namespace otpnet::inet
