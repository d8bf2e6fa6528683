#include "asio_tcp_transport.hpp"

#include <sys/socket.h>
#include <sys/uio.h>

#include <cerrno>

#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/post.hpp>

#include "asio_address.hpp"
#include "asio_socket_options.hpp"
#include "error_mapping.hpp"
#include "kernel_option.hpp"
#include "open_in_netns.hpp"
#include "raw_socket_option.hpp"
#include "spare_buffer.hpp"

namespace otpnet::detail {

namespace asio = boost::asio;
using asio::ip::tcp;
using boost::system::error_code;

namespace {

/// One non-blocking read into the thread's spare buffer
/// (spare_buffer.hpp). ok with data, closed at end of stream, eagain, or
/// the error.
errc read_now(int fd, size_t max_bytes, binary& out) {
  auto& spare = spare_buffer::local();
  size_t want = std::max<size_t>(1, std::min(max_bytes, spare_buffer::size));
  auto n = ::recv(fd, spare.bytes(), want, MSG_DONTWAIT);
  if (n > 0) {
    out = spare.take(static_cast<size_t>(n));
    return errc::ok;
  }
  if (n == 0)
    return errc::closed;
  if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
    return errc::eagain;
  return errc_from_errno(errno);
}

/// Points up to `max` iovecs at `bufs`, skipping its first `skip` bytes.
size_t gather(const std::vector<binary>& bufs, size_t skip, iovec* iov,
              size_t max) {
  size_t count = 0;
  for (auto& b : bufs) {
    if (count == max)
      break;
    if (skip >= b.size()) {
      skip -= b.size();
      continue;
    }
    iov[count].iov_base = const_cast<char*>(b.data() + skip);
    iov[count].iov_len = b.size() - skip;
    skip = 0;
    ++count;
  }
  return count;
}

/// One non-blocking gathered write of `bufs` past its first `skip` bytes:
/// ok with `written` set (0 when the kernel takes nothing now), or the
/// error.
errc write_now(int fd, const std::vector<binary>& bufs, size_t skip,
               size_t& written) {
  written = 0;
  constexpr size_t max_iov = 64;
  iovec iov[max_iov];
  msghdr msg{};
  msg.msg_iov = iov;
  msg.msg_iovlen = gather(bufs, skip, iov, max_iov);
  auto n = ::sendmsg(fd, &msg, MSG_DONTWAIT | MSG_NOSIGNAL);
  if (n >= 0) {
    written = static_cast<size_t>(n);
    return errc::ok;
  }
  if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
    return errc::ok;
  return errc_from_errno(errno);
}

size_t total_size(const std::vector<binary>& bufs) {
  size_t n = 0;
  for (auto& b : bufs)
    n += b.size();
  return n;
}

} // namespace

asio_tcp_transport::asio_tcp_transport(asio::io_context& ctx) : sock_(ctx) {
  // nop
}

asio_tcp_transport::asio_tcp_transport(stream_socket sock,
                                       applied_options inherited)
  : sock_(std::move(sock)), applied_(std::move(inherited)) {
  fd_ = sock_.native_handle();
}

namespace {

bool is_local(const net::socket_options& opts) {
  return opts.family == inet::family_kind::local;
}

/// The address a connecting socket binds first, if `opts` names one.
std::optional<stream_endpoint>
local_endpoint_for(const net::socket_options& opts,
                   const stream_endpoint& peer) {
  if (is_local(opts)) {
    if (!opts.local_address)
      return std::nullopt; // stays unnamed
    return local_stream_endpoint(opts.local_address->path);
  }
  if (!opts.ip && opts.port == 0)
    return std::nullopt;
  bool v6 = peer.protocol().family() == AF_INET6;
  auto addr = opts.ip ? to_asio(*opts.ip)
                      : (v6 ? asio::ip::address{asio::ip::address_v6::any()}
                            : asio::ip::address{asio::ip::address_v4::any()});
  return stream_endpoint{tcp::endpoint{addr, opts.port}};
}

} // namespace

void asio_tcp_transport::async_connect(std::string host, uint16_t port,
                                       const net::socket_options& opts,
                                       connect_handler h) {
  lock_type lk{mu_};
  auto eps = std::make_shared<std::vector<stream_endpoint>>();
  if (is_local(opts)) {
    // The local family connects to a file: `host` is its path.
    if (auto err = inet::check_local_path(host); err != errc::ok) {
      lk.unlock();
      h(err);
      return;
    }
    eps->push_back(local_stream_endpoint(host));
    try_connect(lk, eps, 0, opts, std::move(h), errc::econnrefused);
    return;
  }
  error_code ec;
  auto literal = asio::ip::make_address(host, ec);
  if (!ec) {
    // An address literal picks its own family, as gen_tcp does for an
    // address tuple.
    eps->emplace_back(tcp::endpoint{literal, port});
    try_connect(lk, eps, 0, opts, std::move(h), errc::econnrefused);
    return;
  }
  bool want_v6 = opts.family == inet::family_kind::inet6;
  resolver_ = std::make_unique<tcp::resolver>(sock_.get_executor());
  resolver_->async_resolve(
    host, std::to_string(port), tcp::resolver::numeric_service,
    [self = shared_from_this(), eps, opts, want_v6,
     h = std::move(h)](const error_code& err,
                       tcp::resolver::results_type res) mutable {
      if (err) {
        h(to_errc(err));
        return;
      }
      for (auto& entry : res)
        if (entry.endpoint().address().is_v6() == want_v6)
          eps->emplace_back(entry.endpoint());
      if (eps->empty()) {
        h(errc::nxdomain);
        return;
      }
      lock_type lk{self->mu_};
      if (self->closed_) {
        lk.unlock();
        h(errc::closed);
        return;
      }
      self->try_connect(lk, eps, 0, opts, std::move(h), errc::econnrefused);
    });
}

// Tries the resolved addresses in order, as inet_tcp does with getaddrs.
// Called with mu_ held; releases it before calling `h`.
void asio_tcp_transport::try_connect(
  lock_type& lk, std::shared_ptr<std::vector<stream_endpoint>> eps,
  size_t index, net::socket_options opts, connect_handler h, errc last) {
  if (index >= eps->size()) {
    lk.unlock();
    h(last);
    return;
  }
  const auto& ep = (*eps)[index];
  error_code ec;
  if (sock_.is_open())
    sock_.close(ec); // the previous address's attempt: nothing to report
  ec.clear();
  applied_.reset(); // a new descriptor has none of them yet
  auto opened = open_in_netns(sock_, ep.protocol(), opts);
  if (opened == errc::ok)
    opened = apply_kernel_options(sock_, opts, true, applied_);
  if (opened != errc::ok) {
    lk.unlock();
    h(opened);
    return;
  }
  // Before bind, where it takes effect (as for listen and UDP sockets).
  if (opts.ipv6_v6only && ep.protocol().family() == AF_INET6)
    sock_.set_option(asio::ip::v6_only(*opts.ipv6_v6only), ec);
  if (auto bind_to = local_endpoint_for(opts, ep); !ec && bind_to)
    sock_.bind(*bind_to, ec);
  if (!ec && ep.protocol().family() == AF_UNIX) {
    connect_local(lk, ep, std::move(h));
    return;
  }
  if (ec) {
    lk.unlock();
    h(to_errc(ec));
    return;
  }
  sock_.async_connect(ep, [self = shared_from_this(), eps, index, opts,
                           h = std::move(h)](const error_code& err) mutable {
    lock_type lk{self->mu_};
    if (self->closed_ || err == asio::error::operation_aborted) {
      lk.unlock();
      h(errc::closed);
      return;
    }
    if (!err) {
      error_code ignored;
      self->sock_.non_blocking(true, ignored);
      self->fd_ = self->sock_.native_handle();
      lk.unlock();
      h(errc::ok);
      return;
    }
    self->try_connect(lk, eps, index + 1, std::move(opts), std::move(h),
                      to_errc(err));
  });
}

// A local (AF_UNIX) connect never waits: the kernel queues it on the
// listener or refuses it at once. EAGAIN means the listener's backlog is
// full; Asio (like OTP 25's inet_drv) would take it for a connect in
// progress and then report success for a socket that never connected.
// Called with mu_ held; releases it before calling `h`.
void asio_tcp_transport::connect_local(lock_type& lk,
                                       const stream_endpoint& ep,
                                       connect_handler h) {
  error_code ec;
  sock_.non_blocking(true, ec);
  int fd = sock_.native_handle();
  int rc = -1;
  if (!ec)
    do
      rc = ::connect(fd, ep.data(), static_cast<socklen_t>(ep.size()));
    while (rc != 0 && errno == EINTR);
  errc err = ec ? to_errc(ec) : rc == 0 ? errc::ok : errc_from_errno(errno);
  if (err == errc::ok)
    fd_ = fd;
  lk.unlock();
  h(err);
}

// Waits for readiness first, then sizes the buffer by what the kernel
// holds: an idle connection owns no receive buffer at all.
void asio_tcp_transport::async_read(size_t max_bytes, read_handler h) {
  read_max_ = max_bytes;
  read_h_ = std::move(h);
  start_wait(stream_socket::wait_read);
}

// Each time the socket has room, the event loop writes what the kernel
// takes.
void asio_tcp_transport::async_write(std::vector<binary> bufs,
                                     write_handler h) {
  write_bufs_ = std::move(bufs);
  write_done_ = 0;
  write_h_ = std::move(h);
  start_wait(stream_socket::wait_write);
}

// The wait starts right on the calling thread (the actor's, or the I/O
// thread's when it re-arms), without mu_ (see the class comment): Asio's
// reactor takes it under its own lock, and the event loop only wakes when
// the socket is ready. After close() (fd_ < 0) the completion reports
// closed without waiting.
void asio_tcp_transport::start_wait(stream_socket::wait_type what) {
  auto done = [self = shared_from_this(), what](const error_code& ec) {
    if (what == stream_socket::wait_read)
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
/// close_now cannot let it go (and another connection take it) meanwhile.
int asio_tcp_transport::open_fd(const lock_type&) const {
  return closed_ ? -1 : fd_.load();
}

void asio_tcp_transport::on_readable(const error_code& ec) {
  lock_type lk{mu_};
  binary data;
  int fd = open_fd(lk);
  errc err = fd < 0 ? errc::closed : to_errc(ec);
  if (err == errc::ok) {
    err = read_now(fd, read_max_, data);
    if (err == errc::eagain) { // woken for nothing (e.g. a reset edge)
      start_wait(stream_socket::wait_read);
      return;
    }
  }
  auto h = std::move(read_h_);
  lk.unlock();
  h(err, std::move(data));
}

void asio_tcp_transport::on_writable(const error_code& ec) {
  lock_type lk{mu_};
  int fd = open_fd(lk);
  errc err = fd < 0 ? errc::closed : to_errc(ec);
  if (err == errc::ok) {
    size_t n = 0;
    err = write_now(fd, write_bufs_, write_done_, n);
    write_done_ += n;
    if (err == errc::ok && write_done_ < total_size(write_bufs_)) {
      start_wait(stream_socket::wait_write);
      return;
    }
  }
  auto h = std::move(write_h_);
  auto done = write_done_;
  write_bufs_.clear();
  lk.unlock();
  h(err, done);
}

errc asio_tcp_transport::try_write(const std::vector<binary>& bufs,
                                   size_t& written) {
  written = 0;
  int fd = fd_;
  if (fd < 0)
    return errc::ok;
  return write_now(fd, bufs, 0, written);
}

errc asio_tcp_transport::try_read(size_t max_bytes, binary& out) {
  int fd = fd_;
  if (fd < 0)
    return errc::eagain;
  return read_now(fd, max_bytes, out);
}

errc asio_tcp_transport::shutdown(shutdown_how how) {
  lock_type lk{mu_};
  error_code ec;
  switch (how) {
    case shutdown_how::read:
      sock_.shutdown(stream_socket::shutdown_receive, ec);
      break;
    case shutdown_how::write:
      sock_.shutdown(stream_socket::shutdown_send, ec);
      break;
    case shutdown_how::read_write:
      sock_.shutdown(stream_socket::shutdown_both, ec);
      break;
  }
  return to_errc(ec);
}

errc asio_tcp_transport::apply_options(const net::socket_options& opts) {
  lock_type lk{mu_};
  return apply_kernel_options(sock_, opts, true, applied_);
}

namespace {

// Asio halves SO_RCVBUF/SO_SNDBUF on Linux to hide the kernel's doubling;
// getopts reports what the kernel really uses, as inet does.
net::result<size_t> kernel_int_option(int fd, int name,
                                      int level = SOL_SOCKET) {
  int value = 0;
  socklen_t len = sizeof(value);
  if (::getsockopt(fd, level, name, &value, &len) != 0)
    return errc_from_errno(errno);
  return static_cast<size_t>(value);
}

} // namespace

net::result<size_t> asio_tcp_transport::recbuf() const {
  lock_type lk{mu_};
  return kernel_int_option(const_cast<stream_socket&>(sock_).native_handle(),
                           SO_RCVBUF);
}

net::result<size_t> asio_tcp_transport::sndbuf() const {
  lock_type lk{mu_};
  return kernel_int_option(const_cast<stream_socket&>(sock_).native_handle(),
                           SO_SNDBUF);
}

errc asio_tcp_transport::set_raw(const inet::raw& opt) {
  lock_type lk{mu_};
  int fd = open_fd(lk);
  return fd < 0 ? errc::closed : set_raw_option(fd, opt);
}

net::result<std::string> asio_tcp_transport::get_raw(int level, int num,
                                                     std::string buffer) const {
  lock_type lk{mu_};
  int fd = open_fd(lk);
  if (fd < 0)
    return errc::closed;
  return get_raw_option(fd, level, num, std::move(buffer));
}

net::result<inet::option>
asio_tcp_transport::kernel_option(inet::option_name name) const {
  lock_type lk{mu_};
  int fd = open_fd(lk);
  return fd < 0 ? net::result<inet::option>{errc::closed}
                : read_kernel_option(fd, name);
}

net::result<inet::socket_address> asio_tcp_transport::sockname() const {
  lock_type lk{mu_};
  error_code ec;
  auto ep = sock_.local_endpoint(ec);
  if (ec)
    return to_errc(ec);
  return from_asio(ep);
}

net::result<inet::socket_address> asio_tcp_transport::peername() const {
  lock_type lk{mu_};
  error_code ec;
  auto ep = sock_.remote_endpoint(ec);
  if (ec)
    return to_errc(ec);
  return from_asio(ep);
}

// The descriptor is closed in the event loop: closing it in the actor's
// turn (the TCP teardown runs in that system call) cost connect churn
// about a quarter more system time per connection (s4, measured with a
// dedicated I/O thread; with the event loop on the workers it still cost
// ~14% of s4's cycles per CPU-second). The actor's fast paths stop at
// once (fd_); outstanding waits then complete with operation_aborted, and
// a completion already running sees closed_ and leaves the (possibly
// reused) descriptor alone.
void asio_tcp_transport::close(bool abort) {
  fd_ = -1;
  asio::post(sock_.get_executor(), [self = shared_from_this(), abort] {
    self->close_now(abort);
  });
}

void asio_tcp_transport::close_now(bool abort) {
  lock_type lk{mu_};
  closed_ = true;
  error_code ec;
  if (resolver_)
    resolver_->cancel();
  if (!sock_.is_open())
    return;
  if (abort)
    sock_.set_option(asio::socket_base::linger(true, 0), ec);
  sock_.close(ec);
}

} // namespace otpnet::detail
