#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>

#include <boost/asio/io_context.hpp>
#include <boost/asio/generic/datagram_protocol.hpp>
#include <boost/asio/ip/udp.hpp>

#include "otpnet/runtime/transport.hpp"

#include "asio_socket_options.hpp"

namespace otpnet::detail {

/// datagram_transport over an Asio UDP socket. Same threading design as
/// asio_tcp_transport (see its class comment): completions that touch the
/// descriptor hold `mu_` and check `closed_` first; the actor starts its
/// waits without `mu_`; the fast paths use `fd_`. Unlike TCP, close()
/// closes the descriptor at once, under `mu_` (see there).
class asio_udp_transport
  : public datagram_transport,
    public std::enable_shared_from_this<asio_udp_transport> {
public:
  explicit asio_udp_transport(boost::asio::io_context& ctx);

  /// Opens a socket of the family of `opts` (inet6 also for an IPv6
  /// `opts.ip`), binds it to `opts.ip` (or the any address) and `port`,
  /// and applies the kernel options of `opts`. Once, before anything else.
  errc open(uint16_t port, const net::socket_options& opts);

  void async_receive(size_t max_bytes, receive_handler h) override;
  errc try_receive(size_t max_bytes, inet::socket_address& from,
                   binary& out) override;
  void async_receive_ancillary(size_t max_bytes,
                               ancillary_receive_handler h) override;
  errc try_receive_ancillary(size_t max_bytes, inet::socket_address& from,
                             binary& out, inet::ancillary_data& anc) override;
  errc try_send(const std::optional<inet::socket_address>& to,
                const binary& data) override;
  void async_send(std::optional<inet::socket_address> to, binary data,
                  send_handler h) override;
  errc try_send_ancillary(const std::optional<inet::socket_address>& to,
                          const binary& data,
                          const inet::ancillary_data& anc) override;
  void async_send_ancillary(std::optional<inet::socket_address> to,
                            binary data, inet::ancillary_data anc,
                            send_handler h) override;
  errc connect(const inet::socket_address& to) override;
  errc apply_options(const net::socket_options& opts) override;
  net::result<size_t> recbuf() const override;
  net::result<size_t> sndbuf() const override;
  net::result<inet::option>
  kernel_option(inet::option_name name) const override;
  errc set_raw(const inet::raw& opt) override;
  errc set_membership(const net::membership_change& x) override;
  net::result<std::string> get_raw(int level, int num,
                                   std::string buffer) const override;
  net::result<inet::socket_address> sockname() const override;
  net::result<inet::socket_address> peername() const override;
  void close() override;

private:
  using lock_type = std::unique_lock<std::mutex>;

  using dgram_socket = boost::asio::generic::datagram_protocol::socket;
  using dgram_endpoint = boost::asio::generic::datagram_protocol::endpoint;

  void start_wait(dgram_socket::wait_type what);
  int open_fd(const lock_type& held) const;
  net::result<size_t> int_option(int level, int name) const;
  /// `to` as an endpoint of this socket's family; eafnosupport otherwise
  /// (einval for a local file no socket could have).
  errc endpoint_for(const inet::socket_address& to,
                    dgram_endpoint& out) const;
  void on_readable(const boost::system::error_code& ec);
  void on_writable(const boost::system::error_code& ec);

  mutable std::mutex mu_;
  dgram_socket sock_; // generic: IPv4, IPv6 or a local (AF_UNIX) socket
  applied_options applied_;
  bool v6_ = false;     // the socket's family; fixed by open()
  bool local_ = false;  // the local family (AF_UNIX)
  bool closed_ = false; // under mu_: the descriptor is closed
  // The outstanding receive and send (at most one each), kept here rather
  // than in the Asio handlers, which then fit Asio's recycled memory.
  size_t receive_max_ = 0;
  bool receive_ancillary_ = false; // which of the two handlers waits
  bool ancillary_on_ = false;      // under mu_: a recv* option is on
  receive_handler receive_h_;
  ancillary_receive_handler receive_anc_h_;
  std::optional<dgram_endpoint> send_to_;
  binary send_data_;
  inet::ancillary_data send_anc_; // empty: a plain send
  send_handler send_h_;
  // The descriptor for the actor's fast paths, published by open(); -1
  // again from close() on (no wait starts after that).
  std::atomic<int> fd_{-1};
};

} // namespace otpnet::detail
