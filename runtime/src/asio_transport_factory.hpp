#pragma once

#include <boost/asio/io_context.hpp>

#include "otpnet/runtime/transport.hpp"

namespace otpnet::detail {

/// The default transports: real sockets through Boost.Asio.
class asio_transport_factory : public transport_factory {
public:
  explicit asio_transport_factory(boost::asio::io_context& ctx) : ctx_(ctx) {
    // nop
  }

  stream_transport_ptr make_tcp_transport() override;

  net::result<listen_transport_ptr>
  open_tcp_listener(uint16_t port, const net::socket_options& opts) override;

  net::result<datagram_transport_ptr>
  open_udp(uint16_t port, const net::socket_options& opts) override;

  net::result<os_socket_ptr> open_os_socket(sock::domain d, sock::type t,
                                            sock::protocol p) override;

private:
  boost::asio::io_context& ctx_;
};

} // namespace otpnet::detail
