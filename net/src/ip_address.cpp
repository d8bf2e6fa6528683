#include <otpnet/inet/ip_address.hpp>

#include <cassert>
#include <tuple>

namespace otpnet::inet {

bool operator==(const ip4_address& x, const ip4_address& y) noexcept {
  return x.octets == y.octets;
}

bool operator!=(const ip4_address& x, const ip4_address& y) noexcept {
  return !(x == y);
}

bool operator<(const ip4_address& x, const ip4_address& y) noexcept {
  return x.octets < y.octets;
}

bool operator==(const ip6_address& x, const ip6_address& y) noexcept {
  return x.groups == y.groups;
}

bool operator!=(const ip6_address& x, const ip6_address& y) noexcept {
  return !(x == y);
}

bool operator<(const ip6_address& x, const ip6_address& y) noexcept {
  return x.groups < y.groups;
}

ip4_address ip_address::v4() const noexcept {
  assert(is_v4());
  if (auto* p = std::get_if<ip4_address>(&value_))
    return *p;
  return {};
}

ip6_address ip_address::v6() const noexcept {
  assert(is_v6());
  if (auto* p = std::get_if<ip6_address>(&value_))
    return *p;
  return {};
}

ip_address ip_address::loopback_v4() noexcept {
  return ip4_address{{127, 0, 0, 1}};
}

ip_address ip_address::loopback_v6() noexcept {
  return ip6_address{{0, 0, 0, 0, 0, 0, 0, 1}};
}

ip_address ip_address::any_v4() noexcept {
  return ip4_address{};
}

ip_address ip_address::any_v6() noexcept {
  return ip6_address{};
}

ip_address ipv4_mapped_ipv6_address(const ip_address& x) noexcept {
  if (x.is_v4()) {
    auto o = x.v4().octets;
    return ip6_address{{0, 0, 0, 0, 0, 0xffff,
                        static_cast<uint16_t>(o[0] << 8 | o[1]),
                        static_cast<uint16_t>(o[2] << 8 | o[3])}};
  }
  // Like Erlang, only the two low groups matter, so this also "works" on
  // IPv4-compatible (::a.b.c.d) and other non-mapped IPv6 addresses.
  auto g = x.v6().groups;
  return ip4_address{{static_cast<uint8_t>(g[6] >> 8),
                      static_cast<uint8_t>(g[6] & 0xff),
                      static_cast<uint8_t>(g[7] >> 8),
                      static_cast<uint8_t>(g[7] & 0xff)}};
}

bool operator==(const socket_address& x, const socket_address& y) noexcept {
  if (x.is_local() || y.is_local())
    return x.is_local() && y.is_local() && *x.local == *y.local;
  return x.addr == y.addr && x.port == y.port;
}

bool operator!=(const socket_address& x, const socket_address& y) noexcept {
  return !(x == y);
}

bool operator<(const socket_address& x, const socket_address& y) noexcept {
  // Every IP address sorts before every local one.
  if (x.is_local() || y.is_local())
    return y.is_local() && (!x.is_local() || *x.local < *y.local);
  return std::tie(x.addr, x.port) < std::tie(y.addr, y.port);
}

} // namespace otpnet::inet
