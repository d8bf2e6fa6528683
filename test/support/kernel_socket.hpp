#pragma once

// Reading a socket's kernel state in tests: find the descriptor behind an
// otpnet socket among the process's descriptors by its address, and read
// its options with getsockopt, to check what otpnet handed the kernel.

#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <cstdint>

namespace otpnet::test {

inline uint16_t port_in(const sockaddr_storage& sa) {
  if (sa.ss_family == AF_INET)
    return ntohs(reinterpret_cast<const sockaddr_in&>(sa).sin_port);
  if (sa.ss_family == AF_INET6)
    return ntohs(reinterpret_cast<const sockaddr_in6&>(sa).sin6_port);
  return 0;
}

/// Our descriptor of `type` whose local port is `port`; `connected`: one
/// with a peer (an accepted socket shares its listen socket's port, so a
/// peer's port tells them apart: `peer_port`, if not 0). -1 if none.
inline int find_fd(int type, uint16_t port, bool connected,
                   uint16_t peer_port = 0) {
  for (int fd = 0; fd < 4096; ++fd) {
    int t = 0;
    socklen_t tlen = sizeof(t);
    sockaddr_storage local{};
    socklen_t len = sizeof(local);
    if (::getsockopt(fd, SOL_SOCKET, SO_TYPE, &t, &tlen) != 0 || t != type
        || ::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &len) != 0
        || port_in(local) != port)
      continue;
    sockaddr_storage peer{};
    len = sizeof(peer);
    bool has_peer
      = ::getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &len) == 0;
    if (has_peer == connected
        && (peer_port == 0 || port_in(peer) == peer_port))
      return fd;
  }
  return -1;
}

/// An int option of `fd`; -1000 if unreadable.
inline int int_option(int fd, int level, int name) {
  int value = 0;
  socklen_t len = sizeof(value);
  if (fd < 0 || ::getsockopt(fd, level, name, &value, &len) != 0)
    return -1000;
  return value;
}

/// Bytes the kernel holds for `fd` that nobody has read yet (FIONREAD);
/// -1 if unreadable.
inline int unread_bytes(int fd) {
  int n = 0;
  if (fd < 0 || ::ioctl(fd, FIONREAD, &n) != 0)
    return -1;
  return n;
}

/// The local port of a descriptor (a raw peer's socket).
inline uint16_t local_port(int fd) {
  sockaddr_storage sa{};
  socklen_t len = sizeof(sa);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&sa), &len);
  return port_in(sa);
}

} // namespace otpnet::test
