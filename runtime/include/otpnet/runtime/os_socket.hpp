#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include <otpnet/inet/ip_address.hpp>
#include <otpnet/net/binary.hpp>
#include <otpnet/net/errc.hpp>
#include <otpnet/net/inline_function.hpp>
#include <otpnet/net/result.hpp>
#include <otpnet/sock/msg.hpp>
#include <otpnet/sock/types.hpp>

namespace otpnet {

class runtime;

/// The driver under Erlang's `socket` module (otpnet::sock): one
/// non-blocking OS socket, as thin as the system calls. Every call but
/// async_wait runs the system call at once on the caller's thread and
/// reports eagain where the kernel would block; async_wait is the
/// select(2) of the spec's "select" messages: it completes once when the
/// socket is readable or writable.
///
/// Thread safety: calls come from one actor at a time; the wait handlers
/// run in the runtime's event loop and must only turn the completion into
/// a message. After close() no handler is called with ok.
class os_socket {
public:
  enum class readiness : uint8_t { read, write };
  enum class shutdown_how : uint8_t { read, write, read_write };
  /// ok when ready; closed when the wait was cancelled by close().
  using wait_handler = net::inline_function<void(errc)>;

  virtual ~os_socket();

  virtual errc bind(const inet::socket_address& addr) = 0;
  virtual errc listen(int backlog) = 0;

  /// accept(2): ok with `out` (a non-blocking socket of the same kind),
  /// eagain, or the error.
  virtual errc accept(std::shared_ptr<os_socket>& out) = 0;

  /// connect(2): ok, einprogress (wait for write readiness, then
  /// connect_result), or the error.
  virtual errc connect(const inet::socket_address& to) = 0;

  /// After einprogress and write readiness: ok if connected, else the
  /// error the connection attempt ended with (SO_ERROR).
  virtual errc connect_result() = 0;

  /// send(2) of `size` bytes at `data`: ok with `written` (maybe partial),
  /// eagain, or the error (epipe after the peer closed...). Never raises
  /// SIGPIPE.
  virtual errc send(const uint8_t* data, size_t size, size_t& written) = 0;

  /// sendto(2) of one datagram: ok, eagain, or the error.
  virtual errc sendto(const binary& data, const inet::socket_address& to) = 0;

  /// recv(2) of at most `max_bytes`: ok with data, closed at end of stream
  /// (a stream or seqpacket socket whose peer shut down), eagain, or the
  /// error. On dgram and seqpacket sockets one call takes one record (a
  /// longer one cut at `max_bytes`, the rest lost, as the kernel does).
  virtual errc recv(size_t max_bytes, binary& out) = 0;

  /// recvfrom(2): ok with the datagram (at most `max_bytes` of it) and its
  /// sender, eagain, or the error.
  virtual errc recvfrom(size_t max_bytes, inet::socket_address& from,
                        binary& out) = 0;

  /// sendmsg(2) of the bytes of `iov` from byte `skip` on, to `to` when
  /// set, with the control messages `ctrl` (each passed sock::check_send)
  /// and `flags`: ok with `written` (maybe partial on a stream), eagain,
  /// or the error. Never raises SIGPIPE. The default (a driver without
  /// msghdr) gathers the bytes for send or sendto, and has no control
  /// messages or flags (enotsup: OTP's name for Linux's EOPNOTSUPP).
  virtual errc sendmsg(const std::vector<binary>& iov, size_t skip,
                       const std::optional<inet::socket_address>& to,
                       const std::vector<sock::cmsg>& ctrl,
                       const sock::msg_flags& flags, size_t& written);

  /// recvmsg(2) of at most `max_bytes` (1 or more) with up to
  /// `ctrl_bytes` of control messages: ok with `out` (its addr set on a
  /// dgram socket), closed at the end of a stream, eagain, or the error.
  /// The default is recv, without flags (enotsup).
  virtual errc recvmsg(size_t max_bytes, size_t ctrl_bytes,
                       const sock::msg_flags& flags, sock::msg_recv& out);

  /// Calls `h` once, from the event loop, when the socket becomes readable
  /// (`read`) or writable (`write`), or with closed after close(). At most
  /// one wait per direction may be outstanding.
  virtual void async_wait(readiness r, wait_handler h) = 0;

  virtual errc shutdown(shutdown_how how) = 0;

  /// The kernel's options (levels socket, ip, ipv6, tcp): already checked
  /// with sock::check_set / check_get by the caller. einval for an option
  /// the kernel has not (level otp is the caller's own).
  virtual errc setopt(const sock::option& opt, const sock::value& v) = 0;
  virtual net::result<sock::value> getopt(const sock::option& opt) const = 0;

  virtual net::result<inet::socket_address> sockname() const = 0;
  /// enotconn unless connected.
  virtual net::result<inet::socket_address> peername() const = 0;

  /// Closes the descriptor at once; an outstanding wait completes with
  /// closed. Idempotent.
  virtual void close() = 0;
};

using os_socket_ptr = std::shared_ptr<os_socket>;

/// Opens a non-blocking socket(2) of `d`, `t` and protocol `p` (already
/// resolved: tcp or udp) from the runtime's factory. The default factory
/// (a simulated network) has none: eafnosupport.
net::result<os_socket_ptr> open_os_socket(runtime& rt, sock::domain d,
                                          sock::type t, sock::protocol p);

} // namespace otpnet
