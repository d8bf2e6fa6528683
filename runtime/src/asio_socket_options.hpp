#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/socket_base.hpp>

#include "otpnet/net/errc.hpp"
#include "otpnet/net/socket_options.hpp"

#include "error_mapping.hpp"

namespace otpnet::detail {

/// Applies the kernel-level part of `opts` to an Asio socket or acceptor:
/// the one place where otpnet options become setsockopt calls.
template <class Socket>
errc apply_kernel_options(Socket& sock, const net::socket_options& opts,
                          bool stream) {
  namespace asio = boost::asio;
  boost::system::error_code ec;
  sock.set_option(asio::socket_base::reuse_address(opts.reuseaddr), ec);
  if (!ec && stream)
    sock.set_option(asio::ip::tcp::no_delay(opts.nodelay), ec);
  if (!ec && stream)
    sock.set_option(asio::socket_base::keep_alive(opts.keepalive), ec);
  if (!ec && opts.recbuf)
    sock.set_option(asio::socket_base::receive_buffer_size(
                      static_cast<int>(*opts.recbuf)),
                    ec);
  if (!ec && opts.sndbuf)
    sock.set_option(asio::socket_base::send_buffer_size(
                      static_cast<int>(*opts.sndbuf)),
                    ec);
  return to_errc(ec);
}

} // namespace otpnet::detail
