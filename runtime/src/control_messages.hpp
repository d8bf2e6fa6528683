// The control messages that carry inet's ancillary data: what recvmsg
// brings with a UDP datagram and what getsockopt(IP_PKTOPTIONS) returns
// for a TCP socket are the same cmsg list, and gen_udp:send/5 hands its
// values to sendmsg the same way; socket:sendmsg and recvmsg's control
// messages and flags map to the msghdr here too.

#pragma once

#include <sys/socket.h>

#include <cstddef>
#include <memory>
#include <vector>

#include "otpnet/inet/ancillary_data.hpp"
#include "otpnet/sock/msg.hpp"

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

/// socket:recvmsg's control messages: every message of `msg`, in the
/// kernel's order, named and decoded where otpnet knows it (IP_TOS,
/// IP_TTL, IPV6_TCLASS, IPV6_HOPLIMIT), else as `other` with its bytes.
void collect_cmsgs(msghdr& msg, std::vector<sock::cmsg>& out);

/// socket:sendmsg's control messages (checked with sock::check_send) into
/// msg.msg_control, which must hold sock::control_space(ctrl) bytes; sets
/// msg.msg_controllen.
void put_cmsgs(msghdr& msg, const std::vector<sock::cmsg>& ctrl);

/// The MSG_* bits of `flags`, for sendmsg(2) and recvmsg(2).
int native_msg_flags(const sock::msg_flags& flags);

/// The flags recvmsg reports (oob, ctrunc, trunc, eor, errqueue) from its
/// msg_flags, in the kernel's bit order.
sock::msg_flags reported_msg_flags(int native);

/// A cmsghdr-aligned buffer of n bytes: on the stack up to OTP's default
/// control buffer size, else on the heap.
class control_buffer {
public:
  explicit control_buffer(std::size_t n);

  void* data() noexcept {
    return ptr_;
  }

private:
  static constexpr std::size_t local_count
    = sock::default_control_buffer / sizeof(cmsghdr);
  cmsghdr local_[local_count];
  std::unique_ptr<cmsghdr[]> heap_;
  void* ptr_;
};

} // namespace otpnet::detail
