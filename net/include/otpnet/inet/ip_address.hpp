// IP address values: inet:ip4_address(), inet:ip6_address(), inet:ip_address()
// and the {Address, Port} pair (or a local socket's {local, File}). Parsing
// and printing live in parse_address.hpp.
//
// Thread safety: plain value types; all functions are pure.

#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <variant>

#include <otpnet/inet/local_address.hpp>

namespace otpnet::inet {

/// {0..255, 0..255, 0..255, 0..255}; `ip4_address{127, 0, 0, 1}` works.
struct ip4_address {
  std::array<uint8_t, 4> octets{};
};

/// Eight 16-bit groups in host order, like Erlang's 8-tuple:
/// `ip6_address{0, 0, 0, 0, 0, 0, 0, 1}` is ::1.
struct ip6_address {
  std::array<uint16_t, 8> groups{};
};

bool operator==(const ip4_address& x, const ip4_address& y) noexcept;
bool operator!=(const ip4_address& x, const ip4_address& y) noexcept;
bool operator<(const ip4_address& x, const ip4_address& y) noexcept;
bool operator==(const ip6_address& x, const ip6_address& y) noexcept;
bool operator!=(const ip6_address& x, const ip6_address& y) noexcept;
bool operator<(const ip6_address& x, const ip6_address& y) noexcept;

/// ip4_address() | ip6_address(). Default-constructed it is 0.0.0.0.
class ip_address {
public:
  ip_address() noexcept = default;

  ip_address(const ip4_address& x) noexcept : value_(x) {
    // nop
  }

  ip_address(const ip6_address& x) noexcept : value_(x) {
    // nop
  }

  bool is_v4() const noexcept {
    return std::holds_alternative<ip4_address>(value_);
  }

  bool is_v6() const noexcept {
    return std::holds_alternative<ip6_address>(value_);
  }

  /// Precondition: is_v4(). Asserts in debug builds; all zeros otherwise,
  /// so a wrong call never crashes a release build.
  ip4_address v4() const noexcept;

  /// Precondition: is_v6(). Same fallback as v4().
  ip6_address v6() const noexcept;

  static ip_address loopback_v4() noexcept; // 127.0.0.1
  static ip_address loopback_v6() noexcept; // ::1
  static ip_address any_v4() noexcept;      // 0.0.0.0
  static ip_address any_v6() noexcept;      // ::

  /// Total order: every IPv4 address sorts before every IPv6 address, then
  /// octet/group-wise (so it can key a std::map).
  friend bool operator==(const ip_address& x, const ip_address& y) noexcept {
    return x.value_ == y.value_;
  }

  friend bool operator!=(const ip_address& x, const ip_address& y) noexcept {
    return !(x == y);
  }

  friend bool operator<(const ip_address& x, const ip_address& y) noexcept {
    return x.value_ < y.value_;
  }

private:
  std::variant<ip4_address, ip6_address> value_;
};

/// inet:is_ipv4_address/1 and friends. Erlang needs them because any term
/// may be passed; here the type already guarantees a valid address.
inline bool is_ip_address(const ip_address&) noexcept {
  return true;
}

inline bool is_ipv4_address(const ip_address& x) noexcept {
  return x.is_v4();
}

inline bool is_ipv6_address(const ip_address& x) noexcept {
  return x.is_v6();
}

/// inet:ipv4_mapped_ipv6_address/1: a.b.c.d -> ::ffff:a.b.c.d, and the
/// reverse, which takes the two low groups of any IPv6 address.
ip_address ipv4_mapped_ipv6_address(const ip_address& x) noexcept;

/// {ip_address(), port_number()}, or a local socket's {local, File}.
struct socket_address {
  ip_address addr;
  uint16_t port = 0;
  /// Set for an address of the local family (AF_UNIX): `addr` and `port`
  /// then mean nothing (0.0.0.0 and 0). Shared and immutable, so that an IP
  /// address (null here) stays small and cheap to copy (one per datagram).
  std::shared_ptr<const local_address> local = nullptr;

  bool is_local() const noexcept {
    return local != nullptr;
  }
};

/// A local socket's address as a socket_address.
inline socket_address local_socket_address(std::string path) {
  return socket_address{
    ip_address{}, 0,
    std::make_shared<const local_address>(local_address{std::move(path)})};
}

bool operator==(const socket_address& x, const socket_address& y) noexcept;
bool operator!=(const socket_address& x, const socket_address& y) noexcept;
bool operator<(const socket_address& x, const socket_address& y) noexcept;

} // namespace otpnet::inet
