#include "dial.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#ifndef IP_BIND_ADDRESS_NO_PORT
#define IP_BIND_ADDRESS_NO_PORT 24
#endif

namespace loadgen {

namespace {

constexpr unsigned source_count = 64; // 127.0.0.1 .. 127.0.0.64

} // namespace

std::optional<dial_target> resolve(const std::string& host, uint16_t port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  if (getaddrinfo(host.c_str(), nullptr, &hints, &res) != 0 || res == nullptr)
    return std::nullopt;
  dial_target t;
  std::memcpy(&t.address, res->ai_addr, res->ai_addrlen);
  t.length = res->ai_addrlen;
  freeaddrinfo(res);
  char text[INET6_ADDRSTRLEN] = {};
  if (t.address.ss_family == AF_INET) {
    auto* a = reinterpret_cast<sockaddr_in*>(&t.address);
    a->sin_port = htons(port);
    inet_ntop(AF_INET, &a->sin_addr, text, sizeof text);
    t.ipv4_loopback = (ntohl(a->sin_addr.s_addr) >> 24) == 127;
    t.text = std::string{text} + ":" + std::to_string(port);
  } else if (t.address.ss_family == AF_INET6) {
    auto* a = reinterpret_cast<sockaddr_in6*>(&t.address);
    a->sin6_port = htons(port);
    inet_ntop(AF_INET6, &a->sin6_addr, text, sizeof text);
    t.text = "[" + std::string{text} + "]:" + std::to_string(port);
  } else {
    return std::nullopt;
  }
  return t;
}

dialer::dialer(const dial_target& target, bool spread_sources, unsigned seed)
  : target_(target),
    spread_(spread_sources && target.ipv4_loopback),
    next_(seed) {
}

int dialer::start() noexcept {
  int fd = socket(target_.address.ss_family,
                  SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_TCP);
  if (fd < 0)
    return -1;
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (spread_) {
    // The port is chosen at connect time, per destination, not at bind.
    setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
    sockaddr_in src{};
    src.sin_family = AF_INET;
    src.sin_addr.s_addr = htonl((127u << 24) | (1 + next_++ % source_count));
    if (bind(fd, reinterpret_cast<sockaddr*>(&src), sizeof src) != 0) {
      int err = errno;
      close(fd);
      errno = err;
      return -1;
    }
  }
  if (connect(fd, reinterpret_cast<const sockaddr*>(&target_.address),
              target_.length)
        != 0
      && errno != EINPROGRESS) {
    int err = errno;
    close(fd);
    errno = err;
    return -1;
  }
  return fd;
}

} // namespace loadgen
