#pragma once

// A plain POSIX TCP client on 127.0.0.1 (or ::1), independent of otpnet: the outside
// tool the samples' contract is written for. Non-blocking socket, every
// wait bounded by poll() and a deadline.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "e2e/deadline.hpp"

namespace otpnet::e2e {

/// How a connection ended, as seen by a reader.
enum class end_kind { eof, reset, timeout, data };

const char* to_string(end_kind k);

class tcp_client {
public:
  tcp_client() = default;
  tcp_client(tcp_client&& other) noexcept;
  tcp_client& operator=(tcp_client&& other) noexcept;
  tcp_client(const tcp_client&) = delete;
  tcp_client& operator=(const tcp_client&) = delete;
  ~tcp_client();

  /// Connects to 127.0.0.1:port (::1 with `v6`); nullopt on failure or
  /// time-out. `buffer_size` > 0 sets SO_SNDBUF and SO_RCVBUF (before
  /// connecting, so the window is small too): it bounds what the kernel
  /// buffers for us.
  static std::optional<tcp_client> connect(uint16_t port,
                                           clock::time_point deadline,
                                           int buffer_size = 0,
                                           bool v6 = false);

  int fd() const noexcept {
    return fd_;
  }

  /// Writes all of `data`; false on error or time-out.
  bool send_all(std::string_view data, clock::time_point deadline);

  /// Writes `data` one byte per send() (TCP_NODELAY is on): a packet
  /// split into single bytes.
  bool send_bytewise(std::string_view data, clock::time_point deadline);

  /// Reads exactly `n` bytes; nullopt on EOF, error or time-out (what was
  /// read so far is lost: the test fails anyway).
  std::optional<std::string> recv_exact(size_t n, clock::time_point deadline);

  /// Sends `out` while reading, so that neither side can block the other
  /// with full buffers, until `expect` bytes came back. With `then_shut`,
  /// shuts the write side down once everything is sent. nullopt on error
  /// or time-out.
  std::optional<std::string> exchange(std::string_view out, size_t expect,
                                      clock::time_point deadline,
                                      bool then_shut = false);

  /// Reads until the connection ends; `data` if bytes arrive instead.
  end_kind wait_end(clock::time_point deadline);

  /// Writes as much as the connection takes until no write is possible for
  /// `stall` (the peer stopped reading) or `limit` bytes went out. Returns
  /// the bytes written; the byte at offset i is `pattern_byte(i)`.
  size_t push_until_stalled(size_t limit, std::chrono::milliseconds stall);

  static char pattern_byte(size_t i) {
    return static_cast<char>('a' + (i * 7 + i / 251) % 26);
  }

  void shutdown_write();

private:
  explicit tcp_client(int fd) : fd_(fd) {
  }

  bool wait(short events, clock::time_point deadline);

  int fd_ = -1;
};

} // namespace otpnet::e2e
