// The normalised option record of one socket: every option validated and
// stored in its natural type, with the spec's defaults. Built only by the
// functions of normalize_options.hpp; the socket actor and the runtime read
// it and never parse user input themselves.
//
// Thread safety: a plain value type.

#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <otpnet/inet/ip_address.hpp>
#include <otpnet/inet/options.hpp>
#include <otpnet/net/packet_type.hpp>

namespace otpnet::net {

/// One multicast group action of an option list.
using membership_change
  = std::variant<inet::add_membership, inet::drop_membership>;

/// The group a change joins or leaves.
inline const inet::membership& group_of(const membership_change& x) {
  return std::visit(
    [](const auto& change) -> const inet::membership& { return change.value; },
    x);
}

struct socket_options {
  /// {active, true} by default, as in Erlang (where it cannot be changed).
  /// Kept as given; N lies in -32768..32767. See setopts_delta for setopts.
  inet::active active{true};

  packet_type packet = packet_type::raw;

  /// Max packet body in bytes; 0 = unlimited (Erlang's default).
  uint32_t packet_size = 0;

  /// {header, Size}: read back only (see inet::header).
  uint32_t header = 0;

  uint8_t line_delimiter = '\n';

  /// otpnet deviates from Erlang here: the default is binary, not list,
  /// because C++ users want bytes (otpnet::binary), not a list of chars.
  inet::mode_kind mode = inet::mode_kind::binary;

  bool nodelay = false;
  bool keepalive = false;
  bool reuseaddr = false;

  /// Listen sockets only; gen_tcp's documented default.
  int32_t backlog = 5;

  /// Kernel buffers (SO_RCVBUF / SO_SNDBUF); nullopt = leave the OS default.
  std::optional<uint32_t> recbuf;
  std::optional<uint32_t> sndbuf;

  /// Bytes read from the OS per read. 64 KiB instead of inet_drv's 1460 so a
  /// loopback stream is not cut into tiny messages; setting recbuf raises
  /// it to at least recbuf, as the spec describes. Never 0.
  uint32_t buffer = 65536;

  bool exit_on_close = true;

  /// Two busy/not-busy hysteresis pairs, 8 kB / 4 kB by default.
  /// Invariant: low <= high (normalisation keeps it, see there).
  uint32_t high_watermark = 8192;
  uint32_t low_watermark = 4096;
  uint32_t high_msgq_watermark = 8192;
  uint32_t low_msgq_watermark = 4096;

  /// nullopt = infinity (the default).
  std::optional<std::chrono::milliseconds> send_timeout;

  bool send_timeout_close = false;
  bool delay_send = false;

  /// {false, 0} by default; seconds in 0..INT32_MAX.
  inet::linger linger{false, 0};

  bool show_econnreset = false;

  /// Local address to bind ({ip, A} / {ifaddr, A}); nullopt = any address
  /// of `family`.
  std::optional<inet::ip_address> ip;

  /// {ifaddr, {local, File}}: the file a local-family socket binds
  /// (family is then local); nullopt = none (a connecting local socket
  /// stays unnamed).
  std::optional<inet::local_address> local_address;

  /// Local port to bind; 0 = OS-chosen.
  uint16_t port = 0;

  inet::family_kind family = inet::family_kind::inet;

  /// nullopt = leave the OS default. Only applied to inet6 sockets.
  std::optional<bool> ipv6_v6only;

  /// IP_TOS / SO_PRIORITY; nullopt = leave the OS default.
  std::optional<int32_t> tos;
  std::optional<int32_t> priority;

  /// SO_BROADCAST (UDP), SO_DONTROUTE, SO_REUSEPORT; off by default.
  /// reuseport_lb is Linux's same SO_REUSEPORT: both options set this one
  /// field, so each reads back what the other set, as the kernel does.
  bool broadcast = false;
  bool dontroute = false;
  bool reuseport = false;

  /// TCP_KEEPIDLE / TCP_KEEPINTVL / TCP_KEEPCNT; nullopt = the OS default.
  std::optional<int32_t> keepidle;
  std::optional<int32_t> keepintvl;
  std::optional<int32_t> keepcnt;

  /// TCP_CORK (TCP); off by default.
  bool nopush = false;

  /// TCP_USER_TIMEOUT in ms (TCP); nullopt = the OS default.
  std::optional<int32_t> user_timeout;

  /// IPV6_TCLASS, -1..255 (-1: the kernel's default); nullopt = not set.
  std::optional<int32_t> tclass;

  /// IP_TTL, -1..255 (-1: the kernel's default); nullopt = not set.
  std::optional<int32_t> ttl;

  /// UDP: datagrams read per readiness notification (OTP's default 5).
  uint32_t read_packets = 5;

  /// TCP: false reads no byte past the packet being framed.
  bool read_ahead = true;

  /// SO_BINDTODEVICE; empty = no device.
  std::string bind_to_device;

  /// {netns, Namespace}: where the socket is created; nullopt = the
  /// process's own namespace. An accepted socket has its listen socket's.
  std::optional<std::string> netns;

  /// The {raw, ...} options given when the socket was opened, in list
  /// order, set once after the named ones. Raw options of a setopts call
  /// travel in setopts_delta::raw instead: the kernel keeps their values,
  /// and otpnet cannot read back what a raw option changed.
  std::vector<inet::raw> raw;

  /// UDP multicast: IP_MULTICAST_IF / IPV6_MULTICAST_IF, the _LOOP and
  /// IP_MULTICAST_TTL / IPV6_MULTICAST_HOPS (-1..255); nullopt = not set.
  /// Checked against `family` (an IPv6 socket's interface is an index).
  std::optional<inet::multicast_if> multicast_if;
  std::optional<bool> multicast_loop;
  std::optional<int32_t> multicast_ttl;

  /// The {add_membership, _} / {drop_membership, _} given when the socket
  /// was opened, in list order, applied once after the named options (and
  /// before the raw ones); a setopts call's travel in
  /// setopts_delta::memberships. The kernel keeps the groups.
  std::vector<membership_change> memberships;

  /// IP_RECVTOS, IP_RECVTTL, IPV6_RECVTCLASS; off by default. While any is
  /// on, a UDP socket delivers each datagram with its ancillary data.
  bool recvtos = false;
  bool recvttl = false;
  bool recvtclass = false;

  /// Whether a UDP socket delivers ancillary data (OTP's 6-tuple form).
  bool wants_ancillary() const noexcept {
    return recvtos || recvttl || recvtclass;
  }
};

bool operator==(const socket_options& x, const socket_options& y) noexcept;
bool operator!=(const socket_options& x, const socket_options& y) noexcept;

} // namespace otpnet::net
