#include "asio_address.hpp"

#include <cstring>

namespace otpnet::detail {

namespace ip = boost::asio::ip;

ip::address to_asio(const inet::ip_address& addr) {
  if (addr.is_v4()) {
    const auto& o = addr.v4().octets;
    return ip::address_v4{ip::address_v4::bytes_type{o[0], o[1], o[2], o[3]}};
  }
  ip::address_v6::bytes_type bytes;
  const auto& g = addr.v6().groups;
  for (size_t i = 0; i < 8; ++i) {
    bytes[2 * i] = static_cast<unsigned char>(g[i] >> 8);
    bytes[2 * i + 1] = static_cast<unsigned char>(g[i] & 0xFF);
  }
  return ip::address_v6{bytes};
}

inet::ip_address from_asio(const ip::address& addr) {
  if (addr.is_v4()) {
    auto b = addr.to_v4().to_bytes();
    return inet::ip_address{inet::ip4_address{{b[0], b[1], b[2], b[3]}}};
  }
  auto b = addr.to_v6().to_bytes();
  inet::ip6_address out{};
  for (size_t i = 0; i < 8; ++i)
    out.groups[i] = static_cast<uint16_t>((b[2 * i] << 8) | b[2 * i + 1]);
  return inet::ip_address{out};
}

inet::socket_address from_asio(const ip::tcp::endpoint& ep) {
  return inet::socket_address{from_asio(ep.address()), ep.port()};
}

in_addr to_in_addr(const inet::ip_address& addr) {
  in_addr out{};
  if (addr.is_v4()) {
    auto b = to_asio(addr).to_v4().to_bytes(); // network order
    std::memcpy(&out.s_addr, b.data(), b.size());
  }
  return out;
}

in6_addr to_in6_addr(const inet::ip_address& addr) {
  in6_addr out{};
  if (addr.is_v6()) {
    auto b = to_asio(addr).to_v6().to_bytes();
    std::memcpy(out.s6_addr, b.data(), b.size());
  }
  return out;
}

inet::ip_address from_native(const in_addr& addr) {
  ip::address_v4::bytes_type b;
  std::memcpy(b.data(), &addr.s_addr, b.size());
  return from_asio(ip::address_v4{b});
}

inet::ip_address from_native(const in6_addr& addr) {
  ip::address_v6::bytes_type b;
  std::memcpy(b.data(), addr.s6_addr, b.size());
  return from_asio(ip::address_v6{b});
}

} // namespace otpnet::detail
