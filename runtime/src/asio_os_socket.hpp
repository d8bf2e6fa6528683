#pragma once

#include <memory>
#include <mutex>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>

#include "otpnet/runtime/os_socket.hpp"

namespace otpnet::detail {

/// os_socket over a raw non-blocking descriptor. Asio only waits for
/// readiness (a stream_descriptor, for async_wait); every other call is
/// the system call itself, on the caller's thread.
///
/// Threading, as asio_udp_transport: the actor calls from its thread, wait
/// completions run on the event loop. Every call holds `mu_` and checks
/// `closed_` first, and close() closes the descriptor at once under `mu_`,
/// so no call or completion touches a descriptor number that another
/// socket may already have taken. Completions never touch the descriptor:
/// they only report ok, or closed once `closed_` is set.
///
/// The waits hold the socket weakly: a socket its actor drops without
/// close() is closed by its destructor at once (its pending waits are then
/// never called), not kept open until the peer happens to send.
class asio_os_socket final
  : public os_socket,
    public std::enable_shared_from_this<asio_os_socket> {
public:
  /// Closed until wrap() (through open or accept) gives it a descriptor.
  asio_os_socket(boost::asio::io_context& ctx, sock::domain d, sock::type t);

  ~asio_os_socket() override;

  /// socket(2) of `d`, `t` and `p` (ip: the type's default), non-blocking
  /// and close-on-exec.
  static net::result<os_socket_ptr> open(boost::asio::io_context& ctx,
                                         sock::domain d, sock::type t,
                                         sock::protocol p);

  errc bind(const inet::socket_address& addr) override;
  errc listen(int backlog) override;
  errc accept(std::shared_ptr<os_socket>& out) override;
  errc connect(const inet::socket_address& to) override;
  errc connect_result() override;
  errc send(const uint8_t* data, size_t size, size_t& written) override;
  errc sendto(const binary& data, const inet::socket_address& to) override;
  errc recv(size_t max_bytes, binary& out) override;
  errc recvfrom(size_t max_bytes, inet::socket_address& from,
                binary& out) override;
  void async_wait(readiness r, wait_handler h) override;
  errc sendmsg(const std::vector<binary>& iov, size_t skip,
               const std::optional<inet::socket_address>& to,
               const std::vector<sock::cmsg>& ctrl,
               const sock::msg_flags& flags, size_t& written) override;
  errc recvmsg(size_t max_bytes, size_t ctrl_bytes,
               const sock::msg_flags& flags, sock::msg_recv& out) override;
  errc shutdown(shutdown_how how) override;
  errc setopt(const sock::option& opt, const sock::value& v) override;
  net::result<sock::value> getopt(const sock::option& opt) const override;
  net::result<inet::socket_address> sockname() const override;
  net::result<inet::socket_address> peername() const override;
  void close() override;

private:
  using lock_type = std::unique_lock<std::mutex>;

  /// A socket owning `fd`, a non-blocking socket of `d` and `t`; closes
  /// `fd` if it cannot.
  static net::result<os_socket_ptr> wrap(boost::asio::io_context& ctx,
                                         int fd, sock::domain d,
                                         sock::type t);

  /// Runs `f(fd)` under `mu_`, or returns closed once closed.
  template <class F>
  auto with_fd(F f) const -> decltype(f(0));

  void on_ready(readiness r, const boost::system::error_code& ec);

  /// {ip, msfilter}: `null` or a sock::ip_msfilter as IP_MSFILTER.
  errc set_msfilter(const sock::value& v);

  boost::asio::io_context& ctx_;
  const sock::domain domain_;
  const sock::type type_;
  mutable std::mutex mu_;
  boost::asio::posix::stream_descriptor desc_; // under mu_
  int fd_ = -1;        // desc_'s descriptor, valid while !closed_
  bool closed_ = true; // under mu_; false from wrap() to close()
  // The outstanding waits (at most one each), under mu_; kept here so the
  // Asio handlers stay small.
  wait_handler read_h_;
  wait_handler write_h_;
};

} // namespace otpnet::detail
