#pragma once

// A plain POSIX TCP peer for tests: the other end of an otpnet socket,
// independent of otpnet's own code. Every wait is bounded by poll().

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <optional>
#include <string>

namespace otpnet::test {

class raw_peer {
public:
  raw_peer() = default;
  explicit raw_peer(int fd) : fd_(fd) {
  }
  raw_peer(raw_peer&& other) noexcept : fd_(other.fd_) {
    other.fd_ = -1;
  }
  raw_peer& operator=(raw_peer&& other) noexcept {
    std::swap(fd_, other.fd_);
    return *this;
  }
  ~raw_peer() {
    close();
  }

  /// Connects to 127.0.0.1:port (or ::1 with v6); nullopt on failure.
  /// A positive `rcvbuf` shrinks the kernel's receive buffer before the
  /// handshake, so that a peer that does not read fills up quickly.
  static std::optional<raw_peer> connect(uint16_t port, bool v6 = false,
                                         int rcvbuf = 0) {
    int fd = ::socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
      return std::nullopt;
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    if (rcvbuf > 0)
      ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
    int rc;
    if (v6) {
      sockaddr_in6 sa{};
      sa.sin6_family = AF_INET6;
      sa.sin6_port = htons(port);
      sa.sin6_addr = in6addr_loopback;
      rc = ::connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof(sa));
    } else {
      sockaddr_in sa{};
      sa.sin_family = AF_INET;
      sa.sin_port = htons(port);
      sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      rc = ::connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof(sa));
    }
    if (rc != 0) {
      ::close(fd);
      return std::nullopt;
    }
    return raw_peer{fd};
  }

  int fd() const {
    return fd_;
  }

  bool write(const std::string& data) {
    size_t off = 0;
    while (off < data.size()) {
      if (!wait(POLLOUT, std::chrono::seconds{5}))
        return false;
      auto n = ::send(fd_, data.data() + off, data.size() - off, MSG_NOSIGNAL);
      if (n <= 0)
        return false;
      off += static_cast<size_t>(n);
    }
    return true;
  }

  /// Reads exactly n bytes; nullopt on EOF, error or time-out.
  std::optional<std::string> read_exact(size_t n,
                                        std::chrono::milliseconds budget
                                        = std::chrono::seconds{5}) {
    std::string out;
    auto deadline = std::chrono::steady_clock::now() + budget;
    while (out.size() < n) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0 || !wait(POLLIN, left))
        return std::nullopt;
      char buf[65536];
      auto want = std::min(sizeof(buf), n - out.size());
      auto k = ::recv(fd_, buf, want, 0);
      if (k <= 0)
        return std::nullopt;
      out.append(buf, static_cast<size_t>(k));
    }
    return out;
  }

  /// Everything until the peer closes; nullopt on error or time-out.
  std::optional<std::string> read_to_eof(std::chrono::milliseconds budget
                                         = std::chrono::seconds{5}) {
    std::string out;
    if (!read_until_closed(budget, false, out))
      return std::nullopt;
    return out;
  }

  /// Reads until the peer closes (EOF) or resets the connection: how many
  /// bytes came first; nullopt on another error or time-out.
  std::optional<size_t> count_to_close(std::chrono::milliseconds budget
                                       = std::chrono::seconds{5}) {
    std::string out;
    if (!read_until_closed(budget, true, out))
      return std::nullopt;
    return out.size();
  }

  /// True if the peer closed (EOF) within the budget, with no data first.
  bool read_eof(std::chrono::milliseconds budget = std::chrono::seconds{5}) {
    if (!wait(POLLIN, budget))
      return false;
    char c;
    return ::recv(fd_, &c, 1, 0) == 0;
  }

  /// True if the connection was reset (ECONNRESET) within the budget.
  bool read_reset(std::chrono::milliseconds budget = std::chrono::seconds{5}) {
    if (!wait(POLLIN, budget))
      return false;
    char c;
    return ::recv(fd_, &c, 1, 0) < 0 && errno == ECONNRESET;
  }

  /// Writes without blocking until the kernel refuses more or `limit`
  /// bytes are written; returns how many were written. Bytes follow the
  /// pattern of `byte_at(offset)`.
  template <class F>
  size_t push_until_blocked(size_t limit, F byte_at) {
    size_t total = 0;
    char buf[4096];
    while (total < limit) {
      size_t n = std::min(sizeof(buf), limit - total);
      for (size_t i = 0; i < n; ++i)
        buf[i] = byte_at(total + i);
      auto k = ::send(fd_, buf, n, MSG_DONTWAIT | MSG_NOSIGNAL);
      if (k <= 0)
        break;
      total += static_cast<size_t>(k);
    }
    return total;
  }

  void shutdown_write() {
    ::shutdown(fd_, SHUT_WR);
  }

  /// Closes with RST instead of FIN.
  void reset() {
    linger lg{1, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
    close();
  }

  void close() {
    if (fd_ >= 0)
      ::close(fd_);
    fd_ = -1;
  }

private:
  /// Appends what arrives to `out` until EOF (or, with `reset_ends`, a
  /// reset): false on another error or time-out.
  bool read_until_closed(std::chrono::milliseconds budget, bool reset_ends,
                         std::string& out) {
    auto deadline = std::chrono::steady_clock::now() + budget;
    for (;;) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0 || !wait(POLLIN, left))
        return false;
      char buf[65536];
      auto k = ::recv(fd_, buf, sizeof(buf), 0);
      if (k == 0 || (k < 0 && reset_ends && errno == ECONNRESET))
        return true;
      if (k < 0)
        return false;
      out.append(buf, static_cast<size_t>(k));
    }
  }

  bool wait(short events, std::chrono::milliseconds budget) {
    pollfd p{fd_, events, 0};
    return ::poll(&p, 1, static_cast<int>(budget.count())) > 0;
  }

  int fd_ = -1;
};

/// The byte at offset `i` of a test stream: a period that is not a power
/// of two, so that a lost, duplicated or reordered block shows.
inline char pattern(size_t i) {
  return static_cast<char>('A' + i % 23);
}

/// Bytes `from` .. `from + n` of the test stream.
inline std::string pattern_bytes(size_t from, size_t n) {
  std::string out(n, '\0');
  for (size_t i = 0; i < n; ++i)
    out[i] = pattern(from + i);
  return out;
}

/// Builds a packet with a big-endian length header of `hlen` bytes.
inline std::string frame(size_t hlen, const std::string& body) {
  std::string out;
  for (size_t i = hlen; i > 0; --i)
    out.push_back(static_cast<char>((body.size() >> (8 * (i - 1))) & 0xFF));
  return out + body;
}

} // namespace otpnet::test
