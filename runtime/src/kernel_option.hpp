// inet options whose value getopts reads from the kernel rather than from
// the socket's record: what the kernel keeps may differ from what was set
// (the defaults, TCP's ECN bits in the traffic class, -1 for "default"),
// and pktoptions is the kernel's alone. Shared by every Asio transport.

#pragma once

#include "otpnet/inet/options.hpp"
#include "otpnet/net/result.hpp"

namespace otpnet::detail {

/// getsockopt on `fd` for `name`: tos (IP_TOS), priority (SO_PRIORITY),
/// recbuf and sndbuf (SO_RCVBUF, SO_SNDBUF: the sizes the kernel uses),
/// tclass (IPV6_TCLASS) and ipv6_v6only (IPV6_V6ONLY: IPv6 sockets only,
/// getopts leaves them out elsewhere, net::left_out), ttl (IP_TTL) and
/// pktoptions (IP_PKTOPTIONS, or IPV6_2292PKTOPTIONS on an IPv6 socket:
/// stream sockets only), multicast_if, multicast_loop and multicast_ttl
/// (IPv4's or IPv6's as the socket is). Any other name is einval: the
/// record has it.
net::result<inet::option> read_kernel_option(int fd, inet::option_name name);

} // namespace otpnet::detail
