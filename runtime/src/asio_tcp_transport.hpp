#pragma once

#include <atomic>
#include <memory>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>

#include "otpnet/runtime/transport.hpp"

#include "asio_socket_options.hpp"

namespace otpnet::detail {

/// stream_transport over an Asio TCP socket. Asynchronous operations and
/// close run on the socket's strand (Asio: "Shared objects: Unsafe").
/// Synchronous option and address calls go straight to the descriptor:
/// they only read the socket's handle, which no strand operation changes
/// before close.
class asio_tcp_transport
  : public stream_transport,
    public std::enable_shared_from_this<asio_tcp_transport> {
public:
  using strand_type
    = boost::asio::strand<boost::asio::io_context::executor_type>;

  explicit asio_tcp_transport(boost::asio::io_context& ctx);
  asio_tcp_transport(strand_type strand, boost::asio::ip::tcp::socket sock);

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
  net::result<inet::socket_address> sockname() const override;
  net::result<inet::socket_address> peername() const override;
  void close(bool abort) override;

private:
  void try_connect(std::shared_ptr<std::vector<boost::asio::ip::tcp::endpoint>>
                     eps,
                   size_t index, net::socket_options opts, connect_handler h,
                   errc last);
  void on_readable(size_t max_bytes, read_handler h);

  strand_type strand_;
  boost::asio::ip::tcp::socket sock_;
  // Only a connecting socket resolves: an accepted one never pays for it.
  std::unique_ptr<boost::asio::ip::tcp::resolver> resolver_;
  std::optional<kernel_options> applied_;
  // The descriptor for the fast paths, published once connected: the
  // kernel allows a read and a write on one socket from two threads, and
  // the socket object itself is never touched outside the strand.
  std::atomic<int> fd_{-1};
};

} // namespace otpnet::detail
