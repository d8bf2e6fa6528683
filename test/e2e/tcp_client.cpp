#include "e2e/tcp_client.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <utility>

namespace otpnet::e2e {

const char* to_string(end_kind k) {
  switch (k) {
    case end_kind::eof:
      return "eof";
    case end_kind::reset:
      return "reset";
    case end_kind::timeout:
      return "timeout";
    default:
      return "data";
  }
}

tcp_client::tcp_client(tcp_client&& other) noexcept
  : fd_(std::exchange(other.fd_, -1)) {
}

tcp_client& tcp_client::operator=(tcp_client&& other) noexcept {
  std::swap(fd_, other.fd_);
  return *this;
}

tcp_client::~tcp_client() {
  if (fd_ >= 0)
    ::close(fd_);
}

std::optional<tcp_client> tcp_client::connect(uint16_t port,
                                              clock::time_point deadline,
                                              int buffer_size, bool v6) {
  int fd = ::socket(v6 ? AF_INET6 : AF_INET,
                    SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return std::nullopt;
  tcp_client res{fd};
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  if (buffer_size > 0) {
    ::setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &buffer_size, sizeof(int));
    ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &buffer_size, sizeof(int));
  }
  sockaddr_storage ss{};
  socklen_t ss_len = 0;
  if (v6) {
    auto* sa = reinterpret_cast<sockaddr_in6*>(&ss);
    sa->sin6_family = AF_INET6;
    sa->sin6_port = htons(port);
    sa->sin6_addr = in6addr_loopback;
    ss_len = sizeof(sockaddr_in6);
  } else {
    auto* sa = reinterpret_cast<sockaddr_in*>(&ss);
    sa->sin_family = AF_INET;
    sa->sin_port = htons(port);
    sa->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ss_len = sizeof(sockaddr_in);
  }
  if (::connect(fd, reinterpret_cast<sockaddr*>(&ss), ss_len) == 0)
    return res;
  if (errno != EINPROGRESS || !res.wait(POLLOUT, deadline))
    return std::nullopt;
  int err = 0;
  socklen_t len = sizeof(err);
  if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0 || err != 0)
    return std::nullopt;
  return res;
}

bool tcp_client::wait(short events, clock::time_point deadline) {
  for (;;) {
    pollfd pfd{fd_, events, 0};
    int n = ::poll(&pfd, 1, ms_left(deadline));
    if (n < 0 && errno == EINTR)
      continue;
    return n > 0;
  }
}

bool tcp_client::send_all(std::string_view data, clock::time_point deadline) {
  size_t off = 0;
  while (off < data.size()) {
    auto k = ::send(fd_, data.data() + off, data.size() - off, MSG_NOSIGNAL);
    if (k > 0) {
      off += static_cast<size_t>(k);
      continue;
    }
    if (k < 0 && errno != EAGAIN && errno != EINTR)
      return false;
    if (!wait(POLLOUT, deadline))
      return false;
  }
  return true;
}

bool tcp_client::send_bytewise(std::string_view data,
                               clock::time_point deadline) {
  for (size_t i = 0; i < data.size(); ++i)
    if (!send_all(data.substr(i, 1), deadline))
      return false;
  return true;
}

std::optional<std::string> tcp_client::recv_exact(size_t n,
                                                  clock::time_point deadline) {
  std::string res;
  while (res.size() < n) {
    char buf[65536];
    auto want = std::min(sizeof(buf), n - res.size());
    auto k = ::recv(fd_, buf, want, 0);
    if (k > 0) {
      res.append(buf, static_cast<size_t>(k));
      continue;
    }
    if (k == 0 || (errno != EAGAIN && errno != EINTR))
      return std::nullopt;
    if (!wait(POLLIN, deadline))
      return std::nullopt;
  }
  return res;
}

std::optional<std::string> tcp_client::exchange(std::string_view out,
                                                size_t expect,
                                                clock::time_point deadline,
                                                bool then_shut) {
  std::string in;
  size_t off = 0;
  bool shut = false;
  while (in.size() < expect || off < out.size()) {
    if (off == out.size() && then_shut && !shut) {
      ::shutdown(fd_, SHUT_WR);
      shut = true;
    }
    short events = in.size() < expect ? POLLIN : 0;
    if (off < out.size())
      events |= POLLOUT;
    pollfd pfd{fd_, events, 0};
    int n = ::poll(&pfd, 1, ms_left(deadline));
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return std::nullopt;
    if ((pfd.revents & POLLOUT) != 0) {
      auto k = ::send(fd_, out.data() + off, out.size() - off, MSG_NOSIGNAL);
      if (k > 0)
        off += static_cast<size_t>(k);
      else if (k < 0 && errno != EAGAIN && errno != EINTR)
        return std::nullopt;
    }
    if ((pfd.revents & (POLLIN | POLLERR | POLLHUP)) != 0
        && in.size() < expect) {
      char buf[65536];
      auto want = std::min(sizeof(buf), expect - in.size());
      auto k = ::recv(fd_, buf, want, 0);
      if (k > 0)
        in.append(buf, static_cast<size_t>(k));
      else if (k == 0 || (errno != EAGAIN && errno != EINTR))
        return std::nullopt;
    }
  }
  if (then_shut && !shut)
    ::shutdown(fd_, SHUT_WR);
  return in;
}

end_kind tcp_client::wait_end(clock::time_point deadline) {
  for (;;) {
    char c;
    auto k = ::recv(fd_, &c, 1, 0);
    if (k == 0)
      return end_kind::eof;
    if (k > 0)
      return end_kind::data;
    if (errno == ECONNRESET)
      return end_kind::reset;
    if (errno != EAGAIN && errno != EINTR)
      return end_kind::reset; // any other error also ends the connection
    if (!wait(POLLIN, deadline))
      return end_kind::timeout;
  }
}

size_t tcp_client::push_until_stalled(size_t limit,
                                      std::chrono::milliseconds stall) {
  std::string chunk(65536, '\0');
  size_t total = 0;
  while (total < limit) {
    for (size_t i = 0; i < chunk.size(); ++i)
      chunk[i] = pattern_byte(total + i);
    auto want = std::min(chunk.size(), limit - total);
    auto k = ::send(fd_, chunk.data(), want, MSG_NOSIGNAL);
    if (k > 0) {
      total += static_cast<size_t>(k);
      continue;
    }
    if (k < 0 && errno != EAGAIN && errno != EINTR)
      break;
    if (!wait(POLLOUT, deadline_in(stall)))
      break; // nothing drained for `stall`: the peer stopped reading
  }
  return total;
}

void tcp_client::shutdown_write() {
  ::shutdown(fd_, SHUT_WR);
}

} // namespace otpnet::e2e
