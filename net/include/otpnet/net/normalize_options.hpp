// Option normalisation, OTP's inet:connect_options/listen_options idea:
// user options are checked once, against an allow-list per operation,
// applied over defaults in list order (a later option overrides an earlier
// one), and the result is a validated socket_options record.
//
// Errors: every rejected option, for any reason, yields errc::einval, the
// spec's inet:posix() answer. (OTP's inet backend raises exit(badarg) for a
// bad gen_tcp:listen/connect option and returns {error, einval} only from
// setopts; the spec types listen/connect errors as inet:posix(), so otpnet
// answers einval everywhere.)
//
// Value rules (E = einval):
// - active N outside -32768..32767: E.
// - packet other than 0/1/2/4 or a packet_type: E.
// - packet_size outside 0..2^32-1 (Erlang's uint): E.
// - line_delimiter outside 0..255: E.
// - backlog, recbuf, sndbuf, buffer, high/low_watermark outside
//   0..INT32_MAX: E. buffer 0 is stored as 1 (inet_drv's minimum).
// - recbuf R also raises buffer to at least R (spec, option buffer).
// - high_msgq_watermark / low_msgq_watermark outside 1..INT32_MAX: E.
// - send_timeout outside 0..INT32_MAX ms: E; infinity stores nullopt.
// - linger seconds outside 0..INT32_MAX: E.
// - port outside 0..65535: E. tos, priority outside 0..INT32_MAX: E.
// - keepidle, keepintvl, keepcnt, read_packets outside 1..INT32_MAX: E.
// - user_timeout outside 0..INT32_MAX ms: E. tclass outside -1..255: E.
// - ttl other than -1 or 1..255: E (the kernel's IP_TTL range).
// - pktoptions anywhere but in getopts: E (the kernel's, read only).
// - bind_to_device longer than 15 bytes (IFNAMSIZ - 1) or holding a NUL: E.
// - raw: protocol or option_num outside a C int, or a value over INT32_MAX
//   bytes: E. Whether the kernel takes it is the kernel's to say (OTP 25
//   ignores a refused raw setopts; otpnet returns the kernel's error).
// - reuseport and reuseport_lb set the same field (one SO_REUSEPORT).
// - recvtclass (either value) on a socket whose family is inet: E.
// - watermark pairs follow inet_drv/erts: setting a high mark below the
//   current low mark lowers the low mark to it; setting a low mark above
//   the current high mark raises the high mark to it. Hence order matters:
//   [{low_watermark,10000}] gives high = low = 10000.
//
// Family: the last inet/inet6 atom wins; without one, the family of the
// last {ip,A}/{ifaddr,A} in the list is used (an IPv6 address implies
// inet6); without either, defaults.family. An ip whose family contradicts
// the resulting family (e.g. [inet6, {ip,{127,0,0,1}}]) is einval. OTP
// differs in two corners: its first family atom wins, and a mismatch
// raises badarg.
//
// Thread safety: pure functions.

#pragma once

#include <cstdint>
#include <vector>

#include <otpnet/inet/options.hpp>
#include <otpnet/net/result.hpp>
#include <otpnet/net/socket_options.hpp>

namespace otpnet::net {

/// The operations that take option lists, each with its own allow-list.
enum class option_operation : uint8_t {
  listen,  // every option
  connect, // every option but backlog
  setopts, // no creation-only option: ip, ifaddr, port, family, backlog,
           // ipv6_v6only (Linux refuses IPV6_V6ONLY once a socket is bound)
  getopts, // the setopts keys plus ipv6_v6only and pktoptions (Erlang's
           // getopts rejects ip, ifaddr, port, family and backlog)
};

/// Whether `name` is in the allow-list of `op`.
bool allowed(option_operation op, inet::option_name name) noexcept;

/// gen_tcp:listen/2 options over `defaults`.
result<socket_options>
normalize_listen_options(const std::vector<inet::option>& opts,
                         const socket_options& defaults = {});

/// gen_tcp:connect/3,4 options over `defaults`.
result<socket_options>
normalize_connect_options(const std::vector<inet::option>& opts,
                          const socket_options& defaults = {});

/// Whether `name` is an option of UDP sockets (OTP's udp_options()): the
/// generic and address options, buffers, the message-queue watermarks,
/// broadcast, dontroute, reuseport(_lb), tclass, ttl, read_packets,
/// bind_to_device, raw, recvtos/recvttl/recvtclass and the multicast ones
/// (add/drop_membership, multicast_if/loop/ttl), but no packet
/// framing or read_ahead (a datagram is read whole), no TCP option
/// (nodelay, nopush, user_timeout, keepalive and its counters, linger,
/// backlog, pktoptions: a datagram brings its own ancillary data) and no
/// send-queue flow control (high/low_watermark, send_timeout, delay_send).
/// Any other is einval on a UDP socket.
bool udp_allowed(inet::option_name name) noexcept;

/// Whether a socket of the local family (AF_UNIX) takes `name`: all but
/// the IP-level options (tos, ttl, tclass, recvtos, recvttl, recvtclass,
/// reuseport, reuseport_lb, ipv6_v6only, pktoptions and the multicast
/// ones), which are einval on it at creation and in setopts, as OTP 25
/// answers. The TCP-level ones (nodelay, nopush, keepcnt, keepidle,
/// keepintvl, user_timeout) are taken and have no effect, as OTP takes
/// nodelay; getopts leaves both groups out (get_option.hpp, left_out).
bool local_allowed(inet::option_name name) noexcept;

/// The TCP-level options: those local_allowed takes without effect.
bool tcp_level(inet::option_name name) noexcept;

/// Whether `name` is an option of TCP sockets: all but broadcast,
/// read_packets and the multicast ones (UDP's; OTP 25 accepts multicast
/// options on a TCP socket and ignores them). The TCP functions (listen,
/// connect, setopts)
/// refuse them with einval.
bool tcp_allowed(inet::option_name name) noexcept;

/// gen_udp:open/2 options over `defaults`.
result<socket_options>
normalize_udp_options(const std::vector<inet::option>& opts,
                      const socket_options& defaults = {});

/// The outcome of inet:setopts/2 on a live socket.
struct setopts_delta {
  /// The record after the call. Its `active` field is copied unchanged from
  /// `current`: the live active state belongs to the socket actor.
  socket_options next;

  /// Every {active, _} of the call, in the order given. The actor applies
  /// each to its live state in turn, because inet_drv does: {active, N}
  /// adds N to the counter, so [{active,2},{active,3}] adds 5, and
  /// true/false/once replace the mode. Empty if the call had none.
  std::vector<inet::active> active;

  /// Every {raw, ...} of the call, in the order given: the actor has the
  /// transport set each after the named options (`next.raw` keeps the
  /// open-time list).
  std::vector<inet::raw> raw;

  /// Every {add_membership, _} and {drop_membership, _} of the call, in
  /// the order given, applied by the transport after the named options and
  /// before the raw ones (`next.memberships` keeps the open-time list).
  std::vector<membership_change> memberships;
};

/// Checks getopts' {raw, Protocol, OptionNum, ValueSpec}: numbers that fit
/// a C int, a size in 0..inet::max_raw_size, an input no longer than that.
/// einval otherwise (the whole getopts fails, as in OTP).
errc check_raw_request(const inet::raw_request& req) noexcept;

/// inet:setopts/2: all or nothing; on error `current` stays in force.
result<setopts_delta> apply_setopts(const socket_options& current,
                                    const std::vector<inet::option>& opts);

/// inet:setopts/2 on a UDP socket: apply_setopts, limited to udp_allowed.
result<setopts_delta> apply_udp_setopts(const socket_options& current,
                                        const std::vector<inet::option>& opts);

} // namespace otpnet::net
