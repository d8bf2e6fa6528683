#include "multicast_option.hpp"

#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>

#include "asio_address.hpp"
#include "error_mapping.hpp"

namespace otpnet::detail {

namespace {

template <class T>
errc set(int fd, int level, int name, const T& value) {
  if (::setsockopt(fd, level, name, &value, sizeof(value)) != 0)
    return errc_from_errno(errno);
  return errc::ok;
}

int get_int(int fd, int level, int name, errc& err) {
  int value = 0;
  auto len = static_cast<socklen_t>(sizeof(value));
  if (::getsockopt(fd, level, name, &value, &len) != 0)
    err = errc_from_errno(errno);
  return value;
}

} // namespace

errc set_membership(int fd, const net::membership_change& change) {
  bool add = std::holds_alternative<inet::add_membership>(change);
  const auto& m = net::group_of(change);
  if (m.multiaddr.is_v4()) {
    // ip_mreqn takes the interface's address, its index, or both.
    ip_mreqn req{};
    req.imr_multiaddr = to_in_addr(m.multiaddr);
    if (m.interface)
      req.imr_address = to_in_addr(*m.interface);
    req.imr_ifindex = static_cast<int>(m.ifindex.value_or(0));
    return set(fd, IPPROTO_IP, add ? IP_ADD_MEMBERSHIP : IP_DROP_MEMBERSHIP,
               req);
  }
  ipv6_mreq req{};
  req.ipv6mr_multiaddr = to_in6_addr(m.multiaddr);
  req.ipv6mr_interface = static_cast<unsigned>(m.ifindex.value_or(0));
  return set(fd, IPPROTO_IPV6,
             add ? IPV6_ADD_MEMBERSHIP : IPV6_DROP_MEMBERSHIP, req);
}

errc set_memberships(int fd, const std::vector<net::membership_change>& all) {
  for (const auto& change : all)
    if (auto err = set_membership(fd, change); err != errc::ok)
      return err;
  return errc::ok;
}

errc set_multicast_if(int fd, bool v6, const inet::multicast_if& x) {
  if (v6) // normalisation let only an index through
    return set(fd, IPPROTO_IPV6, IPV6_MULTICAST_IF,
               static_cast<int>(std::get<int64_t>(x.value)));
  ip_mreqn req{};
  if (auto* addr = std::get_if<inet::ip_address>(&x.value))
    req.imr_address = to_in_addr(*addr);
  else
    req.imr_ifindex = static_cast<int>(std::get<int64_t>(x.value));
  return set(fd, IPPROTO_IP, IP_MULTICAST_IF, req);
}

errc set_multicast_loop(int fd, bool v6, bool on) {
  int value = on ? 1 : 0;
  return v6 ? set(fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, value)
            : set(fd, IPPROTO_IP, IP_MULTICAST_LOOP, value);
}

errc set_multicast_ttl(int fd, bool v6, int ttl) {
  return v6 ? set(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, ttl)
            : set(fd, IPPROTO_IP, IP_MULTICAST_TTL, ttl);
}

net::result<inet::option> read_multicast_option(int fd, bool v6,
                                                inet::option_name name) {
  errc err = errc::ok;
  inet::option out;
  switch (name) {
    case inet::option_name::multicast_if:
      if (v6) {
        out = inet::multicast_if{get_int(fd, IPPROTO_IPV6, IPV6_MULTICAST_IF,
                                         err)};
      } else {
        // Linux answers the interface address (an in_addr) whichever way
        // it was set.
        in_addr addr{};
        auto len = static_cast<socklen_t>(sizeof(addr));
        if (::getsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &addr, &len) != 0)
          return errc_from_errno(errno);
        out = inet::multicast_if{from_native(addr)};
      }
      break;
    case inet::option_name::multicast_loop:
      out = inet::multicast_loop{
        get_int(fd, v6 ? IPPROTO_IPV6 : IPPROTO_IP,
                v6 ? IPV6_MULTICAST_LOOP : IP_MULTICAST_LOOP, err)
        != 0};
      break;
    case inet::option_name::multicast_ttl:
      out = inet::multicast_ttl{
        get_int(fd, v6 ? IPPROTO_IPV6 : IPPROTO_IP,
                v6 ? IPV6_MULTICAST_HOPS : IP_MULTICAST_TTL, err)};
      break;
    default:
      return errc::einval;
  }
  if (err != errc::ok)
    return err;
  return out;
}

} // namespace otpnet::detail
