#include "asio_address.hpp"

#include <sys/un.h>

#include <algorithm>
#include <cstddef>
#include <cstring>

#include <boost/asio/local/datagram_protocol.hpp>
#include <boost/asio/local/stream_protocol.hpp>

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

namespace {

// The kernel's address of any family a generic endpoint holds.
inet::socket_address from_sockaddr(const sockaddr* sa, size_t size) {
  switch (sa->sa_family) {
    case AF_INET: {
      sockaddr_in in;
      std::memcpy(&in, sa, sizeof(in));
      return inet::socket_address{from_native(in.sin_addr),
                                  ntohs(in.sin_port)};
    }
    case AF_INET6: {
      sockaddr_in6 in6;
      std::memcpy(&in6, sa, sizeof(in6));
      return inet::socket_address{from_native(in6.sin6_addr),
                                  ntohs(in6.sin6_port)};
    }
    case AF_UNIX: {
      auto offset = offsetof(sockaddr_un, sun_path);
      const auto* path = reinterpret_cast<const char*>(sa) + offset;
      size_t n = size > offset ? size - offset : 0;
      // A file name ends at its NUL (the kernel may count it in the
      // length); an abstract name starts with one and has no end marker.
      if (n > 0 && path[0] != '\0')
        n = static_cast<size_t>(std::find(path, path + n, '\0') - path);
      return inet::local_socket_address(std::string{path, n});
    }
    default:
      return inet::socket_address{};
  }
}

} // namespace

inet::socket_address
from_asio(const boost::asio::generic::stream_protocol::endpoint& ep) {
  return from_sockaddr(ep.data(), ep.size());
}

inet::socket_address
from_asio(const boost::asio::generic::datagram_protocol::endpoint& ep) {
  return from_sockaddr(ep.data(), ep.size());
}

boost::asio::generic::stream_protocol::endpoint
local_stream_endpoint(const std::string& path) {
  return boost::asio::generic::stream_protocol::endpoint{
    boost::asio::local::stream_protocol::endpoint{path}};
}

boost::asio::generic::datagram_protocol::endpoint
local_datagram_endpoint(const std::string& path) {
  return boost::asio::generic::datagram_protocol::endpoint{
    boost::asio::local::datagram_protocol::endpoint{path}};
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
  return from_asio(ip::address{ip::address_v4{b}});
}

inet::ip_address from_native(const in6_addr& addr) {
  ip::address_v6::bytes_type b;
  std::memcpy(b.data(), addr.s6_addr, b.size());
  return from_asio(ip::address{ip::address_v6{b}});
}

} // namespace otpnet::detail
