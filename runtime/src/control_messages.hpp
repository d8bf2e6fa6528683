// The control messages that carry inet's ancillary data: what recvmsg
// brings with a UDP datagram and what getsockopt(IP_PKTOPTIONS) returns
// for a TCP socket are the same cmsg list, and gen_udp:send/5 hands its
// values to sendmsg the same way.

#pragma once

#include <sys/socket.h>

#include <cstddef>

#include "otpnet/inet/ancillary_data.hpp"

namespace otpnet::detail {

/// Adds the values of the IP_TOS, IP_TTL and IPV6_TCLASS control messages
/// of `msg` to `anc`, in the kernel's order; other messages are skipped.
/// Linux sends IP_TOS as one byte and IP_TTL and IPV6_TCLASS as an int;
/// the length tells which.
void collect_ancillary(msghdr& msg, inet::ancillary_data& anc);

/// The control buffer put_ancillary needs at most: one int message per
/// key.
inline constexpr std::size_t ancillary_space
  = CMSG_SPACE(sizeof(int)) * inet::ancillary_data::capacity;

/// Writes `anc` as IP_TOS, IP_TTL and IPV6_TCLASS messages (an int each,
/// which Linux takes for all three) into msg.msg_control, which must hold
/// ancillary_space bytes, and sets msg.msg_controllen.
void put_ancillary(msghdr& msg, const inet::ancillary_data& anc);

} // namespace otpnet::detail
