#pragma once

#include <atomic>
#include <memory>
#include <mutex>

#include <boost/asio/generic/stream_protocol.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "otpnet/runtime/transport.hpp"

#include "asio_socket_options.hpp"
#include "otpnet/net/futex_lock.hpp"

namespace otpnet::detail {

/// stream_transport over an Asio stream socket: TCP over IPv4 or IPv6, or
/// a Unix domain socket (the local family). The socket is Asio's generic
/// stream socket, so one code path serves every family; I/O goes through
/// the descriptor anyway (sendmsg, recv), and Asio only waits for
/// readiness.
///
/// Two kinds of threads touch it: the owning actor's (every call; one at a
/// time) and whichever thread runs the event loop (completions). Asio socket objects are not
/// thread-safe, hence the rules:
/// - whatever changes `sock_` or `resolver_` (connect, close_now) holds
///   `mu_`,
///   and so does every completion that touches them or the descriptor;
///   such a completion checks `closed_` first: a descriptor closed by the
///   actor may already be reused by another connection;
/// - async_wait only reads the socket object (its descriptor is already
///   non-blocking; the reactor locks its own state), so the actor starts
///   its waits without `mu_`: the only concurrent user of `sock_` then is
///   a completion re-arming a wait, which only reads it too.
/// This spares the per-socket strand (a post to the event loop for every
/// wait, ~200 bytes per connection), and the actor's waits never contend
/// with the completion that the very same wait may already be running.
using stream_socket = boost::asio::generic::stream_protocol::socket;
using stream_endpoint = boost::asio::generic::stream_protocol::endpoint;

class asio_tcp_transport
  : public stream_transport,
    public std::enable_shared_from_this<asio_tcp_transport> {
public:
  explicit asio_tcp_transport(boost::asio::io_context& ctx);
  /// An accepted socket; `inherited`: the kernel options it already has
  /// (from its listen socket), which apply_options then need not set.
  asio_tcp_transport(stream_socket sock,
                     applied_options inherited);

  void async_connect(std::string host, uint16_t port,
                     const net::socket_options& opts,
                     connect_handler h) override;
  void async_read(size_t max_bytes, read_handler h) override;
  void async_write(std::vector<binary> bufs, write_handler h) override;
  errc try_write(const std::vector<binary>& bufs, size_t& written) override;
  errc try_read(size_t max_bytes, binary& out) override;
  errc shutdown(shutdown_how how) override;
  errc apply_options(const net::socket_options& opts) override;
  net::result<size_t> recbuf() const override;
  net::result<size_t> sndbuf() const override;
  net::result<inet::option>
  kernel_option(inet::option_name name) const override;
  errc set_raw(const inet::raw& opt) override;
  net::result<std::string> get_raw(int level, int num,
                                   std::string buffer) const override;
  net::result<inet::socket_address> sockname() const override;
  net::result<inet::socket_address> peername() const override;
  void close(bool abort) override;

private:
  using lock_type = std::unique_lock<futex_mutex>;

  void try_connect(lock_type& lk,
                   std::shared_ptr<std::vector<stream_endpoint>> eps,
                   size_t index, net::socket_options opts, connect_handler h,
                   errc last);
  void connect_local(lock_type& lk, const stream_endpoint& ep,
                     connect_handler h);
  void close_now(bool abort);
  void start_wait(stream_socket::wait_type what);
  int open_fd(const lock_type& held) const;
  void on_readable(const boost::system::error_code& ec);
  void on_writable(const boost::system::error_code& ec);

  mutable futex_mutex mu_; // 4 bytes, not 40: one per connection (s5)
  stream_socket sock_;
  // Only a connecting socket resolves: an accepted one never pays for it.
  std::unique_ptr<boost::asio::ip::tcp::resolver> resolver_;
  applied_options applied_;
  bool closed_ = false; // under mu_: the descriptor is closed
  // The outstanding read and write (at most one each), kept here rather
  // than in the Asio handlers, which then fit Asio's recycled memory.
  size_t read_max_ = 0;
  read_handler read_h_;
  std::vector<binary> write_bufs_;
  size_t write_done_ = 0; // bytes of write_bufs_ already in the kernel
  write_handler write_h_;
  // The descriptor for the actor's fast paths, published once connected;
  // -1 again from close() on (no wait starts after that).
  std::atomic<int> fd_{-1};
};

} // namespace otpnet::detail
