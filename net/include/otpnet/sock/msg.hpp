// The message types of socket:sendmsg and socket:recvmsg: msg_send(),
// msg_recv(), their control messages (cmsg_send(), cmsg_recv()) and
// msg_flag(). Plain values; the runtime maps them to the kernel's msghdr.
//
// Thread safety: plain value types; all functions are pure.

#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <otpnet/inet/ip_address.hpp>
#include <otpnet/net/binary.hpp>
#include <otpnet/net/errc.hpp>
#include <otpnet/sock/types.hpp>

namespace otpnet::sock {

/// msg_flag(): the flags of a sendmsg or recvmsg call (passed to the
/// kernel as given, as OTP does) and the ones recvmsg reports (trunc,
/// ctrunc, eor, oob, errqueue).
enum class msg_flag : uint8_t {
  cmsg_cloexec,
  confirm,
  ctrunc,
  dontroute,
  eor,
  errqueue,
  more,
  oob,
  peek,
  trunc,
};

/// Erlang's [msg_flag()], in the order given (the kernel's bit order when
/// recvmsg reports them).
using msg_flags = std::vector<msg_flag>;

std::string_view to_string(msg_flag x) noexcept;

/// The control messages otpnet names. `other` is one the kernel sent that
/// has no name here (cmsg's native_level and native_type tell which).
enum class cmsg_type : uint8_t { tos, ttl, tclass, hoplimit, pktinfo, other };

std::string_view to_string(cmsg_type x) noexcept;

/// A pktinfo control message's value ({ip, pktinfo}, {ipv6,
/// recvpktinfo}): #{addr, ifindex, spec_dst} (spec_dst on IPv4 only).
struct pktinfo {
  inet::ip_address addr;
  unsigned ifindex = 0;
  std::optional<inet::ip_address> spec_dst;
};

bool operator==(const pktinfo& x, const pktinfo& y) noexcept;

/// cmsg_send() and cmsg_recv(): #{level, type, data, value}.
///
/// Sending: {ip, tos}, {ip, ttl}, {ipv6, tclass} or {ipv6, hoplimit} with
/// `value` (encoded as the kernel wants it), or with `data` sent as it is
/// when `value` is unset (OTP's binary data). Received: `data` as the
/// kernel sent it and `value` decoded (`info` for pktinfo; neither for
/// `other`).
struct cmsg {
  sock::level level = sock::level::ip;
  cmsg_type type = cmsg_type::tos;
  binary data;
  std::optional<int> value;
  std::optional<sock::pktinfo> info;
  int native_level = 0; // the kernel's numbers, for `other`
  int native_type = 0;

  cmsg() = default;

  cmsg(sock::level l, cmsg_type t, int v) : level(l), type(t), value(v) {
    // nop
  }

  cmsg(sock::level l, cmsg_type t, binary bytes)
    : level(l), type(t), data(std::move(bytes)) {
    // nop
  }
};

bool operator==(const cmsg& x, const cmsg& y) noexcept;

/// Erlang's printing: #{data => <<16>>,level => ip,type => tos,value =>
/// 16}; a pktinfo's value is #{addr => {127,0,0,1},ifindex => 1,spec_dst
/// => {127,0,0,1}}; an `other` prints its native numbers as level and
/// type.
std::string to_string(const cmsg& x);

/// einval unless `x` is a control message sendmsg can send: one of the
/// four named pairs above, with a value in its range (tos and tclass
/// 0..255, ttl 1..255, hoplimit 0..255) or, without one, non-empty data.
errc check_send(const cmsg& x) noexcept;

/// The bytes a list of control messages takes in a msghdr: what
/// {otp, sndctrlbuf} bounds. Each message's data is an int for a value.
size_t control_space(const std::vector<cmsg>& ctrl) noexcept;

/// msg_send(): `addr` for an unconnected dgram socket (a stream socket
/// ignores it, as the kernel does), the bytes in `iov`, and control
/// messages.
struct msg_send {
  std::optional<inet::socket_address> addr;
  std::vector<binary> iov;
  std::vector<cmsg> ctrl;
};

/// msg_recv(): `addr` on a dgram socket, the bytes (`iov` holds one
/// binary, as OTP's), the control messages and the kernel's flags.
struct msg_recv {
  std::optional<inet::socket_address> addr;
  std::vector<binary> iov;
  std::vector<cmsg> ctrl;
  msg_flags flags;
};

/// The bytes of `iov` together.
size_t iov_size(const std::vector<binary>& iov) noexcept;

/// What is left of `iov` after its first `n` bytes: slices, no copy.
std::vector<binary> iov_drop(const std::vector<binary>& iov, size_t n);

/// The bytes of `iov` in one binary: the single element itself (shared),
/// else one copy.
binary iov_join(const std::vector<binary>& iov);

/// #{addr => ...,ctrl => [...],flags => [...],iov => [<<...>>]} as the
/// shell prints it (the keys in Erlang's order; addr only when set).
std::string to_string(const msg_recv& x);

} // namespace otpnet::sock
