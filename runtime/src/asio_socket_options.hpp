#pragma once

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <optional>
#include <tuple>

#include <boost/asio/detail/socket_option.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/socket_base.hpp>

#include "otpnet/net/errc.hpp"
#include "otpnet/net/socket_options.hpp"

#include "error_mapping.hpp"

namespace otpnet::detail {

/// The part of the options that lives in the kernel.
struct kernel_options {
  bool reuseaddr;
  bool nodelay;
  bool keepalive;
  std::optional<uint32_t> recbuf;
  std::optional<uint32_t> sndbuf;
  std::optional<int32_t> tos;
  std::optional<int32_t> priority;
  bool broadcast;
  bool dontroute;
  bool reuseport;
  std::optional<int32_t> keepidle;
  std::optional<int32_t> keepintvl;
  std::optional<int32_t> keepcnt;

  static kernel_options of(const net::socket_options& opts) {
    return {opts.reuseaddr, opts.nodelay,   opts.keepalive, opts.recbuf,
            opts.sndbuf,    opts.tos,       opts.priority,  opts.broadcast,
            opts.dontroute, opts.reuseport, opts.keepidle,  opts.keepintvl,
            opts.keepcnt};
  }

  auto as_tuple() const {
    return std::tie(reuseaddr, nodelay, keepalive, recbuf, sndbuf, tos,
                    priority, broadcast, dontroute, reuseport, keepidle,
                    keepintvl, keepcnt);
  }

  friend bool operator==(const kernel_options& x, const kernel_options& y) {
    return x.as_tuple() == y.as_tuple();
  }
};

using ip_tos_option
  = boost::asio::detail::socket_option::integer<IPPROTO_IP, IP_TOS>;
using priority_option
  = boost::asio::detail::socket_option::integer<SOL_SOCKET, SO_PRIORITY>;
using reuseport_option
  = boost::asio::detail::socket_option::boolean<SOL_SOCKET, SO_REUSEPORT>;
using keepidle_option
  = boost::asio::detail::socket_option::integer<IPPROTO_TCP, TCP_KEEPIDLE>;
using keepintvl_option
  = boost::asio::detail::socket_option::integer<IPPROTO_TCP, TCP_KEEPINTVL>;
using keepcnt_option
  = boost::asio::detail::socket_option::integer<IPPROTO_TCP, TCP_KEEPCNT>;

/// Applies the kernel-level part of `opts` to an Asio socket or acceptor:
/// the one place where otpnet options become setsockopt calls. Only what
/// differs from `applied` is set (setopts({active, once}) after every
/// packet must not cost system calls); `applied` is updated.
template <class Socket>
errc apply_kernel_options(Socket& sock, const net::socket_options& opts,
                          bool stream, std::optional<kernel_options>& applied) {
  namespace asio = boost::asio;
  auto want = kernel_options::of(opts);
  if (applied && *applied == want)
    return errc::ok;
  auto changed = [&](auto field) {
    return !applied || (*applied).*field != want.*field;
  };
  boost::system::error_code ec;
  if (changed(&kernel_options::reuseaddr))
    sock.set_option(asio::socket_base::reuse_address(want.reuseaddr), ec);
  if (!ec && stream && changed(&kernel_options::nodelay))
    sock.set_option(asio::ip::tcp::no_delay(want.nodelay), ec);
  if (!ec && stream && changed(&kernel_options::keepalive))
    sock.set_option(asio::socket_base::keep_alive(want.keepalive), ec);
  if (!ec && want.recbuf && changed(&kernel_options::recbuf))
    sock.set_option(asio::socket_base::receive_buffer_size(
                      static_cast<int>(*want.recbuf)),
                    ec);
  if (!ec && want.sndbuf && changed(&kernel_options::sndbuf))
    sock.set_option(asio::socket_base::send_buffer_size(
                      static_cast<int>(*want.sndbuf)),
                    ec);
  // IP_TOS exists for IPv4 sockets only; an IPv6 socket ignores it, as the
  // spec allows ("ignored on platforms where it is not implemented").
  if (!ec && want.tos && changed(&kernel_options::tos)
      && sock.local_endpoint(ec).protocol() == asio::ip::tcp::v4())
    sock.set_option(ip_tos_option(*want.tos), ec);
  if (!ec && want.priority && changed(&kernel_options::priority))
    sock.set_option(priority_option(*want.priority), ec);
  if (!ec && !stream && changed(&kernel_options::broadcast))
    sock.set_option(asio::socket_base::broadcast(want.broadcast), ec);
  if (!ec && changed(&kernel_options::dontroute))
    sock.set_option(asio::socket_base::do_not_route(want.dontroute), ec);
  if (!ec && changed(&kernel_options::reuseport))
    sock.set_option(reuseport_option(want.reuseport), ec);
  if (!ec && stream && want.keepidle && changed(&kernel_options::keepidle))
    sock.set_option(keepidle_option(*want.keepidle), ec);
  if (!ec && stream && want.keepintvl && changed(&kernel_options::keepintvl))
    sock.set_option(keepintvl_option(*want.keepintvl), ec);
  if (!ec && stream && want.keepcnt && changed(&kernel_options::keepcnt))
    sock.set_option(keepcnt_option(*want.keepcnt), ec);
  if (ec)
    return to_errc(ec);
  applied = want;
  return errc::ok;
}

} // namespace otpnet::detail
