#include "kernel_option.hpp"

#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>

#include "control_messages.hpp"
#include "error_mapping.hpp"
#include "multicast_option.hpp"

namespace otpnet::detail {

namespace {

bool is_ipv6(int fd) {
  sockaddr_storage addr{};
  auto len = static_cast<socklen_t>(sizeof(addr));
  return ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0
         && addr.ss_family == AF_INET6;
}

// An int option read as the inet option `Option` holding it.
template <class Option>
net::result<inet::option> int_as(int fd, int level, int num) {
  int value = 0;
  auto len = static_cast<socklen_t>(sizeof(value));
  if (::getsockopt(fd, level, num, &value, &len) != 0)
    return errc_from_errno(errno);
  return inet::option{Option{value}};
}

// The kernel writes a cmsg list into the option's buffer, as recvmsg
// would: room for the three values and more, on the stack.
net::result<inet::ancillary_data> pktoptions(int fd) {
  alignas(cmsghdr) unsigned char control[8 * CMSG_SPACE(sizeof(int))];
  auto len = static_cast<socklen_t>(sizeof(control));
  bool v6 = is_ipv6(fd);
  if (::getsockopt(fd, v6 ? IPPROTO_IPV6 : IPPROTO_IP,
                   v6 ? IPV6_2292PKTOPTIONS : IP_PKTOPTIONS, control, &len)
      != 0)
    return errc_from_errno(errno);
  msghdr msg{};
  msg.msg_control = control;
  msg.msg_controllen = len;
  inet::ancillary_data anc;
  collect_ancillary(msg, anc);
  return anc;
}

} // namespace

net::result<inet::option> read_kernel_option(int fd, inet::option_name name) {
  switch (name) {
    case inet::option_name::tos:
      return int_as<inet::tos>(fd, IPPROTO_IP, IP_TOS);
    case inet::option_name::priority:
      return int_as<inet::priority>(fd, SOL_SOCKET, SO_PRIORITY);
    case inet::option_name::recbuf: // what the kernel uses (twice the set)
      return int_as<inet::recbuf>(fd, SOL_SOCKET, SO_RCVBUF);
    case inet::option_name::sndbuf:
      return int_as<inet::sndbuf>(fd, SOL_SOCKET, SO_SNDBUF);
    case inet::option_name::tclass:
      return int_as<inet::tclass>(fd, IPPROTO_IPV6, IPV6_TCLASS);
    case inet::option_name::ttl:
      return int_as<inet::ttl>(fd, IPPROTO_IP, IP_TTL);
    case inet::option_name::ipv6_v6only: {
      int value = 0;
      auto len = static_cast<socklen_t>(sizeof(value));
      if (::getsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &value, &len) != 0)
        return errc_from_errno(errno);
      return inet::option{inet::ipv6_v6only{value != 0}};
    }
    case inet::option_name::pktoptions: {
      auto anc = pktoptions(fd);
      if (!anc)
        return anc.error();
      return inet::option{inet::pktoptions{*anc}};
    }
    case inet::option_name::multicast_if:
    case inet::option_name::multicast_loop:
    case inet::option_name::multicast_ttl:
      return read_multicast_option(fd, is_ipv6(fd), name);
    default:
      return errc::einval;
  }
}

} // namespace otpnet::detail
