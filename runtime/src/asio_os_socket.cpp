#include "asio_os_socket.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <optional>
#include <utility>

#include <boost/asio/generic/stream_protocol.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>

#include "otpnet/inet/local_address.hpp"
#include "otpnet/runtime.hpp"

#include "asio_address.hpp"
#include "asio_transport_factory.hpp"
#include "control_messages.hpp"
#include "error_mapping.hpp"
#include "multicast_option.hpp"
#include "spare_buffer.hpp"

namespace otpnet {

os_socket::~os_socket() = default;

errc os_socket::sendmsg(const std::vector<binary>& iov, size_t skip,
                        const std::optional<inet::socket_address>& to,
                        const std::vector<sock::cmsg>& ctrl,
                        const sock::msg_flags& flags, size_t& written) {
  written = 0;
  if (!ctrl.empty() || !flags.empty())
    return errc::enotsup;
  auto rest = sock::iov_drop(iov, skip);
  auto bytes = sock::iov_join(rest);
  if (to) {
    auto e = sendto(bytes, *to);
    if (e == errc::ok)
      written = bytes.size();
    return e;
  }
  return send(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(),
              written);
}

errc os_socket::recvmsg(size_t max_bytes, size_t, const sock::msg_flags& flags,
                        sock::msg_recv& out) {
  if (!flags.empty())
    return errc::enotsup;
  binary data;
  auto e = recv(max_bytes, data);
  if (e == errc::ok)
    out.iov.push_back(std::move(data));
  return e;
}

net::result<os_socket_ptr>
transport_factory::open_os_socket(sock::domain, sock::type, sock::protocol) {
  return errc::eafnosupport;
}

net::result<os_socket_ptr> open_os_socket(runtime& rt, sock::domain d,
                                          sock::type t, sock::protocol p) {
  return rt.transports().open_os_socket(d, t, p);
}

namespace detail {

namespace asio = boost::asio;
using boost::system::error_code;
// Only as storage for a sockaddr of any family (IPv4, IPv6, AF_UNIX).
using endpoint = asio::generic::stream_protocol::endpoint;

net::result<os_socket_ptr>
asio_transport_factory::open_os_socket(sock::domain d, sock::type t,
                                       sock::protocol p) {
  return asio_os_socket::open(ctx_, d, t, p);
}

namespace {

/// Runs a system call again while a signal interrupts it.
template <class F>
auto retry(F f) {
  auto r = f();
  while (r < 0 && errno == EINTR)
    r = f();
  return r;
}

errc last_error() {
  return errc_from_errno(errno); // EAGAIN and EWOULDBLOCK: eagain
}

errc endpoint_for(sock::domain d, const inet::socket_address& a,
                  endpoint& out) {
  if (d == sock::domain::local) {
    // An IP address: einval, the kernel's answer to a sockaddr of another
    // family on AF_UNIX (and OTP 25's). An empty path is the kernel's
    // autobind in bind (an abstract name of its choice) and einval
    // elsewhere, the kernel's call too; any other path must fit.
    if (!a.is_local())
      return errc::einval;
    const auto& path = a.local->path;
    if (!path.empty() && inet::check_local_path(path) != errc::ok)
      return errc::einval;
    out = local_stream_endpoint(path);
    return errc::ok;
  }
  // The family is checked here, not left to the kernel: Linux would take
  // an IPv4 address on a dual-stack inet6 socket. A local address ({local,
  // File}) on an IP socket is eafnosupport, as OTP 25 answers.
  if (a.is_local() || a.addr.is_v6() != (d == sock::domain::inet6))
    return errc::eafnosupport;
  out = endpoint{asio::ip::tcp::endpoint{to_asio(a.addr), a.port}};
  return errc::ok;
}

/// One recvfrom into the thread's spare buffer (spare_buffer.hpp), as the
/// TCP and UDP transports read. max_bytes 0 takes what is there (Erlang's
/// Length 0). ok (`out` empty for zero bytes read), or the error.
errc receive_now(int fd, size_t max_bytes, sockaddr* from, socklen_t* len,
                 binary& out) {
  auto& spare = spare_buffer::local();
  constexpr auto all = spare_buffer::size;
  size_t want = max_bytes == 0 ? all : std::min(max_bytes, all);
  auto n = retry(
    [&] { return ::recvfrom(fd, spare.bytes(), want, 0, from, len); });
  if (n < 0)
    return last_error();
  out = spare.take(static_cast<size_t>(n));
  return errc::ok;
}

/// What a read of zero bytes (of at least one asked for) says: the end
/// of a stream (closed); an empty datagram (ok). On a seqpacket socket
/// the kernel returns zero for an empty record and, once the peer has
/// shut down or closed, at the end: the end when poll(2) reports the
/// peer's shutdown (POLLRDHUP), else an empty record. An empty record
/// still queued when the peer closes therefore reads as closed. (OTP's
/// NIF ends only SOCK_STREAM at zero: its seqpacket recv answers
/// {ok, <<>>} at the end, again at every call.)
errc zero_read(int fd, sock::type t) {
  if (t == sock::type::dgram)
    return errc::ok;
  if (t == sock::type::stream)
    return errc::closed;
  pollfd p{fd, POLLRDHUP, 0};
  if (retry([&] { return ::poll(&p, 1, 0); }) < 0)
    return last_error();
  return (p.revents & (POLLRDHUP | POLLHUP)) != 0 ? errc::closed : errc::ok;
}

/// socket(2)'s type of `t`.
int native_type(sock::type t) {
  switch (t) {
    case sock::type::dgram:
      return SOCK_DGRAM;
    case sock::type::seqpacket:
      return SOCK_SEQPACKET;
    default:
      return SOCK_STREAM;
  }
}

/// getsockname(2) or getpeername(2).
net::result<inet::socket_address>
name_of(int fd, int (*call)(int, sockaddr*, socklen_t*)) {
  endpoint ep;
  auto len = static_cast<socklen_t>(ep.capacity());
  if (call(fd, ep.data(), &len) != 0)
    return last_error();
  ep.resize(len);
  return from_asio(ep);
}

/// IPV6_FLOWINFO is in Linux's <linux/in6.h> only, which clashes with
/// glibc's <netinet/in.h>; its value is part of the kernel's ABI.
constexpr int ipv6_flowinfo = 11;

/// The most sources {ip, msfilter} builds a request for: 256 KiB of them,
/// beyond what any kernel takes (Linux's optmem_max).
constexpr size_t max_msfilter_sources = 65536;

/// How the kernel stores an option's value.
enum class kind {
  flag,
  integer,
  linger,
  domain,
  type,
  protocol,
  device,     // SO_BINDTODEVICE: an interface name
  if_address, // IP_MULTICAST_IF: an IPv4 address
  membership, // ip_mreq / ipv6_mreq, set only
  msfilter,   // struct ip_msfilter (or none: `null`), set only
  pmtudisc,   // IP(V6)_MTU_DISCOVER: want | dont | do | probe
};

struct kernel_option {
  int level;
  int name;
  kind k;
  bool settable;
};

/// The kernel's {level, name} for `o`, or nullopt (level otp, and
/// anything the kernel has not).
std::optional<kernel_option> kernel_option_of(const sock::option& o) {
  using sock::name;
  auto rw = [](int level, int nm, kind k) {
    return kernel_option{level, nm, k, true};
  };
  auto ro = [](int level, int nm, kind k) {
    return kernel_option{level, nm, k, false};
  };
  switch (o.level) {
    case sock::level::socket:
      switch (o.name) {
        case name::acceptconn:
          return ro(SOL_SOCKET, SO_ACCEPTCONN, kind::flag);
        case name::bindtodevice:
          return rw(SOL_SOCKET, SO_BINDTODEVICE, kind::device);
        case name::broadcast:
          return rw(SOL_SOCKET, SO_BROADCAST, kind::flag);
        case name::peek_off:
          return rw(SOL_SOCKET, SO_PEEK_OFF, kind::integer);
        case name::debug:
          return rw(SOL_SOCKET, SO_DEBUG, kind::integer);
        case name::priority:
          return rw(SOL_SOCKET, SO_PRIORITY, kind::integer);
        case name::rcvlowat:
          return rw(SOL_SOCKET, SO_RCVLOWAT, kind::integer);
        case name::sndlowat:
          return rw(SOL_SOCKET, SO_SNDLOWAT, kind::integer);
        case name::domain:
          return ro(SOL_SOCKET, SO_DOMAIN, kind::domain);
        case name::keepalive:
          return rw(SOL_SOCKET, SO_KEEPALIVE, kind::flag);
        case name::linger:
          return rw(SOL_SOCKET, SO_LINGER, kind::linger);
        case name::protocol:
          return ro(SOL_SOCKET, SO_PROTOCOL, kind::protocol);
        case name::rcvbuf:
          return rw(SOL_SOCKET, SO_RCVBUF, kind::integer);
        case name::reuseaddr:
          return rw(SOL_SOCKET, SO_REUSEADDR, kind::flag);
        case name::reuseport:
          return rw(SOL_SOCKET, SO_REUSEPORT, kind::flag);
        case name::sndbuf:
          return rw(SOL_SOCKET, SO_SNDBUF, kind::integer);
        case name::type:
          return ro(SOL_SOCKET, SO_TYPE, kind::type);
        default:
          return std::nullopt;
      }
    case sock::level::ip:
      switch (o.name) {
        case name::add_membership:
          return rw(IPPROTO_IP, IP_ADD_MEMBERSHIP, kind::membership);
        case name::drop_membership:
          return rw(IPPROTO_IP, IP_DROP_MEMBERSHIP, kind::membership);
        case name::multicast_if:
          return rw(IPPROTO_IP, IP_MULTICAST_IF, kind::if_address);
        case name::mtu_discover:
          return rw(IPPROTO_IP, IP_MTU_DISCOVER, kind::pmtudisc);
        case name::freebind:
          return rw(IPPROTO_IP, IP_FREEBIND, kind::flag);
        case name::minttl:
          return rw(IPPROTO_IP, IP_MINTTL, kind::integer);
        case name::msfilter:
          return rw(IPPROTO_IP, IP_MSFILTER, kind::msfilter);
        case name::mtu:
          return ro(IPPROTO_IP, IP_MTU, kind::integer);
        case name::multicast_loop:
          return rw(IPPROTO_IP, IP_MULTICAST_LOOP, kind::flag);
        case name::multicast_ttl:
          return rw(IPPROTO_IP, IP_MULTICAST_TTL, kind::integer);
        case name::nodefrag:
          return rw(IPPROTO_IP, IP_NODEFRAG, kind::flag);
        case name::pktinfo:
          return rw(IPPROTO_IP, IP_PKTINFO, kind::flag);
        case name::recverr:
          return rw(IPPROTO_IP, IP_RECVERR, kind::flag);
        case name::recvopts:
          return rw(IPPROTO_IP, IP_RECVOPTS, kind::flag);
        case name::retopts:
          return rw(IPPROTO_IP, IP_RETOPTS, kind::flag);
        case name::transparent:
          return rw(IPPROTO_IP, IP_TRANSPARENT, kind::flag);
        case name::recvtos:
          return rw(IPPROTO_IP, IP_RECVTOS, kind::flag);
        case name::recvttl:
          return rw(IPPROTO_IP, IP_RECVTTL, kind::flag);
        case name::tos:
          return rw(IPPROTO_IP, IP_TOS, kind::integer);
        case name::ttl:
          return rw(IPPROTO_IP, IP_TTL, kind::integer);
        default:
          return std::nullopt;
      }
    case sock::level::ipv6:
      switch (o.name) {
        case name::add_membership:
          return rw(IPPROTO_IPV6, IPV6_ADD_MEMBERSHIP, kind::membership);
        case name::drop_membership:
          return rw(IPPROTO_IPV6, IPV6_DROP_MEMBERSHIP, kind::membership);
        case name::multicast_if:
          return rw(IPPROTO_IPV6, IPV6_MULTICAST_IF, kind::integer);
        case name::mtu_discover:
          return rw(IPPROTO_IPV6, IPV6_MTU_DISCOVER, kind::pmtudisc);
        case name::mtu:
          return ro(IPPROTO_IPV6, IPV6_MTU, kind::integer);
        case name::multicast_hops:
          return rw(IPPROTO_IPV6, IPV6_MULTICAST_HOPS, kind::integer);
        case name::multicast_loop:
          return rw(IPPROTO_IPV6, IPV6_MULTICAST_LOOP, kind::flag);
        case name::recverr:
          return rw(IPPROTO_IPV6, IPV6_RECVERR, kind::flag);
        case name::recvpktinfo:
          return rw(IPPROTO_IPV6, IPV6_RECVPKTINFO, kind::flag);
        case name::recvhoplimit:
          return rw(IPPROTO_IPV6, IPV6_RECVHOPLIMIT, kind::flag);
        case name::recvtclass:
          return rw(IPPROTO_IPV6, IPV6_RECVTCLASS, kind::flag);
        case name::tclass:
          return rw(IPPROTO_IPV6, IPV6_TCLASS, kind::integer);
        case name::v6only:
          return rw(IPPROTO_IPV6, IPV6_V6ONLY, kind::flag);
        case name::unicast_hops:
          return rw(IPPROTO_IPV6, IPV6_UNICAST_HOPS, kind::integer);
        case name::flowinfo:
          return rw(IPPROTO_IPV6, ipv6_flowinfo, kind::flag);
        case name::hoplimit:
          return rw(IPPROTO_IPV6, IPV6_HOPLIMIT, kind::flag);
        case name::authhdr:
          return rw(IPPROTO_IPV6, IPV6_AUTHHDR, kind::flag);
        case name::dstopts:
          return rw(IPPROTO_IPV6, IPV6_DSTOPTS, kind::flag);
        case name::hopopts:
          return rw(IPPROTO_IPV6, IPV6_HOPOPTS, kind::flag);
        case name::rthdr:
          return rw(IPPROTO_IPV6, IPV6_RTHDR, kind::flag);
        default:
          return std::nullopt;
      }
    case sock::level::tcp:
      switch (o.name) {
        case name::nodelay:
          return rw(IPPROTO_TCP, TCP_NODELAY, kind::flag);
        case name::cork:
          return rw(IPPROTO_TCP, TCP_CORK, kind::flag);
        case name::keepcnt:
          return rw(IPPROTO_TCP, TCP_KEEPCNT, kind::integer);
        case name::keepidle:
          return rw(IPPROTO_TCP, TCP_KEEPIDLE, kind::integer);
        case name::keepintvl:
          return rw(IPPROTO_TCP, TCP_KEEPINTVL, kind::integer);
        case name::maxseg:
          return rw(IPPROTO_TCP, TCP_MAXSEG, kind::integer);
        default:
          return std::nullopt;
      }
    default:
      return std::nullopt;
  }
}

/// The getsockopt integer `i` of an option of kind `k` as a sock::value.
net::result<sock::value> value_of(kind k, int i) {
  switch (k) {
    case kind::flag:
      return sock::value{i != 0};
    case kind::integer:
      return sock::value{i};
    case kind::domain:
      if (i == AF_INET)
        return sock::value{sock::domain::inet};
      if (i == AF_INET6)
        return sock::value{sock::domain::inet6};
      if (i == AF_UNIX)
        return sock::value{sock::domain::local};
      break;
    case kind::type:
      if (i == SOCK_STREAM)
        return sock::value{sock::type::stream};
      if (i == SOCK_DGRAM)
        return sock::value{sock::type::dgram};
      if (i == SOCK_SEQPACKET)
        return sock::value{sock::type::seqpacket};
      break;
    case kind::protocol:
      if (i == IPPROTO_TCP)
        return sock::value{sock::protocol::tcp};
      if (i == IPPROTO_UDP)
        return sock::value{sock::protocol::udp};
      if (i == 0) // a local socket's: OTP 25 answers `default`
        return sock::value{sock::protocol::default_};
      break;
    case kind::pmtudisc:
      // Linux's IP_PMTUDISC_* and IPV6_PMTUDISC_* share their numbers;
      // INTERFACE and OMIT have no Erlang name.
      switch (i) {
        case IP_PMTUDISC_WANT:
          return sock::value{sock::pmtudisc::want};
        case IP_PMTUDISC_DONT:
          return sock::value{sock::pmtudisc::dont};
        case IP_PMTUDISC_DO:
          return sock::value{sock::pmtudisc::do_};
        case IP_PMTUDISC_PROBE:
          return sock::value{sock::pmtudisc::probe};
        default:
          break;
      }
      break;
    default:
      break;
  }
  return errc::einval;
}

int native_pmtudisc(sock::pmtudisc p) {
  switch (p) {
    case sock::pmtudisc::want:
      return IP_PMTUDISC_WANT;
    case sock::pmtudisc::dont:
      return IP_PMTUDISC_DONT;
    case sock::pmtudisc::do_:
      return IP_PMTUDISC_DO;
    default:
      return IP_PMTUDISC_PROBE;
  }
}

/// {ip | ipv6, add_membership | drop_membership}'s map as gen_udp's
/// membership action (check_set matched the level and the family).
net::membership_change membership_of(const sock::option& opt,
                                     const sock::value& v) {
  inet::membership m;
  if (auto* m4 = std::get_if<sock::ip_mreq>(&v))
    m = inet::membership{m4->multiaddr, m4->interface};
  else
    m = inet::membership{std::get<sock::ipv6_mreq>(v).multiaddr,
                         std::get<sock::ipv6_mreq>(v).interface};
  if (opt.name == sock::name::add_membership)
    return inet::add_membership{std::move(m)};
  return inet::drop_membership{std::move(m)};
}

} // namespace

asio_os_socket::asio_os_socket(asio::io_context& ctx, sock::domain d,
                               sock::type t)
  : ctx_(ctx), domain_(d), type_(t), desc_(ctx) {
  // nop
}

asio_os_socket::~asio_os_socket() {
  close();
}

net::result<os_socket_ptr> asio_os_socket::wrap(asio::io_context& ctx,
                                                int fd, sock::domain d,
                                                sock::type t) {
  std::shared_ptr<asio_os_socket> s;
  try {
    s = std::make_shared<asio_os_socket>(ctx, d, t);
  } catch (...) {
    ::close(fd);
    throw;
  }
  error_code ec;
  s->desc_.assign(fd, ec); // registers it with the reactor
  if (ec) {
    ::close(fd);
    return to_errc(ec);
  }
  s->fd_ = fd;
  s->closed_ = false;
  return os_socket_ptr{std::move(s)};
}

net::result<os_socket_ptr> asio_os_socket::open(asio::io_context& ctx,
                                                sock::domain d, sock::type t,
                                                sock::protocol p) {
  int family = d == sock::domain::inet6   ? AF_INET6
               : d == sock::domain::local ? AF_UNIX
                                          : AF_INET;
  int type = native_type(t) | SOCK_NONBLOCK | SOCK_CLOEXEC;
  int proto = p == sock::protocol::tcp   ? IPPROTO_TCP
              : p == sock::protocol::udp ? IPPROTO_UDP
                                         : 0;
  int fd = ::socket(family, type, proto);
  if (fd < 0)
    return last_error();
  return wrap(ctx, fd, d, t);
}

template <class F>
auto asio_os_socket::with_fd(F f) const -> decltype(f(0)) {
  lock_type lk{mu_};
  if (closed_)
    return errc::closed;
  return f(fd_);
}

errc asio_os_socket::bind(const inet::socket_address& addr) {
  endpoint ep;
  if (auto err = endpoint_for(domain_, addr, ep); err != errc::ok)
    return err;
  return with_fd([&](int fd) {
    if (::bind(fd, ep.data(), static_cast<socklen_t>(ep.size())) != 0)
      return last_error();
    return errc::ok;
  });
}

errc asio_os_socket::listen(int backlog) {
  return with_fd([&](int fd) {
    return ::listen(fd, backlog) == 0 ? errc::ok : last_error();
  });
}

errc asio_os_socket::accept(std::shared_ptr<os_socket>& out) {
  return with_fd([&](int fd) {
    int conn = retry([&] {
      return ::accept4(fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    });
    if (conn < 0)
      return last_error();
    auto s = wrap(ctx_, conn, domain_, type_);
    if (!s)
      return s.error();
    out = std::move(*s);
    return errc::ok;
  });
}

errc asio_os_socket::connect(const inet::socket_address& to) {
  endpoint ep;
  if (auto err = endpoint_for(domain_, to, ep); err != errc::ok)
    return err;
  return with_fd([&](int fd) {
    if (::connect(fd, ep.data(), static_cast<socklen_t>(ep.size())) == 0)
      return errc::ok;
    // Not retried on EINTR: the attempt goes on in the background (a
    // second connect would say EALREADY), exactly as after EINPROGRESS.
    if (errno == EINPROGRESS || errno == EINTR)
      return errc::einprogress;
    return last_error();
  });
}

errc asio_os_socket::connect_result() {
  return with_fd([&](int fd) {
    int err = 0;
    socklen_t len = sizeof(err);
    if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0)
      return last_error();
    return errc_from_errno(err);
  });
}

errc asio_os_socket::send(const uint8_t* data, size_t size, size_t& written) {
  written = 0;
  return with_fd([&](int fd) {
    auto n = retry([&] { return ::send(fd, data, size, MSG_NOSIGNAL); });
    if (n < 0)
      return last_error();
    written = static_cast<size_t>(n);
    return errc::ok;
  });
}

errc asio_os_socket::sendto(const binary& data,
                            const inet::socket_address& to) {
  endpoint ep;
  if (auto err = endpoint_for(domain_, to, ep); err != errc::ok)
    return err;
  return with_fd([&](int fd) {
    auto n = retry([&] {
      return ::sendto(fd, data.data(), data.size(), MSG_NOSIGNAL, ep.data(),
                      static_cast<socklen_t>(ep.size()));
    });
    return n < 0 ? last_error() : errc::ok;
  });
}

errc asio_os_socket::recv(size_t max_bytes, binary& out) {
  return with_fd([&](int fd) {
    binary data;
    auto err = receive_now(fd, max_bytes, nullptr, nullptr, data);
    if (err != errc::ok)
      return err;
    if (data.empty())
      if (auto end = zero_read(fd, type_); end != errc::ok)
        return end;
    out = std::move(data);
    return errc::ok;
  });
}

errc asio_os_socket::recvfrom(size_t max_bytes, inet::socket_address& from,
                              binary& out) {
  return with_fd([&](int fd) {
    endpoint ep;
    auto len = static_cast<socklen_t>(ep.capacity());
    binary data;
    auto err = receive_now(fd, max_bytes, ep.data(), &len, data);
    if (err != errc::ok)
      return err;
    if (data.empty())
      if (auto end = zero_read(fd, type_); end != errc::ok)
        return end;
    // A stream socket names no sender (len 0): `from` stays unset. Nor
    // does an unnamed local socket: its datagram comes from {local,<<>>}
    // (OTP 25: #{family => unspec, addr => <<>>}, a family otpnet's
    // addresses have not), as an unnamed socket's sockname says.
    if (len >= sizeof(sa_family_t)) {
      ep.resize(len);
      from = from_asio(ep);
    } else if (domain_ == sock::domain::local
               && type_ == sock::type::dgram) {
      from = inet::local_socket_address({});
    }
    out = std::move(data);
    return errc::ok;
  });
}

namespace {

// One sendmsg takes at most this many segments (the rest is a partial
// send, as the kernel's own limit would make it); a datagram must fit.
constexpr size_t max_segments = 64;

} // namespace

errc asio_os_socket::sendmsg(const std::vector<binary>& iov, size_t skip,
                             const std::optional<inet::socket_address>& to,
                             const std::vector<sock::cmsg>& ctrl,
                             const sock::msg_flags& flags, size_t& written) {
  written = 0;
  endpoint ep;
  msghdr msg{};
  if (to) {
    if (auto err = endpoint_for(domain_, *to, ep); err != errc::ok)
      return err;
    msg.msg_name = ep.data();
    msg.msg_namelen = static_cast<socklen_t>(ep.size());
  }
  iovec vec[max_segments];
  size_t n = 0;
  for (auto& b : iov) {
    if (skip >= b.size()) {
      skip -= b.size();
      continue;
    }
    if (n == max_segments) {
      if (sock::keeps_records(type_)) // a record goes whole or not at all
        return errc::emsgsize;
      break;
    }
    vec[n].iov_base = const_cast<char*>(b.data() + skip);
    vec[n].iov_len = b.size() - skip;
    skip = 0;
    ++n;
  }
  msg.msg_iov = vec;
  msg.msg_iovlen = n;
  control_buffer cbuf{sock::control_space(ctrl)};
  msg.msg_control = cbuf.data();
  put_cmsgs(msg, ctrl);
  int fl = native_msg_flags(flags) | MSG_NOSIGNAL;
  return with_fd([&](int fd) {
    auto r = retry([&] { return ::sendmsg(fd, &msg, fl); });
    if (r < 0)
      return last_error();
    written = static_cast<size_t>(r);
    return errc::ok;
  });
}

errc asio_os_socket::recvmsg(size_t max_bytes, size_t ctrl_bytes,
                             const sock::msg_flags& flags,
                             sock::msg_recv& out) {
  return with_fd([&](int fd) {
    auto& spare = spare_buffer::local();
    endpoint ep;
    msghdr msg{};
    msg.msg_name = ep.data();
    msg.msg_namelen = static_cast<socklen_t>(ep.capacity());
    iovec vec;
    vec.iov_base = spare.bytes();
    vec.iov_len = std::min(max_bytes, spare_buffer::size);
    msg.msg_iov = &vec;
    msg.msg_iovlen = 1;
    control_buffer cbuf{ctrl_bytes};
    msg.msg_control = cbuf.data();
    msg.msg_controllen = ctrl_bytes;
    int fl = native_msg_flags(flags);
    auto n = retry([&] { return ::recvmsg(fd, &msg, fl); });
    if (n < 0)
      return last_error();
    // MSG_TRUNC given: a datagram's full length, more than was stored.
    auto got = std::min(static_cast<size_t>(n), vec.iov_len);
    if (got == 0)
      if (auto end = zero_read(fd, type_); end != errc::ok)
        return end;
    out.iov.push_back(spare.take(got));
    // Only a datagram names its sender: a connection's (stream or
    // seqpacket) bytes come from the peer, which peername names.
    if (msg.msg_namelen >= sizeof(sa_family_t) && type_ == sock::type::dgram) {
      ep.resize(msg.msg_namelen);
      out.addr = from_asio(ep);
    }
    if (msg.msg_controllen > 0)
      collect_cmsgs(msg, out.ctrl);
    out.flags = reported_msg_flags(msg.msg_flags);
    return errc::ok;
  });
}

void asio_os_socket::async_wait(readiness r, wait_handler h) {
  lock_type lk{mu_};
  if (closed_) {
    // Posted, as every completion: the caller may hold its own lock.
    asio::post(ctx_, [h = std::move(h)] { h(errc::closed); });
    return;
  }
  (r == readiness::read ? read_h_ : write_h_) = std::move(h);
  using desc = asio::posix::stream_descriptor;
  auto what = r == readiness::read ? desc::wait_read : desc::wait_write;
  desc_.async_wait(what, [weak = weak_from_this(), r](const error_code& ec) {
    if (auto self = weak.lock())
      self->on_ready(r, ec);
  });
}

void asio_os_socket::on_ready(readiness r, const error_code& ec) {
  lock_type lk{mu_};
  auto& slot = r == readiness::read ? read_h_ : write_h_;
  auto h = std::exchange(slot, nullptr);
  // After close() never ok, even if readiness was reported first.
  errc err = closed_ ? errc::closed : to_errc(ec);
  lk.unlock();
  if (h)
    h(err);
}

errc asio_os_socket::shutdown(shutdown_how how) {
  int h = how == shutdown_how::read    ? SHUT_RD
          : how == shutdown_how::write ? SHUT_WR
                                       : SHUT_RDWR;
  return with_fd([&](int fd) {
    return ::shutdown(fd, h) == 0 ? errc::ok : last_error();
  });
}

errc asio_os_socket::set_msfilter(const sock::value& v) {
  if (std::holds_alternative<sock::null_t>(v)) // as OTP: no filter at all
    return with_fd([&](int fd) {
      return ::setsockopt(fd, IPPROTO_IP, IP_MSFILTER, nullptr, 0) == 0
               ? errc::ok
               : last_error();
    });
  auto* f = std::get_if<sock::ip_msfilter>(&v);
  if (f == nullptr)
    return errc::einval;
  // Far beyond any kernel's limit (Linux: igmp_max_msf, 10 by default, and
  // optmem_max): the kernel's own answer, without building the request.
  if (f->slist.size() > max_msfilter_sources)
    return errc::enobufs;
  auto n = static_cast<uint32_t>(f->slist.size());
  // struct ip_msfilter ends in a one-element array: IP_MSFILTER_SIZE(n).
  std::vector<char> buf(IP_MSFILTER_SIZE(n));
  auto* m = reinterpret_cast<::ip_msfilter*>(buf.data());
  m->imsf_multiaddr = to_in_addr(f->multiaddr);
  m->imsf_interface = to_in_addr(f->interface);
  m->imsf_fmode = f->mode == sock::msfilter_mode::include ? MCAST_INCLUDE
                                                          : MCAST_EXCLUDE;
  m->imsf_numsrc = n;
  for (uint32_t i = 0; i < n; ++i)
    m->imsf_slist[i] = to_in_addr(f->slist[i]);
  return with_fd([&](int fd) {
    return ::setsockopt(fd, IPPROTO_IP, IP_MSFILTER, buf.data(),
                        static_cast<socklen_t>(buf.size())) == 0
             ? errc::ok
             : last_error();
  });
}

errc asio_os_socket::setopt(const sock::option& opt, const sock::value& v) {
  auto k = kernel_option_of(opt);
  if (!k || !k->settable)
    return errc::einval;
  switch (k->k) {
    case kind::membership:
      if (!std::holds_alternative<sock::ip_mreq>(v)
          && !std::holds_alternative<sock::ipv6_mreq>(v))
        return errc::einval;
      return with_fd([&](int fd) {
        return detail::set_membership(fd, membership_of(opt, v));
      });
    case kind::msfilter:
      return set_msfilter(v);
    case kind::if_address:
      if (!std::holds_alternative<inet::ip_address>(v))
        return errc::einval;
      return with_fd([&](int fd) {
        return set_multicast_if(
          fd, false, inet::multicast_if{std::get<inet::ip_address>(v)});
      });
    default:
      break;
  }
  int i = 0;
  ::linger l{};
  const void* p = &i;
  auto len = static_cast<socklen_t>(sizeof(i));
  if (k->k == kind::flag && std::holds_alternative<bool>(v)) {
    i = std::get<bool>(v) ? 1 : 0;
  } else if (k->k == kind::integer && std::holds_alternative<int>(v)) {
    i = std::get<int>(v);
  } else if (k->k == kind::integer
             && std::holds_alternative<sock::use_default_t>(v)) {
    i = -1; // the hop limits' "kernel default" (check_set allows no other)
  } else if (k->k == kind::pmtudisc
             && std::holds_alternative<sock::pmtudisc>(v)) {
    i = native_pmtudisc(std::get<sock::pmtudisc>(v));
  } else if (k->k == kind::device && std::holds_alternative<std::string>(v)) {
    // The name's bytes without a NUL; empty removes the binding.
    const auto& dev = std::get<std::string>(v);
    p = dev.data();
    len = static_cast<socklen_t>(dev.size());
  } else if (k->k == kind::linger
             && std::holds_alternative<sock::linger>(v)) {
    l.l_onoff = std::get<sock::linger>(v).onoff ? 1 : 0;
    l.l_linger = std::get<sock::linger>(v).seconds;
    p = &l;
    len = sizeof(l);
  } else {
    return errc::einval; // a value of the wrong kind
  }
  return with_fd([&](int fd) {
    return ::setsockopt(fd, k->level, k->name, p, len) == 0 ? errc::ok
                                                            : last_error();
  });
}

net::result<sock::value> asio_os_socket::getopt(const sock::option& opt) const {
  auto k = kernel_option_of(opt);
  if (!k)
    return errc::einval;
  return with_fd([&](int fd) -> net::result<sock::value> {
    if (k->k == kind::device) {
      char dev[64] = {};
      auto len = static_cast<socklen_t>(sizeof(dev));
      if (::getsockopt(fd, k->level, k->name, dev, &len) != 0)
        return last_error();
      // Linux counts the NUL; OTP 25 hands it on ([108,111,0]).
      std::string name{dev, len};
      while (!name.empty() && name.back() == '\0')
        name.pop_back();
      return sock::value{std::move(name)};
    }
    if (k->k == kind::if_address) {
      auto o = read_multicast_option(fd, false,
                                     inet::option_name::multicast_if);
      if (!o)
        return o.error();
      return sock::value{std::get<inet::ip_address>(
        std::get<inet::multicast_if>(*o).value)};
    }
    if (k->k == kind::linger) {
      ::linger l{};
      socklen_t len = sizeof(l);
      if (::getsockopt(fd, k->level, k->name, &l, &len) != 0)
        return last_error();
      return sock::value{sock::linger{l.l_onoff != 0, l.l_linger}};
    }
    int i = 0;
    socklen_t len = sizeof(i);
    if (::getsockopt(fd, k->level, k->name, &i, &len) != 0)
      return last_error();
    return value_of(k->k, i);
  });
}

net::result<inet::socket_address> asio_os_socket::sockname() const {
  return with_fd([](int fd) { return name_of(fd, ::getsockname); });
}

net::result<inet::socket_address> asio_os_socket::peername() const {
  return with_fd([](int fd) { return name_of(fd, ::getpeername); });
}

// Under mu_, so a call or completion either ran before or sees closed_;
// outstanding waits complete with operation_aborted, reported as closed.
void asio_os_socket::close() {
  lock_type lk{mu_};
  if (closed_)
    return;
  closed_ = true;
  error_code ec;
  desc_.close(ec);
}

} // namespace detail

} // namespace otpnet
