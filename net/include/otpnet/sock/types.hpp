// The value types of Erlang's `socket` module (otpnet::sock): domain(),
// type(), protocol(), the {Level, Name} socket options of the spec's option
// tables (003) and their values. Plain values; no OS constants here (the
// runtime maps them to the kernel's).
//
// Thread safety: plain value types; all functions are pure.

#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <otpnet/inet/ip_address.hpp>
#include <otpnet/net/errc.hpp>
#include <otpnet/net/result.hpp>

namespace otpnet::sock {

/// `local`: Unix domain sockets (AF_UNIX), addressed by a file or an
/// abstract name (inet::local_socket_address).
enum class domain : uint8_t { inet, inet6, local };
/// `seqpacket`: a connection (bind, listen, accept, connect, shutdown,
/// peername, as a stream) carrying records, as datagrams: one send is one
/// record, one recv takes one. otpnet has it for `local` only (AF_UNIX
/// SOCK_SEQPACKET); on inet and inet6 it is SCTP, which otpnet lacks.
enum class type : uint8_t { stream, dgram, seqpacket };
/// `ip` is "the default protocol of the type": open/3 without a protocol
/// picks tcp for stream and udp for dgram, as the kernel does, and a local
/// socket's protocol stays `ip` (socket:info/1 says so). `default_` (the
/// atom `default`, a C++ keyword) is what getopt of {socket, protocol}
/// answers for protocol number 0, a local socket's; open takes it as `ip`.
enum class protocol : uint8_t { ip, tcp, udp, default_ };

std::string_view to_string(domain x) noexcept;
std::string_view to_string(type x) noexcept;
std::string_view to_string(protocol x) noexcept;

/// The type named by Erlang's atom ("stream", "dgram", "seqpacket");
/// nullopt for any other text (raw and rdm, which otpnet has not, too).
std::optional<type> type_from_string(std::string_view text) noexcept;

/// Whether `t` keeps message boundaries (dgram, seqpacket): a send is one
/// record, a recv takes at most one and never reads into the next.
constexpr bool keeps_records(type t) noexcept {
  return t != type::stream;
}

/// The protocol open/3 uses: `p` itself, or the type's default for `ip`
/// (and `default_`); `ip` for a local socket. eprotonosupport for a
/// pairing the kernel refuses (dgram + tcp, stream + udp, local + tcp or
/// udp), as OTP 25's socket:open answers; esocktnosupport for seqpacket
/// on inet or inet6 (SCTP's type), whatever the protocol, as Linux
/// without SCTP answers socket(2).
net::result<protocol> resolve_protocol(domain d, type t, protocol p) noexcept;

/// linger(): #{onoff := boolean(), linger := non_neg_integer()} (seconds).
struct linger {
  bool onoff = false;
  int seconds = 0;
};

bool operator==(const linger& x, const linger& y) noexcept;

/// The atom `abort` of {socket, linger}: #{onoff => true, linger => 0}
/// (close resets the connection); getopt answers the map, as OTP's.
inline constexpr linger linger_abort{true, 0};

/// ip_mreq(): #{multiaddr := ip4_address(), interface := any |
/// ip4_address()} of {ip, add_membership | drop_membership}; `any` is
/// 0.0.0.0 (the kernel picks the interface).
struct ip_mreq {
  inet::ip_address multiaddr;
  inet::ip_address interface;
};

/// ipv6_mreq(): #{multiaddr := ip6_address(), interface := integer()} of
/// {ipv6, add_membership | drop_membership}: an interface index, 0 for
/// the kernel's choice.
struct ipv6_mreq {
  inet::ip_address multiaddr;
  int interface = 0;
};

bool operator==(const ip_mreq& x, const ip_mreq& y) noexcept;
bool operator==(const ipv6_mreq& x, const ipv6_mreq& y) noexcept;

/// {ip | ipv6, mtu_discover}: path MTU discovery, OTP's ip_pmtudisc() and
/// ipv6_pmtudisc(). `do` is a C++ keyword: `do_`, printed `do`.
enum class pmtudisc : uint8_t { want, dont, do_, probe };

std::string_view to_string(pmtudisc x) noexcept;

/// {otp, rcvbuf}'s tuple form {Count, Size} (spec 003: only for type
/// stream and protocol tcp; OTP 25 takes it anywhere): a recv(S, 0) reads
/// Size bytes at a time, up to Count times, and returns what it got once
/// a read comes back short or the Count reads are done. Both are 1 or
/// more, and Count * Size at most INT_MAX.
struct rcvbuf_reads {
  int count = 1;
  int size = 0;
};

bool operator==(const rcvbuf_reads& x, const rcvbuf_reads& y) noexcept;

/// ip_msfilter()'s mode: deliver only the sources listed, or every source
/// but those.
enum class msfilter_mode : uint8_t { include, exclude };

/// ip_msfilter(): #{multiaddr := ip4_address(), interface :=
/// ip4_address(), mode := include | exclude, slist := [ip4_address()]},
/// the source filter of {ip, msfilter} (set only) for a group the socket
/// has joined on that interface. How many sources the kernel takes is its
/// own limit (Linux: net.ipv4.igmp_max_msf, 10 by default; enobufs
/// beyond).
struct ip_msfilter {
  inet::ip_address multiaddr;
  inet::ip_address interface;
  msfilter_mode mode = msfilter_mode::include;
  std::vector<inet::ip_address> slist;
};

bool operator==(const ip_msfilter& x, const ip_msfilter& y) noexcept;

/// The atom `null`, {ip, msfilter}'s other value: OTP hands the kernel no
/// filter at all, which Linux refuses (einval).
struct null_t {
  explicit constexpr null_t() = default;
};

inline constexpr null_t null{};

inline bool operator==(null_t, null_t) noexcept {
  return true;
}

/// The atom `default` (a C++ keyword): setopt of {otp, rcvbuf},
/// {otp, rcvctrlbuf}, {otp, sndctrlbuf}, {ipv6, unicast_hops} and
/// {ipv6, multicast_hops} back to their defaults; getopt then answers the
/// number, as OTP's.
struct use_default_t {
  explicit constexpr use_default_t() = default;
};

inline constexpr use_default_t use_default{};

inline bool operator==(use_default_t, use_default_t) noexcept {
  return true;
}

/// The option levels of the spec's tables.
enum class level : uint8_t { otp, socket, ip, ipv6, tcp, udp };

std::string_view to_string(level x) noexcept;

/// Option names; an option is a {level, name} pair, and not every pair
/// exists (see known()).
enum class name : uint8_t {
  // level otp
  rcvbuf,     // also level socket
  rcvctrlbuf,
  sndctrlbuf,
  use_registry,
  // level socket
  acceptconn,
  broadcast,
  debug,
  domain,
  keepalive,
  linger,
  priority,
  protocol,
  rcvlowat,
  reuseaddr,
  reuseport,
  sndbuf,
  sndlowat,
  type,
  bindtodevice,
  // Where the next recv with `peek` starts (-1: off). The spec lists it
  // for local sockets and says OTP disables it (its peek loop could spin);
  // otpnet peeks with one read, and OTP 25 passes it to the kernel.
  peek_off,
  // level ip
  add_membership, // also level ipv6
  drop_membership, // also level ipv6
  multicast_if, // also level ipv6
  mtu_discover, // also level ipv6
  freebind,
  minttl,
  msfilter,
  mtu, // also level ipv6
  multicast_loop, // also level ipv6
  multicast_ttl,
  nodefrag,
  pktinfo,
  recverr, // also level ipv6
  recvopts,
  recvtos,
  recvttl,
  retopts,
  tos,
  transparent,
  ttl,
  // level ipv6
  multicast_hops,
  recvhoplimit,
  recvpktinfo,
  recvtclass,
  tclass,
  v6only,
  unicast_hops,
  // Linux names these, but (as for OTP 25) the kernel refuses a plain flag
  // for all but flowinfo: hoplimit and authhdr with enoprotoopt, the three
  // extension headers with einval; getopt reads them.
  flowinfo,
  hoplimit,
  authhdr,
  dstopts,
  hopopts,
  rthdr,
  // level tcp
  nodelay,
  cork,
  keepcnt,
  keepidle,
  keepintvl,
  maxseg,
};

struct option {
  sock::level level;
  sock::name name;
};

bool operator==(const option& x, const option& y) noexcept;

/// {Level, Name} as Erlang prints it: "{tcp,nodelay}".
std::string to_string(const option& x);

/// What an option holds. The alternative is fixed per option (see kind()).
/// The value types follow 003's tables: bindtodevice is a string, the
/// IPv4 multicast_if an address (any = 0.0.0.0), use_default only for
/// setopt (see use_default_t).
using value = std::variant<bool, int, sock::linger, sock::domain, sock::type,
                           sock::protocol, std::string, inet::ip_address,
                           sock::ip_mreq, sock::ipv6_mreq, sock::pmtudisc,
                           sock::use_default_t, sock::rcvbuf_reads,
                           sock::null_t, sock::ip_msfilter>;

/// A value as Erlang prints it: true, 8192, #{linger => 0,onoff => false},
/// inet, stream, tcp, "lo", {127,0,0,1},
/// #{interface => {0,0,0,0},multiaddr => {239,1,2,3}}, want, default,
/// {3,1000}, null, #{interface => {127,0,0,1},mode => include,
/// multiaddr => {239,1,2,3},slist => [{127,0,0,1}]}.
std::string to_string(const value& x);

/// How an option may be used: whether it exists at all, and whether setopt
/// and getopt accept it.
struct option_traits {
  bool known = false;
  bool settable = false;
  bool gettable = false;
  /// The index of the value alternative the option holds.
  size_t kind = 0;
};

option_traits traits(const option& x) noexcept;

/// Validates a setopt: einval for an unknown or read-only option, a value
/// of the wrong alternative (use_default only where OTP takes `default`),
/// an integer out of the option's range (buffers and counts are positive,
/// tos 0..255, hops -1..255...), a group, interface or source address
/// of the other family, or an interface name longer than 15 bytes or
/// holding a NUL.
errc check_set(const option& opt, const value& v) noexcept;

/// Validates a getopt: einval for an unknown or write-only option.
errc check_get(const option& opt) noexcept;

/// {otp, rcvctrlbuf} and {otp, sndctrlbuf}: OTP's default (1024 bytes)
/// and the most otpnet accepts (64 KiB: more than any control message
/// Linux sends; einval beyond).
inline constexpr size_t default_control_buffer = 1024;
inline constexpr size_t max_control_buffer = 65536;

} // namespace otpnet::sock
