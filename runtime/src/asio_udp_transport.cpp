#include "asio_udp_transport.hpp"

#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/post.hpp>

#include "otpnet/runtime.hpp"

#include "asio_address.hpp"
#include "asio_transport_factory.hpp"
#include "control_messages.hpp"
#include "error_mapping.hpp"
#include "kernel_option.hpp"
#include "multicast_option.hpp"
#include "open_in_netns.hpp"
#include "raw_socket_option.hpp"
#include "spare_buffer.hpp"

namespace otpnet {

datagram_transport::~datagram_transport() = default;

net::result<inet::option>
datagram_transport::kernel_option(inet::option_name) const {
  return errc::einval;
}

errc datagram_transport::set_raw(const inet::raw&) {
  return errc::einval;
}

errc datagram_transport::set_membership(const net::membership_change&) {
  return errc::einval;
}

net::result<std::string> datagram_transport::get_raw(int, int,
                                                     std::string) const {
  return errc::einval;
}

void datagram_transport::async_receive_ancillary(
  size_t max_bytes, ancillary_receive_handler h) {
  async_receive(max_bytes, [h = std::move(h)](errc e, inet::socket_address from,
                                              binary data) mutable {
    h(e, from, std::move(data), std::nullopt);
  });
}

errc datagram_transport::try_receive_ancillary(size_t max_bytes,
                                               inet::socket_address& from,
                                               binary& out,
                                               inet::ancillary_data& anc) {
  anc.clear();
  return try_receive(max_bytes, from, out);
}

errc datagram_transport::try_send_ancillary(
  const std::optional<inet::socket_address>& to, const binary& data,
  const inet::ancillary_data&) {
  return try_send(to, data);
}

void datagram_transport::async_send_ancillary(
  std::optional<inet::socket_address> to, binary data, inet::ancillary_data,
  send_handler h) {
  async_send(std::move(to), std::move(data), std::move(h));
}

net::result<datagram_transport_ptr>
transport_factory::open_udp(uint16_t, const net::socket_options&) {
  return errc::eafnosupport;
}

net::result<datagram_transport_ptr>
open_udp(runtime& rt, uint16_t port, const net::socket_options& opts) {
  return rt.transports().open_udp(port, opts);
}

namespace detail {

namespace asio = boost::asio;
using asio::ip::udp;
using boost::system::error_code;

net::result<datagram_transport_ptr>
asio_transport_factory::open_udp(uint16_t port,
                                 const net::socket_options& opts) {
  auto tr = std::make_shared<asio_udp_transport>(ctx_);
  if (auto err = tr->open(port, opts); err != errc::ok)
    return err;
  return datagram_transport_ptr{tr};
}

namespace {

using dgram_socket = asio::generic::datagram_protocol::socket;
using dgram_endpoint = asio::generic::datagram_protocol::endpoint;

/// A sender's address. Linux gives no address at all (length 0) for an
/// unnamed local sender: {local, <<>>} then, as OTP shows it.
inet::socket_address from_sender(const dgram_endpoint& ep, bool local) {
  if (local && ep.size() == 0)
    return inet::local_socket_address({});
  return from_asio(ep);
}

/// What apply_kernel_options needs of a socket, for a UDP one.
struct udp_option_target {
  dgram_socket& sock;

  template <class Option>
  void set_option(const Option& opt, error_code& ec) {
    sock.set_option(opt, ec);
  }

  template <class Option>
  void get_option(Option& opt, error_code& ec) const {
    sock.get_option(opt, ec);
  }

  dgram_endpoint local_endpoint(error_code& ec) const {
    return sock.local_endpoint(ec);
  }

  int native_handle() {
    return sock.native_handle();
  }
};

bool would_block(int e) {
  return e == EAGAIN || e == EWOULDBLOCK || e == EINTR;
}

/// One non-blocking recvfrom into the thread's spare buffer
/// (spare_buffer.hpp). The spare (64 KiB) holds any UDP datagram, so only
/// `max_bytes` truncates. ok, eagain, or the error.
errc receive_now(int fd, bool local, size_t max_bytes,
                 inet::socket_address& from, binary& out) {
  auto& spare = spare_buffer::local();
  dgram_endpoint sender;
  auto len = static_cast<socklen_t>(sender.capacity());
  auto n = ::recvfrom(fd, spare.bytes(),
                      std::min(max_bytes, spare_buffer::size), MSG_DONTWAIT,
                      sender.data(), &len);
  if (n < 0)
    return would_block(errno) ? errc::eagain : errc_from_errno(errno);
  sender.resize(len);
  from = from_sender(sender, local);
  // 0: an empty datagram, not the end.
  out = spare.take(static_cast<size_t>(n));
  return errc::ok;
}

/// receive_now with recvmsg, for a socket with recvtos, recvttl or
/// recvtclass on: also collects the datagram's ancillary data.
errc receive_now_ancillary(int fd, bool local, size_t max_bytes,
                           inet::socket_address& from, binary& out,
                           inet::ancillary_data& anc) {
  auto& spare = spare_buffer::local();
  dgram_endpoint sender;
  iovec iov{spare.bytes(), std::min(max_bytes, spare_buffer::size)};
  // Room for the three values and then some, on the stack: no allocation
  // per datagram. What does not fit (MSG_CTRUNC) is left out.
  alignas(cmsghdr) unsigned char control[4 * CMSG_SPACE(sizeof(int))];
  msghdr msg{};
  msg.msg_name = sender.data();
  msg.msg_namelen = static_cast<socklen_t>(sender.capacity());
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof(control);
  auto n = ::recvmsg(fd, &msg, MSG_DONTWAIT);
  if (n < 0)
    return would_block(errno) ? errc::eagain : errc_from_errno(errno);
  sender.resize(msg.msg_namelen);
  from = from_sender(sender, local);
  anc.clear();
  collect_ancillary(msg, anc);
  out = spare.take(static_cast<size_t>(n));
  return errc::ok;
}

/// One non-blocking send of a whole datagram, to `to` or the connected
/// peer: ok, eagain, or the error.
errc send_now(int fd, const dgram_endpoint* to, const binary& data) {
  auto n = to != nullptr
             ? ::sendto(fd, data.data(), data.size(),
                        MSG_DONTWAIT | MSG_NOSIGNAL, to->data(),
                        static_cast<socklen_t>(to->size()))
             : ::send(fd, data.data(), data.size(),
                      MSG_DONTWAIT | MSG_NOSIGNAL);
  if (n >= 0)
    return errc::ok;
  return would_block(errno) ? errc::eagain : errc_from_errno(errno);
}

/// send_now with control messages for the values of `anc` (not empty):
/// one sendmsg, so they apply to this datagram alone. The control buffer
/// is on the stack, sized for the three keys.
errc send_now_ancillary(int fd, const dgram_endpoint* to, const binary& data,
                        const inet::ancillary_data& anc) {
  alignas(cmsghdr) unsigned char control[ancillary_space];
  iovec iov{const_cast<char*>(data.data()), data.size()};
  msghdr msg{};
  if (to != nullptr) {
    msg.msg_name = const_cast<sockaddr*>(to->data());
    msg.msg_namelen = static_cast<socklen_t>(to->size());
  }
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  put_ancillary(msg, anc);
  auto n = ::sendmsg(fd, &msg, MSG_DONTWAIT | MSG_NOSIGNAL);
  if (n >= 0)
    return errc::ok;
  return would_block(errno) ? errc::eagain : errc_from_errno(errno);
}

/// One send of the front datagram: plain without ancillary data, so that
/// a send without it costs what it did.
errc send_now(int fd, const dgram_endpoint* to, const binary& data,
              const inet::ancillary_data& anc) {
  return anc.empty() ? send_now(fd, to, data)
                     : send_now_ancillary(fd, to, data, anc);
}

} // namespace

asio_udp_transport::asio_udp_transport(asio::io_context& ctx) : sock_(ctx) {
  // nop
}

errc asio_udp_transport::open(uint16_t port, const net::socket_options& opts) {
  lock_type lk{mu_};
  bool local = opts.family == inet::family_kind::local;
  bool v6 = opts.family == inet::family_kind::inet6
            || (opts.ip && opts.ip->is_v6());
  if (opts.ip && opts.ip->is_v6() != v6)
    return errc::einval; // as normalisation says for such a pair
  // A local socket binds its file, if it has one ({ifaddr, {local, File}});
  // without, it can send but nobody can answer it, as in OTP.
  std::optional<dgram_endpoint> ep;
  if (local) {
    if (opts.local_address)
      ep = local_datagram_endpoint(opts.local_address->path);
  } else {
    auto addr = opts.ip
                  ? to_asio(*opts.ip)
                  : (v6 ? asio::ip::address{asio::ip::address_v6::any()}
                        : asio::ip::address{asio::ip::address_v4::any()});
    ep = dgram_endpoint{udp::endpoint{addr, port}};
  }
  auto protocol = ep ? ep->protocol()
                     : asio::generic::datagram_protocol{AF_UNIX, 0};
  if (auto err = open_in_netns(sock_, protocol, opts); err != errc::ok)
    return err;
  error_code ec;
  // Before bind, where both options take effect.
  if (!ec && v6 && opts.ipv6_v6only)
    sock_.set_option(asio::ip::v6_only(*opts.ipv6_v6only), ec);
  if (ec)
    return to_errc(ec);
  udp_option_target target{sock_};
  if (auto err = apply_kernel_options(target, opts, false, applied_);
      err != errc::ok)
    return err;
  if (ep)
    sock_.bind(*ep, ec);
  if (!ec)
    sock_.non_blocking(true, ec);
  if (ec)
    return to_errc(ec);
  v6_ = v6;
  local_ = local;
  ancillary_on_ = opts.wants_ancillary();
  fd_ = sock_.native_handle();
  return errc::ok;
}

void asio_udp_transport::async_receive(size_t max_bytes, receive_handler h) {
  receive_max_ = max_bytes;
  receive_ancillary_ = false;
  receive_h_ = std::move(h);
  start_wait(dgram_socket::wait_read);
}

void asio_udp_transport::async_receive_ancillary(
  size_t max_bytes, ancillary_receive_handler h) {
  receive_max_ = max_bytes;
  receive_ancillary_ = true;
  receive_anc_h_ = std::move(h);
  start_wait(dgram_socket::wait_read);
}

errc asio_udp_transport::try_receive_ancillary(size_t max_bytes,
                                               inet::socket_address& from,
                                               binary& out,
                                               inet::ancillary_data& anc) {
  int fd = fd_;
  if (fd < 0)
    return errc::closed;
  return receive_now_ancillary(fd, local_, max_bytes, from, out, anc);
}

errc asio_udp_transport::try_receive(size_t max_bytes,
                                     inet::socket_address& from,
                                     binary& out) {
  int fd = fd_;
  if (fd < 0)
    return errc::closed;
  return receive_now(fd, local_, max_bytes, from, out);
}

errc asio_udp_transport::endpoint_for(const inet::socket_address& to,
                                      dgram_endpoint& out) const {
  // Checked here, both ways alike: Linux would send to a plain IPv4
  // address from a dual-stack IPv6 socket, which the contract refuses.
  if (to.is_local() != local_ || (!local_ && to.addr.is_v6() != v6_))
    return errc::eafnosupport;
  if (local_) {
    if (auto err = inet::check_local_path(to.local->path); err != errc::ok)
      return err;
    out = local_datagram_endpoint(to.local->path);
    return errc::ok;
  }
  out = dgram_endpoint{udp::endpoint{to_asio(to.addr), to.port}};
  return errc::ok;
}

errc asio_udp_transport::try_send(const std::optional<inet::socket_address>& to,
                                  const binary& data) {
  // A plain send is one without control data (called directly).
  return asio_udp_transport::try_send_ancillary(to, data, {});
}

errc asio_udp_transport::try_send_ancillary(
  const std::optional<inet::socket_address>& to, const binary& data,
  const inet::ancillary_data& anc) {
  dgram_endpoint ep;
  if (to)
    if (auto err = endpoint_for(*to, ep); err != errc::ok)
      return err;
  int fd = fd_;
  if (fd < 0)
    return errc::closed;
  return send_now(fd, to ? &ep : nullptr, data, anc);
}

void asio_udp_transport::async_send(std::optional<inet::socket_address> to,
                                    binary data, send_handler h) {
  asio_udp_transport::async_send_ancillary(std::move(to), std::move(data), {},
                                           std::move(h));
}

void asio_udp_transport::async_send_ancillary(
  std::optional<inet::socket_address> to, binary data,
  inet::ancillary_data anc, send_handler h) {
  dgram_endpoint ep;
  if (to)
    if (auto err = endpoint_for(*to, ep); err != errc::ok) {
      // Still from the event loop, as every completion.
      asio::post(sock_.get_executor(),
                 [h = std::move(h), err] { h(err); });
      return;
    }
  send_to_ = to ? std::optional<dgram_endpoint>{ep} : std::nullopt;
  send_data_ = std::move(data);
  send_anc_ = anc;
  send_h_ = std::move(h);
  start_wait(dgram_socket::wait_write);
}

// As asio_tcp_transport::start_wait: without mu_ from the actor, under it
// from a completion re-arming; after close() the completion reports closed
// without waiting.
void asio_udp_transport::start_wait(dgram_socket::wait_type what) {
  auto done = [self = shared_from_this(), what](const error_code& ec) {
    if (what == dgram_socket::wait_read)
      self->on_readable(ec);
    else
      self->on_writable(ec);
  };
  if (fd_ < 0)
    asio::post(sock_.get_executor(), [done] { done({}); });
  else
    sock_.async_wait(what, std::move(done));
}

/// The descriptor a completion may use, or -1 once closed: under mu_,
/// close() cannot let it go (and another socket take it) meanwhile.
int asio_udp_transport::open_fd(const lock_type&) const {
  return closed_ ? -1 : fd_.load();
}

void asio_udp_transport::on_readable(const error_code& ec) {
  lock_type lk{mu_};
  inet::socket_address from;
  binary data;
  inet::ancillary_data anc;
  int fd = open_fd(lk);
  errc err = fd < 0 ? errc::closed : to_errc(ec);
  // The options as applied now (under mu_, as apply_options sets them).
  bool with_anc = receive_ancillary_ && ancillary_on_;
  if (err == errc::ok) {
    err = with_anc ? receive_now_ancillary(fd, local_, receive_max_, from,
                                           data, anc)
                   : receive_now(fd, local_, receive_max_, from, data);
    if (err == errc::eagain) { // woken for nothing (another reader was first)
      start_wait(dgram_socket::wait_read);
      return;
    }
  }
  if (receive_ancillary_) {
    auto h = std::move(receive_anc_h_);
    lk.unlock();
    h(err, from, std::move(data),
      with_anc ? std::optional<inet::ancillary_data>{anc} : std::nullopt);
    return;
  }
  auto h = std::move(receive_h_);
  lk.unlock();
  h(err, from, std::move(data));
}

void asio_udp_transport::on_writable(const error_code& ec) {
  lock_type lk{mu_};
  int fd = open_fd(lk);
  errc err = fd < 0 ? errc::closed : to_errc(ec);
  if (err == errc::ok) {
    err = send_now(fd, send_to_ ? &*send_to_ : nullptr, send_data_,
                   send_anc_);
    if (err == errc::eagain) {
      start_wait(dgram_socket::wait_write);
      return;
    }
  }
  auto h = std::move(send_h_);
  send_data_ = binary{};
  send_anc_.clear();
  send_to_.reset();
  lk.unlock();
  h(err);
}

errc asio_udp_transport::connect(const inet::socket_address& to) {
  dgram_endpoint ep;
  if (auto err = endpoint_for(to, ep); err != errc::ok)
    return err;
  lock_type lk{mu_};
  int fd = open_fd(lk);
  if (fd < 0)
    return errc::closed;
  // Never blocks for UDP: it only records the peer.
  if (::connect(fd, ep.data(), static_cast<socklen_t>(ep.size())) != 0)
    return errc_from_errno(errno);
  return errc::ok;
}

errc asio_udp_transport::apply_options(const net::socket_options& opts) {
  lock_type lk{mu_};
  if (open_fd(lk) < 0)
    return errc::closed;
  udp_option_target target{sock_};
  auto err = apply_kernel_options(target, opts, false, applied_);
  if (err == errc::ok)
    ancillary_on_ = opts.wants_ancillary();
  return err;
}

// getsockopt itself: Asio halves SO_RCVBUF/SO_SNDBUF on Linux to hide the
// kernel's doubling; inet reports what the kernel really uses.
net::result<size_t> asio_udp_transport::int_option(int level,
                                                  int name) const {
  lock_type lk{mu_};
  int fd = open_fd(lk);
  if (fd < 0)
    return errc::closed;
  int value = 0;
  socklen_t len = sizeof(value);
  if (::getsockopt(fd, level, name, &value, &len) != 0)
    return errc_from_errno(errno);
  return static_cast<size_t>(value);
}

net::result<size_t> asio_udp_transport::recbuf() const {
  return int_option(SOL_SOCKET, SO_RCVBUF);
}

net::result<size_t> asio_udp_transport::sndbuf() const {
  return int_option(SOL_SOCKET, SO_SNDBUF);
}

net::result<inet::option>
asio_udp_transport::kernel_option(inet::option_name name) const {
  lock_type lk{mu_};
  int fd = open_fd(lk);
  return fd < 0 ? net::result<inet::option>{errc::closed}
                : read_kernel_option(fd, name);
}

errc asio_udp_transport::set_raw(const inet::raw& opt) {
  lock_type lk{mu_};
  int fd = open_fd(lk);
  return fd < 0 ? errc::closed : set_raw_option(fd, opt);
}

errc asio_udp_transport::set_membership(const net::membership_change& x) {
  lock_type lk{mu_};
  int fd = open_fd(lk);
  return fd < 0 ? errc::closed : detail::set_membership(fd, x);
}

net::result<std::string> asio_udp_transport::get_raw(int level, int num,
                                                     std::string buffer) const {
  lock_type lk{mu_};
  int fd = open_fd(lk);
  if (fd < 0)
    return errc::closed;
  return get_raw_option(fd, level, num, std::move(buffer));
}

net::result<inet::socket_address> asio_udp_transport::sockname() const {
  lock_type lk{mu_};
  if (open_fd(lk) < 0)
    return errc::closed;
  error_code ec;
  auto ep = sock_.local_endpoint(ec);
  if (ec)
    return to_errc(ec);
  return from_sender(ep, local_);
}

net::result<inet::socket_address> asio_udp_transport::peername() const {
  lock_type lk{mu_};
  if (open_fd(lk) < 0)
    return errc::closed;
  error_code ec;
  auto ep = sock_.remote_endpoint(ec); // ENOTCONN unless connected
  if (ec)
    return to_errc(ec);
  return from_sender(ep, local_);
}

// Unlike TCP's, the descriptor is closed right here: closing a UDP socket
// costs no teardown, and gen_udp:close frees the port at once (an open of
// the same port that follows must not find it in use). Under mu_, so a
// completion either ran before or sees closed_; outstanding waits complete
// with operation_aborted, reported as closed.
void asio_udp_transport::close() {
  lock_type lk{mu_};
  if (closed_)
    return;
  closed_ = true;
  fd_ = -1;
  error_code ec;
  sock_.close(ec);
}

} // namespace detail

} // namespace otpnet
