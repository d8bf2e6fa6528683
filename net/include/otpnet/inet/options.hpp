// The socket options of inet:setopts/2 and gen_tcp:listen/connect, one
// struct per Erlang option with the spec's exact spelling, so user code
// reads like the Erlang original:
//
//   std::vector<inet::option> opts{inet::active(inet::once), inet::packet(2),
//                                  inet::binary, inet::nodelay(true),
//                                  inet::send_timeout(inet::infinity)};
//
// These are the raw, unvalidated user values: integers are int64_t so that
// out-of-range input (say {active, 40000} or {port, -1}) is representable
// and rejected by net::normalize_*_options with einval, never truncated.
// Every struct is default-constructible (Erlang's default value), copyable
// and comparable.
//
// Naming note: inet::binary and inet::list (the `binary`/`list` shorthands
// for {mode, _}) hide otpnet::binary inside namespace otpnet::inet; write
// otpnet::binary there. inet::inet and inet::inet6 are the family atoms.
//
// Thread safety: plain value types; all functions are pure.

#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

#include <otpnet/inet/ancillary_data.hpp>
#include <otpnet/inet/ip_address.hpp>
#include <otpnet/net/packet_type.hpp>

namespace otpnet::inet {

namespace detail {

// Shared shape of the one-value options: explicit construction from the
// value (so both `nodelay{true}` and `nodelay(true)` work), and equality.
template <class Derived, class T>
struct value_option {
  T value{};

  constexpr value_option() noexcept = default;

  constexpr explicit value_option(T x) noexcept : value(x) {
    // nop
  }

  friend constexpr bool operator==(const Derived& x, const Derived& y) {
    return x.value == y.value;
  }

  friend constexpr bool operator!=(const Derived& x, const Derived& y) {
    return !(x == y);
  }
};

template <class Int>
constexpr int64_t saturate(Int n) noexcept {
  // A huge unsigned value must stay out of range rather than wrap negative.
  if constexpr (std::is_unsigned_v<Int> && sizeof(Int) >= sizeof(int64_t)) {
    if (n > static_cast<Int>(std::numeric_limits<int64_t>::max()))
      return std::numeric_limits<int64_t>::max();
  }
  return static_cast<int64_t>(n);
}

template <class Int>
using if_integer = std::enable_if_t<std::is_integral_v<Int>
                                    && !std::is_same_v<Int, bool>>;

} // namespace detail

// -- tags ---------------------------------------------------------------------

struct once_t {
  explicit constexpr once_t() = default;
};

/// The atom `once` of {active, once}.
inline constexpr once_t once{};

struct infinity_t {
  explicit constexpr infinity_t() = default;
};

/// The atom `infinity` of {send_timeout, infinity}.
inline constexpr infinity_t infinity{};

// -- {active, true | false | once | N} ----------------------------------------

enum class active_kind : uint8_t {
  passive, // false
  always,  // true
  once,    // once
  n,       // N: added to the socket's message counter
};

struct active {
  active_kind kind = active_kind::always;
  int64_t n = 0; // only meaningful for active_kind::n

  /// {active, true}, Erlang's default.
  constexpr active() noexcept = default;

  constexpr active(bool on) noexcept
    : kind(on ? active_kind::always : active_kind::passive) {
    // nop
  }

  constexpr active(once_t) noexcept : kind(active_kind::once) {
    // nop
  }

  /// {active, N}; valid N is -32768..32767, checked at normalisation.
  template <class Int, class = detail::if_integer<Int>>
  constexpr active(Int count) noexcept
    : kind(active_kind::n), n(detail::saturate(count)) {
    // nop
  }
};

constexpr bool operator==(const active& x, const active& y) noexcept {
  return x.kind == y.kind && (x.kind != active_kind::n || x.n == y.n);
}

constexpr bool operator!=(const active& x, const active& y) noexcept {
  return !(x == y);
}

// -- {packet, PacketType} -----------------------------------------------------

struct packet {
  net::packet_type type = net::packet_type::raw;
  bool valid = true;
  int64_t invalid_value = 0; // the rejected integer, for rendering only

  constexpr packet() noexcept = default;

  constexpr packet(net::packet_type t) noexcept : type(t) {
    // nop
  }

  /// 0 -> raw, 1/2/4 -> p1/p2/p4; any other integer is stored as invalid
  /// and rejected with einval at normalisation.
  template <class Int, class = detail::if_integer<Int>>
  constexpr packet(Int n) noexcept {
    switch (detail::saturate(n)) {
      case 0:
        type = net::packet_type::raw;
        break;
      case 1:
        type = net::packet_type::p1;
        break;
      case 2:
        type = net::packet_type::p2;
        break;
      case 4:
        type = net::packet_type::p4;
        break;
      default:
        valid = false;
        invalid_value = detail::saturate(n);
    }
  }
};

constexpr bool operator==(const packet& x, const packet& y) noexcept {
  return x.valid == y.valid
         && (x.valid ? x.type == y.type : x.invalid_value == y.invalid_value);
}

constexpr bool operator!=(const packet& x, const packet& y) noexcept {
  return !(x == y);
}

// -- {mode, binary | list}, and the bare atoms binary / list ------------------

enum class mode_kind : uint8_t { binary, list };

struct mode : detail::value_option<mode, mode_kind> {
  using value_option::value_option;
};

inline constexpr mode binary{mode_kind::binary};
inline constexpr mode list{mode_kind::list};

// -- the address family: the bare atoms inet / inet6 / local ------------------

/// `local` is AF_UNIX (gen_tcp over Unix domain sockets; local_address.hpp).
enum class family_kind : uint8_t { inet, inet6, local };

struct family : detail::value_option<family, family_kind> {
  using value_option::value_option;
};

inline constexpr family inet{family_kind::inet};
inline constexpr family inet6{family_kind::inet6};
inline constexpr family local{family_kind::local};

// -- one-value options --------------------------------------------------------

/// {packet_size, Integer}: max packet body; 0 = unlimited.
struct packet_size : detail::value_option<packet_size, int64_t> {
  using value_option::value_option;
};

/// {line_delimiter, Char}: 0..255.
struct line_delimiter : detail::value_option<line_delimiter, int64_t> {
  using value_option::value_option;
};

struct nodelay : detail::value_option<nodelay, bool> {
  using value_option::value_option;
};

struct keepalive : detail::value_option<keepalive, bool> {
  using value_option::value_option;
};

struct reuseaddr : detail::value_option<reuseaddr, bool> {
  using value_option::value_option;
};

/// {backlog, B}: listen only.
struct backlog : detail::value_option<backlog, int64_t> {
  using value_option::value_option;
};

struct recbuf : detail::value_option<recbuf, int64_t> {
  using value_option::value_option;
};

struct sndbuf : detail::value_option<sndbuf, int64_t> {
  using value_option::value_option;
};

/// {buffer, Size}: the user-level receive buffer (bytes read at a time).
struct buffer : detail::value_option<buffer, int64_t> {
  using value_option::value_option;
};

struct exit_on_close : detail::value_option<exit_on_close, bool> {
  using value_option::value_option;
};

struct high_watermark : detail::value_option<high_watermark, int64_t> {
  using value_option::value_option;
};

struct low_watermark : detail::value_option<low_watermark, int64_t> {
  using value_option::value_option;
};

struct high_msgq_watermark
  : detail::value_option<high_msgq_watermark, int64_t> {
  using value_option::value_option;
};

struct low_msgq_watermark : detail::value_option<low_msgq_watermark, int64_t> {
  using value_option::value_option;
};

struct send_timeout_close : detail::value_option<send_timeout_close, bool> {
  using value_option::value_option;
};

struct delay_send : detail::value_option<delay_send, bool> {
  using value_option::value_option;
};

struct show_econnreset : detail::value_option<show_econnreset, bool> {
  using value_option::value_option;
};

/// {ip, Address}: the local address to bind (creation only).
struct ip : detail::value_option<ip, ip_address> {
  using value_option::value_option;
};

/// {ifaddr, Address}: same as {ip, Address}, or {ifaddr, {local, File}}:
/// the file a socket of the local family binds (which implies `local`).
struct ifaddr {
  std::variant<ip_address, local_address> value;

  ifaddr() = default;

  explicit ifaddr(ip_address x) : value(x) {
    // nop
  }

  explicit ifaddr(local_address x) : value(std::move(x)) {
    // nop
  }

  friend bool operator==(const ifaddr& x, const ifaddr& y) {
    return x.value == y.value;
  }

  friend bool operator!=(const ifaddr& x, const ifaddr& y) {
    return !(x == y);
  }
};

/// {port, Port}: the local port to bind (creation only). Beware: it shares
/// its name with inet:port/1, see the README of the actors layer.
struct port : detail::value_option<port, int64_t> {
  using value_option::value_option;
};

/// {ipv6_v6only, Boolean}: creation only (the OS refuses it once bound).
struct ipv6_v6only : detail::value_option<ipv6_v6only, bool> {
  using value_option::value_option;
};

struct tos : detail::value_option<tos, int64_t> {
  using value_option::value_option;
};

struct priority : detail::value_option<priority, int64_t> {
  using value_option::value_option;
};

// -- {send_timeout, Integer | infinity} ---------------------------------------

struct send_timeout {
  std::optional<int64_t> ms; // nullopt = infinity, Erlang's default

  constexpr send_timeout() noexcept = default;

  constexpr send_timeout(infinity_t) noexcept {
    // nop
  }

  template <class Int, class = detail::if_integer<Int>>
  constexpr send_timeout(Int milliseconds) noexcept
    : ms(detail::saturate(milliseconds)) {
    // nop
  }
};

constexpr bool operator==(const send_timeout& x, const send_timeout& y) {
  return x.ms == y.ms;
}

constexpr bool operator!=(const send_timeout& x, const send_timeout& y) {
  return !(x == y);
}

// -- kernel switches and counters (spec: inet:setopts/2) ---------------------

/// {broadcast, Boolean} (UDP sockets): SO_BROADCAST, may send to a
/// broadcast address.
struct broadcast : detail::value_option<broadcast, bool> {
  using value_option::value_option;
};

/// {dontroute, Boolean}: SO_DONTROUTE, bypass routing for outgoing
/// messages.
struct dontroute : detail::value_option<dontroute, bool> {
  using value_option::value_option;
};

/// {reuseport, Boolean}: SO_REUSEPORT, several sockets may bind the same
/// address and port (the kernel balances connections or datagrams).
struct reuseport : detail::value_option<reuseport, bool> {
  using value_option::value_option;
};

/// {keepidle, Integer} (TCP): TCP_KEEPIDLE, idle seconds before the first
/// keepalive probe.
struct keepidle : detail::value_option<keepidle, int64_t> {
  using value_option::value_option;
};

/// {keepintvl, Integer} (TCP): TCP_KEEPINTVL, seconds between probes.
struct keepintvl : detail::value_option<keepintvl, int64_t> {
  using value_option::value_option;
};

/// {keepcnt, Integer} (TCP): TCP_KEEPCNT, probes before the connection is
/// dropped.
struct keepcnt : detail::value_option<keepcnt, int64_t> {
  using value_option::value_option;
};

/// {nopush, Boolean} (TCP): TCP_CORK on Linux, hold partial segments
/// until a full MSS is queued or the option is turned off.
struct nopush : detail::value_option<nopush, bool> {
  using value_option::value_option;
};

/// {user_timeout, Integer} (TCP): TCP_USER_TIMEOUT, milliseconds that sent
/// data may stay unacknowledged before the connection is dropped; 0 = the
/// system's default.
struct user_timeout : detail::value_option<user_timeout, int64_t> {
  using value_option::value_option;
};

/// {tclass, Integer}: IPV6_TCLASS of an IPv6 socket, 0..255, or -1 for
/// the kernel's default. An IPv4 socket refuses it (einval), as OTP's does.
struct tclass : detail::value_option<tclass, int64_t> {
  using value_option::value_option;
};

/// {reuseport_lb, Boolean}: reuse of the local port with load balancing.
/// On Linux the same kernel option as reuseport (SO_REUSEPORT), so setting
/// either sets both.
struct reuseport_lb : detail::value_option<reuseport_lb, bool> {
  using value_option::value_option;
};

/// {read_packets, Integer} (UDP): datagrams read per readiness
/// notification before the socket waits again; 5 by default.
struct read_packets : detail::value_option<read_packets, int64_t> {
  using value_option::value_option;
};

/// {read_ahead, Boolean} (TCP): false reads from the kernel only the bytes
/// of the packet being framed (the rest of a fixed header, then exactly
/// its body; a byte at a time where the length is found by scanning: line,
/// http, asn1's header), so that what follows stays in the kernel, e.g.
/// for a switch to kTLS with raw options. true (the default) reads up to
/// `buffer` bytes at a time.
struct read_ahead : detail::value_option<read_ahead, bool> {
  using value_option::value_option;
};

/// {bind_to_device, Ifname}: SO_BINDTODEVICE, only traffic of that
/// interface (an empty name unbinds). Ifname is Erlang's binary: raw
/// bytes, at most 15 (IFNAMSIZ - 1), no NUL.
struct bind_to_device {
  std::string value;

  bind_to_device() = default;

  explicit bind_to_device(std::string ifname) : value(std::move(ifname)) {
    // nop
  }
};

inline bool operator==(const bind_to_device& x, const bind_to_device& y) {
  return x.value == y.value;
}

inline bool operator!=(const bind_to_device& x, const bind_to_device& y) {
  return !(x == y);
}

/// {exclusiveaddruse, Boolean}: Windows' SO_EXCLUSIVEADDRUSE (no other
/// socket may bind the address). The spec: "On non-Windows systems this
/// option is silently ignored": taken wherever an option is (listen,
/// connect, gen_udp::open, setopts) without effect; getopts answers false,
/// since nothing makes an address exclusive on Linux. (OTP 25, before the
/// option, answers badarg and einval.)
struct exclusiveaddruse : detail::value_option<exclusiveaddruse, bool> {
  using value_option::value_option;
};

/// {header, Size}: in Erlang, binary data then arrives as the list
/// [Byte1, ..., ByteSize | Rest]. A C++ payload is one byte string either
/// way (as in `list` mode), so the option changes no byte of it: taken
/// (0..4294967295; OTP 25 wraps larger sizes modulo 2^32) and read back.
struct header : detail::value_option<header, int64_t> {
  using value_option::value_option;
};

/// {deliver, port | term}: the shape of Erlang's data message, `term`
/// ({tcp, S, Data}, the default) or `port` ({S, {data, Data}}, a bare
/// port's). otpnet delivers data in one shape (tcp_msg, udp_msg of
/// <otpnet/messages.hpp>), so `term` is taken and `port` is einval.
enum class deliver_kind : uint8_t { term, port };

struct deliver : detail::value_option<deliver, deliver_kind> {
  using value_option::value_option;
};

/// {netns, Namespace}: the network namespace the socket is created in, a
/// file such as "/var/run/netns/example" (from `ip netns add example`) or
/// "/proc/PID/ns/net"; Linux's setns(2) around socket(2), which needs
/// CAP_SYS_ADMIN. Only where a socket is created (listen, connect,
/// gen_udp::open; and getifaddrs); getopts answers the one given.
struct netns {
  std::string value;

  netns() = default;

  explicit netns(std::string path) : value(std::move(path)) {
    // nop
  }
};

inline bool operator==(const netns& x, const netns& y) {
  return x.value == y.value;
}

inline bool operator!=(const netns& x, const netns& y) {
  return !(x == y);
}

// -- {raw, Protocol, OptionNum, ValueBin} ------------------------------------

/// {raw, Protocol, OptionNum, ValueBin}: a setsockopt(2) that otpnet does
/// not name, passed to the kernel as given: `protocol` is the level
/// (IPPROTO_TCP = 6, SOL_SOCKET = 1 on Linux), `value` the option's bytes in
/// native order. Both numbers must fit a C int (einval otherwise). Raw
/// options do not replace each other: each is its own setsockopt call, in
/// list order, after the named options of the same list. getopts answers a
/// raw_request with this struct holding the bytes the kernel returned.
struct raw {
  int64_t protocol = 0;
  int64_t option_num = 0;
  std::string value;

  raw() = default;

  raw(int64_t level, int64_t num, std::string bytes)
    : protocol(level), option_num(num), value(std::move(bytes)) {
    // nop
  }
};

inline bool operator==(const raw& x, const raw& y) {
  return x.protocol == y.protocol && x.option_num == y.option_num
         && x.value == y.value;
}

inline bool operator!=(const raw& x, const raw& y) {
  return !(x == y);
}

/// getopts' {raw, Protocol, OptionNum, ValueSpec}: a getsockopt(2) into a
/// buffer of `size` bytes, or into a copy of `input` for the options whose
/// getsockopt reads its buffer first. A size outside 0..max_raw_size, or a
/// longer input, makes the whole getopts einval (as in OTP); an option the
/// kernel refuses is left out of the answer (as the spec says).
struct raw_request {
  int64_t protocol = 0;
  int64_t option_num = 0;
  int64_t size = 0;
  std::optional<std::string> input;

  raw_request() = default;

  raw_request(int64_t level, int64_t num, int64_t buffer_size)
    : protocol(level), option_num(num), size(buffer_size) {
    // nop
  }

  raw_request(int64_t level, int64_t num, std::string input_bytes)
    : protocol(level),
      option_num(num),
      size(static_cast<int64_t>(input_bytes.size())),
      input(std::move(input_bytes)) {
    // nop
  }
};

/// The largest raw getopts buffer: OTP's control buffer holds a little
/// under 64 KiB (65522 bytes in OTP 25); otpnet takes up to 65535.
inline constexpr int64_t max_raw_size = 65535;

inline bool operator==(const raw_request& x, const raw_request& y) {
  return x.protocol == y.protocol && x.option_num == y.option_num
         && x.size == y.size && x.input == y.input;
}

inline bool operator!=(const raw_request& x, const raw_request& y) {
  return !(x == y);
}

/// {recvtos, Boolean} (UDP; TCP accepts and keeps it): IP_RECVTOS, each
/// datagram comes with the TOS byte of its IPv4 header as {tos, TOS}.
struct recvtos : detail::value_option<recvtos, bool> {
  using value_option::value_option;
};

/// {recvttl, Boolean}: IP_RECVTTL, as recvtos for the IPv4 TTL ({ttl, TTL}).
struct recvttl : detail::value_option<recvttl, bool> {
  using value_option::value_option;
};

/// {recvtclass, Boolean}: IPV6_RECVTCLASS, as recvtos for the IPv6 traffic
/// class ({tclass, TCLASS}). IPv6 sockets only: einval on IPv4, as OTP 25.
struct recvtclass : detail::value_option<recvtclass, bool> {
  using value_option::value_option;
};

/// {ttl, Integer}: IP_TTL, the time to live of the IPv4 packets the socket
/// sends (an IPv6 socket's IPv4 traffic too, as Linux applies it). 1..255,
/// or -1 for the kernel's default; getopts reads the kernel's value.
/// Accepted sockets inherit a listen socket's.
struct ttl : detail::value_option<ttl, int64_t> {
  using value_option::value_option;
};

/// pktoptions (getopts only, TCP): the ancillary data the kernel keeps for
/// the socket while recvtos, recvttl or recvtclass is on, the only way a
/// stream socket reads them (spec, ancillary_data()). Linux answers IPv4's
/// from the connection's SYN (its TTL and TOS) and IPv6's from the last
/// packet received; [] while none is on. setopts refuses it (einval).
struct pktoptions {
  ancillary_data value;

  pktoptions() = default;

  explicit pktoptions(ancillary_data data) : value(data) {
    // nop
  }
};

inline bool operator==(const pktoptions& x, const pktoptions& y) noexcept {
  return x.value == y.value;
}

inline bool operator!=(const pktoptions& x, const pktoptions& y) noexcept {
  return !(x == y);
}

// -- multicast (gen_udp) ------------------------------------------------------

/// A multicast group membership, as gen_udp's membership():
/// {MultiAddress, InterfaceAddress} or {MultiAddress, InterfaceAddress,
/// IfIndex} for an IPv4 group (any = 0.0.0.0 lets the kernel choose the
/// interface), {MultiAddress, IfIndex} for an IPv6 group (0: the kernel's
/// choice). The group's family must be the socket's (einval otherwise).
struct membership {
  ip_address multiaddr;
  std::optional<ip_address> interface; // the IPv4 forms only
  std::optional<int64_t> ifindex;      // the IPv6 form, IPv4's 3-tuple

  membership() = default;

  membership(ip_address group, ip_address iface)
    : multiaddr(group), interface(iface) {
    // nop
  }

  template <class Int, class = detail::if_integer<Int>>
  membership(ip_address group, ip_address iface, Int index)
    : multiaddr(group), interface(iface), ifindex(detail::saturate(index)) {
    // nop
  }

  template <class Int, class = detail::if_integer<Int>>
  membership(ip_address group, Int index)
    : multiaddr(group), ifindex(detail::saturate(index)) {
    // nop
  }
};

inline bool operator==(const membership& x, const membership& y) {
  return x.multiaddr == y.multiaddr && x.interface == y.interface
         && x.ifindex == y.ifindex;
}

inline bool operator!=(const membership& x, const membership& y) {
  return !(x == y);
}

/// {add_membership, Membership} (UDP, open and setopts; getopts einval):
/// joins a multicast group (IP_ADD_MEMBERSHIP / IPV6_ADD_MEMBERSHIP). Like
/// raw options these are actions, applied in list order after the named
/// options. The kernel's answer is the result: joining a group twice is
/// eaddrinuse, a non-multicast group einval, an unknown interface
/// eaddrnotavail or enodev (OTP 25's inet_drv answers ok to all of them).
struct add_membership {
  membership value;

  add_membership() = default;

  explicit add_membership(membership m) : value(std::move(m)) {
    // nop
  }
};

/// {drop_membership, Membership}: leaves a group; eaddrnotavail when the
/// socket is not a member.
struct drop_membership {
  membership value;

  drop_membership() = default;

  explicit drop_membership(membership m) : value(std::move(m)) {
    // nop
  }
};

inline bool operator==(const add_membership& x, const add_membership& y) {
  return x.value == y.value;
}

inline bool operator!=(const add_membership& x, const add_membership& y) {
  return !(x == y);
}

inline bool operator==(const drop_membership& x, const drop_membership& y) {
  return x.value == y.value;
}

inline bool operator!=(const drop_membership& x, const drop_membership& y) {
  return !(x == y);
}

/// {multicast_if, Interface} (UDP): the interface multicast datagrams
/// leave by. An IPv4 socket takes the interface's address (0.0.0.0: the
/// kernel's choice) or an interface index; an IPv6 socket takes an
/// interface index only (gen_udp's ip6_multicast_if()). getopts reads the
/// kernel: an address on IPv4 (0.0.0.0 after an index was set), the index
/// on IPv6.
struct multicast_if {
  std::variant<ip_address, int64_t> value;

  multicast_if() = default;

  // Explicit: an implicit one would make every ip_address convert to
  // inet::option, and inet::to_string(option) then print addresses
  // (CAF finds it by argument-dependent lookup).
  explicit multicast_if(ip_address addr) : value(addr) {
    // nop
  }

  template <class Int, class = detail::if_integer<Int>>
  explicit multicast_if(Int index) : value(detail::saturate(index)) {
    // nop
  }
};

inline bool operator==(const multicast_if& x, const multicast_if& y) {
  return x.value == y.value;
}

inline bool operator!=(const multicast_if& x, const multicast_if& y) {
  return !(x == y);
}

/// {multicast_loop, Boolean} (UDP): whether the host's own sockets get
/// the multicast datagrams this socket sends (IP_MULTICAST_LOOP, or
/// IPV6_MULTICAST_LOOP on IPv6); the kernel's default is true.
struct multicast_loop : detail::value_option<multicast_loop, bool> {
  using value_option::value_option;
};

/// {multicast_ttl, Integer} (UDP): the TTL of multicast datagrams sent
/// (IP_MULTICAST_TTL, or IPV6_MULTICAST_HOPS on IPv6), 0..255, or -1 for
/// the kernel's default (1); getopts reads the kernel's value.
struct multicast_ttl : detail::value_option<multicast_ttl, int64_t> {
  using value_option::value_option;
};

// -- {linger, {true | false, Seconds}} ----------------------------------------

/// {true, T > 0}: close/1 waits for queued data (at most T seconds).
/// {true, 0}: every close of the socket is abortive (RST, queued data
/// discarded): close/1, the owner's death, exit_on_close, as with the
/// SO_LINGER the OS applies.
struct linger {
  bool on = false;
  int64_t seconds = 0;

  constexpr linger() noexcept = default;

  constexpr linger(bool enabled, int64_t secs) noexcept
    : on(enabled), seconds(secs) {
    // nop
  }
};

constexpr bool operator==(const linger& x, const linger& y) noexcept {
  return x.on == y.on && x.seconds == y.seconds;
}

constexpr bool operator!=(const linger& x, const linger& y) noexcept {
  return !(x == y);
}

// -- the sum type -------------------------------------------------------------

/// Any one option. The alternatives are in option_name order.
using option
  = std::variant<active, packet, packet_size, line_delimiter, mode, nodelay,
                 keepalive, reuseaddr, backlog, recbuf, sndbuf, buffer,
                 exit_on_close, high_watermark, low_watermark,
                 high_msgq_watermark, low_msgq_watermark, send_timeout,
                 send_timeout_close, delay_send, linger, show_econnreset, ip,
                 ifaddr, port, family, ipv6_v6only, tos, priority, broadcast,
                 dontroute, reuseport, keepidle, keepintvl, keepcnt, nopush,
                 user_timeout, tclass, reuseport_lb, read_packets,
                 bind_to_device, raw, read_ahead, recvtos, recvttl,
                 recvtclass, ttl, pktoptions, add_membership,
                 drop_membership, multicast_if, multicast_loop,
                 multicast_ttl, netns, exclusiveaddruse, header, deliver>;

/// The option keys, as for inet:getopts/2. Same order as `option`.
enum class option_name : uint8_t {
  active,
  packet,
  packet_size,
  line_delimiter,
  mode,
  nodelay,
  keepalive,
  reuseaddr,
  backlog,
  recbuf,
  sndbuf,
  buffer,
  exit_on_close,
  high_watermark,
  low_watermark,
  high_msgq_watermark,
  low_msgq_watermark,
  send_timeout,
  send_timeout_close,
  delay_send,
  linger,
  show_econnreset,
  ip,
  ifaddr,
  port,
  family,
  ipv6_v6only,
  tos,
  priority,
  broadcast,
  dontroute,
  reuseport,
  keepidle,
  keepintvl,
  keepcnt,
  nopush,
  user_timeout,
  tclass,
  reuseport_lb,
  read_packets,
  bind_to_device,
  raw,
  read_ahead,
  recvtos,
  recvttl,
  recvtclass,
  ttl,
  pktoptions,
  add_membership,
  drop_membership,
  multicast_if,
  multicast_loop,
  multicast_ttl,
  netns,
  exclusiveaddruse,
  header,
  deliver,
};

inline constexpr std::size_t option_name_count = std::variant_size_v<option>;

static_assert(static_cast<std::size_t>(option_name::deliver) + 1
                == option_name_count,
              "option and option_name must list the same options");

/// One item of an inet:getopts/2 list: an option's key, or a raw request.
using socket_getopt = std::variant<option_name, raw_request>;

/// The key of an option, e.g. option_name::nodelay for nodelay(true).
option_name name_of(const option& opt) noexcept;

/// "active", "packet", ..., "family" (which is not an Erlang key: the
/// family is given as the bare atom inet or inet6). "unknown" for a value
/// outside the enum.
std::string_view to_string(option_name name) noexcept;

/// The inverse of to_string(option_name).
std::optional<option_name> option_name_from_string(std::string_view str);

/// Erlang term syntax: {active,once}, {active,-5}, {packet,2},
/// {packet,line}, {packet,0} (raw, as getopts shows it), {mode,binary},
/// {linger,{true,5}}, {send_timeout,infinity}, {ip,{127,0,0,1}},
/// {ip,{0,0,0,0,0,0,0,1}}, {bind_to_device,<<"lo">>},
/// {raw,6,8,<<30,0,0,0>>}, {pktoptions,[{ttl,64},{tos,0}]},
/// {netns,"/var/run/netns/example"}, inet6.
std::string to_string(const option& opt);

} // namespace otpnet::inet
