#pragma once

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <memory>
#include <optional>
#include <string>
#include <tuple>

#include <boost/asio/detail/socket_option.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/socket_base.hpp>

#include "otpnet/net/errc.hpp"
#include "otpnet/net/socket_options.hpp"

#include "error_mapping.hpp"
#include "multicast_option.hpp"
#include "raw_socket_option.hpp"

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
  bool nopush;
  std::optional<int32_t> user_timeout;
  std::optional<int32_t> tclass;
  std::string bind_to_device;
  bool recvtos;
  bool recvttl;
  bool recvtclass;
  std::optional<int32_t> ttl;
  std::optional<inet::multicast_if> multicast_if;
  std::optional<bool> multicast_loop;
  std::optional<int32_t> multicast_ttl;

  static kernel_options of(const net::socket_options& opts) {
    return {opts.reuseaddr,    opts.nodelay,   opts.keepalive, opts.recbuf,
            opts.sndbuf,       opts.tos,       opts.priority,  opts.broadcast,
            opts.dontroute,    opts.reuseport, opts.keepidle,  opts.keepintvl,
            opts.keepcnt,      opts.nopush,    opts.user_timeout,
            opts.tclass,       opts.bind_to_device, opts.recvtos,
            opts.recvttl,      opts.recvtclass, opts.ttl,
            opts.multicast_if, opts.multicast_loop, opts.multicast_ttl};
  }

  auto as_tuple() const {
    return std::tie(reuseaddr, nodelay, keepalive, recbuf, sndbuf, tos,
                    priority, broadcast, dontroute, reuseport, keepidle,
                    keepintvl, keepcnt, nopush, user_timeout, tclass,
                    bind_to_device, recvtos, recvttl, recvtclass, ttl,
                    multicast_if, multicast_loop, multicast_ttl);
  }

  friend bool operator==(const kernel_options& x, const kernel_options& y) {
    return x.as_tuple() == y.as_tuple();
  }
};

/// The kernel options a descriptor is known to have, or null when that is
/// unknown (a fresh descriptor). Immutable once made, so a listen socket
/// shares its record with every socket it accepts (Linux copies the options
/// to them): an idle connection holds a pointer, not ~200 bytes.
using applied_options = std::shared_ptr<const kernel_options>;

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
using nopush_option
  = boost::asio::detail::socket_option::boolean<IPPROTO_TCP, TCP_CORK>;
using user_timeout_option
  = boost::asio::detail::socket_option::integer<IPPROTO_TCP,
                                                TCP_USER_TIMEOUT>;
using tclass_option
  = boost::asio::detail::socket_option::integer<IPPROTO_IPV6, IPV6_TCLASS>;
using ttl_option
  = boost::asio::detail::socket_option::integer<IPPROTO_IP, IP_TTL>;
using recvtos_option
  = boost::asio::detail::socket_option::boolean<IPPROTO_IP, IP_RECVTOS>;
using recvttl_option
  = boost::asio::detail::socket_option::boolean<IPPROTO_IP, IP_RECVTTL>;
using recvtclass_option
  = boost::asio::detail::socket_option::boolean<IPPROTO_IPV6,
                                                IPV6_RECVTCLASS>;

/// SO_BINDTODEVICE: the name's bytes, not NUL-terminated (the kernel takes
/// the length); empty unbinds.
class bind_to_device_option {
public:
  explicit bind_to_device_option(const std::string& name) : name_(name) {
    // nop
  }

  template <class Protocol>
  int level(const Protocol&) const {
    return SOL_SOCKET;
  }

  template <class Protocol>
  int name(const Protocol&) const {
    return SO_BINDTODEVICE;
  }

  template <class Protocol>
  const char* data(const Protocol&) const {
    return name_.data();
  }

  template <class Protocol>
  std::size_t size(const Protocol&) const {
    return name_.size();
  }

private:
  const std::string& name_;
};

/// SO_BINDTODEVICE's answers in OTP's terms: an unknown interface (ENODEV)
/// is einval as in OTP 25; a refusal (EPERM without CAP_NET_RAW, e.g. to
/// rebind on Linux >= 5.7 or to bind at all before) stays eperm, which says
/// more than OTP's einval.
inline errc bind_to_device_errc(const boost::system::error_code& ec) {
  if (ec == boost::system::errc::no_such_device)
    return errc::einval;
  return to_errc(ec);
}

/// Applies the kernel-level part of `opts` to an Asio socket or acceptor:
/// the one place where otpnet options become setsockopt calls. Only what
/// differs from `applied` is set (setopts({active, once}) after every
/// packet must not cost system calls); `applied` is updated.
template <class Socket>
errc apply_kernel_options(Socket& sock, const net::socket_options& opts,
                          bool stream, applied_options& applied) {
  namespace asio = boost::asio;
  auto want = kernel_options::of(opts);
  if (applied && *applied == want)
    return errc::ok;
  auto changed = [&](auto field) {
    return !applied || (*applied).*field != want.*field;
  };
  boost::system::error_code ec;
  // The TCP-level options mean nothing to a local (AF_UNIX) stream socket:
  // left alone, as OTP's inet_drv ignores the kernel's refusal (the spec
  // of gen_tcp, "nodelay ... not compatible with domain = local").
  bool tcp = stream && opts.family != inet::family_kind::local;
  if (changed(&kernel_options::reuseaddr))
    sock.set_option(asio::socket_base::reuse_address(want.reuseaddr), ec);
  if (!ec && tcp && changed(&kernel_options::nodelay))
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
  // IP_TOS on either family: Linux applies it to an IPv6 socket's IPv4
  // traffic, and OTP 25 sets it there too (and reads it back). Linux also
  // derives SO_PRIORITY from a new TOS; OTP's inet_drv puts the priority
  // back, so a tos never changes the priority, and otpnet does the same.
  if (!ec && want.tos && changed(&kernel_options::tos)) {
    priority_option before;
    sock.get_option(before, ec);
    if (!ec)
      sock.set_option(ip_tos_option(*want.tos), ec);
    priority_option after;
    if (!ec)
      sock.get_option(after, ec);
    if (!ec && after.value() != before.value())
      sock.set_option(before, ec);
  }
  if (!ec && want.priority && changed(&kernel_options::priority))
    sock.set_option(priority_option(*want.priority), ec);
  if (!ec && !stream && changed(&kernel_options::broadcast))
    sock.set_option(asio::socket_base::broadcast(want.broadcast), ec);
  if (!ec && changed(&kernel_options::dontroute))
    sock.set_option(asio::socket_base::do_not_route(want.dontroute), ec);
  // Off on a fresh descriptor; and Linux (since 6.12) refuses even
  // clearing SO_REUSEPORT on a local socket.
  if (!ec && (applied || want.reuseport)
      && changed(&kernel_options::reuseport))
    sock.set_option(reuseport_option(want.reuseport), ec);
  if (!ec && tcp && want.keepidle && changed(&kernel_options::keepidle))
    sock.set_option(keepidle_option(*want.keepidle), ec);
  if (!ec && tcp && want.keepintvl && changed(&kernel_options::keepintvl))
    sock.set_option(keepintvl_option(*want.keepintvl), ec);
  if (!ec && tcp && want.keepcnt && changed(&kernel_options::keepcnt))
    sock.set_option(keepcnt_option(*want.keepcnt), ec);
  // A fresh descriptor already has the defaults: no call for them.
  if (!ec && tcp && (applied || want.nopush)
      && changed(&kernel_options::nopush))
    sock.set_option(nopush_option(want.nopush), ec);
  if (!ec && tcp && want.user_timeout
      && changed(&kernel_options::user_timeout))
    sock.set_option(user_timeout_option(*want.user_timeout), ec);
  // An IPv4 socket has no IPV6_TCLASS: einval, as OTP 25 answers.
  if (!ec && want.tclass && changed(&kernel_options::tclass)) {
    if (sock.local_endpoint(ec).protocol().family() != AF_INET6)
      return ec ? to_errc(ec) : errc::einval;
    sock.set_option(tclass_option(*want.tclass), ec);
  }
  // IP_TTL on either family: Linux applies it to an IPv6 socket's IPv4
  // traffic, and OTP 25 sets it there too.
  if (!ec && want.ttl && changed(&kernel_options::ttl))
    sock.set_option(ttl_option(*want.ttl), ec);
  if (!ec && (applied || !want.bind_to_device.empty())
      && changed(&kernel_options::bind_to_device)) {
    sock.set_option(bind_to_device_option(want.bind_to_device), ec);
    if (ec)
      return bind_to_device_errc(ec);
  }
  // IP_RECVTOS/IP_RECVTTL also on an IPv6 socket: its IPv4 traffic (dual
  // stack) then carries them, as in OTP 25. A TCP socket takes them too,
  // as OTP's does; its data carries none (OTP reads them only through
  // pktoptions). A fresh descriptor has them off: no call for that.
  if (!ec && (applied || want.recvtos) && changed(&kernel_options::recvtos))
    sock.set_option(recvtos_option(want.recvtos), ec);
  if (!ec && (applied || want.recvttl) && changed(&kernel_options::recvttl))
    sock.set_option(recvttl_option(want.recvttl), ec);
  // Normalisation refuses recvtclass on IPv4; the kernel would too.
  if (!ec && (applied || want.recvtclass)
      && changed(&kernel_options::recvtclass)) {
    if (sock.local_endpoint(ec).protocol().family() != AF_INET6)
      return ec ? to_errc(ec) : errc::einval;
    sock.set_option(recvtclass_option(want.recvtclass), ec);
  }
  if (ec)
    return to_errc(ec);
  if (!stream) {
    int fd = sock.native_handle();
    bool v6 = opts.family == inet::family_kind::inet6;
    errc err = errc::ok;
    if (want.multicast_if && changed(&kernel_options::multicast_if))
      err = set_multicast_if(fd, v6, *want.multicast_if);
    if (err == errc::ok && want.multicast_loop
        && changed(&kernel_options::multicast_loop))
      err = set_multicast_loop(fd, v6, *want.multicast_loop);
    if (err == errc::ok && want.multicast_ttl
        && changed(&kernel_options::multicast_ttl))
      err = set_multicast_ttl(fd, v6, *want.multicast_ttl);
    if (err != errc::ok)
      return err;
  }
  // Group memberships and raw options are the open-time lists, set once:
  // setopts sets its own (setopts_delta::memberships, ::raw) through the
  // transport.
  if (!applied) {
    if (auto err = set_memberships(sock.native_handle(), opts.memberships);
        err != errc::ok)
      return err;
    if (auto err = set_raw_options(sock.native_handle(), opts.raw);
        err != errc::ok)
      return err;
  }
  applied = std::make_shared<const kernel_options>(std::move(want));
  return errc::ok;
}

} // namespace otpnet::detail
