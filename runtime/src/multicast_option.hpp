// gen_udp's multicast options on a descriptor: group memberships
// (IP_ADD_MEMBERSHIP / IPV6_ADD_MEMBERSHIP and the drops), the sending
// interface, loop and TTL, on IPv4 or IPv6 as the socket is. Shared by
// apply_kernel_options (open) and the datagram transport (setopts, getopts).

#pragma once

#include <vector>

#include "otpnet/inet/options.hpp"
#include "otpnet/net/errc.hpp"
#include "otpnet/net/result.hpp"
#include "otpnet/net/socket_options.hpp"

namespace otpnet::detail {

/// Joins or leaves one group: ok or the kernel's error (eaddrinuse for a
/// group joined twice, eaddrnotavail for one not joined...).
errc set_membership(int fd, const net::membership_change& change);

/// Every change in order; the first refusal stops.
errc set_memberships(int fd, const std::vector<net::membership_change>& all);

/// multicast_if, multicast_loop, multicast_ttl: set on `fd`; `v6` picks
/// the IPv6 options.
errc set_multicast_if(int fd, bool v6, const inet::multicast_if& x);
errc set_multicast_loop(int fd, bool v6, bool on);
errc set_multicast_ttl(int fd, bool v6, int ttl);

/// getopts' multicast_if (an address on IPv4, the index on IPv6),
/// multicast_loop and multicast_ttl from the kernel; einval for any other
/// name.
net::result<inet::option> read_multicast_option(int fd, bool v6,
                                                inet::option_name name);

} // namespace otpnet::detail
