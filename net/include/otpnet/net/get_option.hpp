// Building inet:getopts/2 answers from a socket_options record.
//
// The socket actor checks the name with allowed(option_operation::getopts,
// name) first (ip, ifaddr, port, family and backlog are not getopts keys:
// einval, as in Erlang), and overrides `active` with its live state, since
// the record keeps the value given at creation.
//
// Thread safety: a pure function.

#pragma once

#include <optional>

#include <otpnet/inet/options.hpp>
#include <otpnet/net/socket_options.hpp>

namespace otpnet::net {

/// The record's value of `name` as an option, e.g. {packet,2}. nullopt when
/// the record holds no value because the OS owns it (recbuf, sndbuf, tos,
/// priority, ipv6_v6only and ip/ifaddr while unset): the caller asks the
/// transport instead, or leaves the key out of the answer as Erlang does
/// for an option the platform lacks.
std::optional<inet::option> get_option(const socket_options& opts,
                                       inet::option_name name);

/// Whether inet:getopts/2 leaves `name` out of its answer for a socket with
/// `opts`, as OTP 25 does where the socket has no such option: tclass,
/// recvtclass and ipv6_v6only on a socket that is not IPv6, netns for a
/// socket created in the process's own namespace, and on a local (AF_UNIX)
/// socket the IP- and TCP-level options (normalize_options.hpp,
/// local_allowed and tcp_level).
bool left_out(const socket_options& opts, inet::option_name name) noexcept;

} // namespace otpnet::net
