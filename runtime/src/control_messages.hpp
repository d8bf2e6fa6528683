// The control messages that carry inet's ancillary data: what recvmsg
// brings with a UDP datagram and what getsockopt(IP_PKTOPTIONS) returns
// for a TCP socket are the same cmsg list.

#pragma once

#include <sys/socket.h>

#include "otpnet/inet/ancillary_data.hpp"

namespace otpnet::detail {

/// Adds the values of the IP_TOS, IP_TTL and IPV6_TCLASS control messages
/// of `msg` to `anc`, in the kernel's order; other messages are skipped.
/// Linux sends IP_TOS as one byte and IP_TTL and IPV6_TCLASS as an int;
/// the length tells which.
void collect_ancillary(msghdr& msg, inet::ancillary_data& anc);

} // namespace otpnet::detail
