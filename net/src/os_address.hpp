#pragma once

// Addresses as the OS's resolver and getifaddrs(3) hand them over (raw
// in_addr / in6_addr bytes, network order). Internal to net/.

#include <cstdint>
#include <cstring>

#include <netinet/in.h>

#include <otpnet/inet/ip_address.hpp>

namespace otpnet::inet::detail {

inline ip_address from_in4(const void* bytes) {
  ip4_address a;
  std::memcpy(a.octets.data(), bytes, 4);
  return a;
}

inline ip_address from_in6(const void* bytes) {
  uint8_t b[16];
  std::memcpy(b, bytes, 16);
  ip6_address a;
  for (size_t i = 0; i < 8; ++i)
    a.groups[i] = static_cast<uint16_t>((b[2 * i] << 8) | b[2 * i + 1]);
  return a;
}

/// Precondition: addr.is_v6().
inline void to_in6(const ip_address& addr, in6_addr& out) {
  auto g = addr.v6().groups;
  for (size_t i = 0; i < 8; ++i) {
    out.s6_addr[2 * i] = static_cast<uint8_t>(g[i] >> 8);
    out.s6_addr[2 * i + 1] = static_cast<uint8_t>(g[i] & 0xff);
  }
}

} // namespace otpnet::inet::detail
