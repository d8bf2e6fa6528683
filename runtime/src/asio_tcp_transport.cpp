#include "asio_tcp_transport.hpp"

#include <sys/socket.h>
#include <sys/uio.h>

#include <cerrno>

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

#include "asio_address.hpp"
#include "asio_socket_options.hpp"
#include "error_mapping.hpp"

namespace otpnet::detail {

namespace asio = boost::asio;
using asio::ip::tcp;
using boost::system::error_code;

namespace {

/// One non-blocking read into a per-thread spare buffer. A large read
/// keeps that buffer as its binary (no copy; at most half of it unused)
/// and the next read takes a fresh one; a small read is copied out at its
/// exact size, so that a small packet never pins 64 KiB and the spare is
/// reused. ok with data, closed at end of stream, eagain, or the error.
errc read_now(int fd, size_t max_bytes, binary& out) {
  constexpr size_t spare_size = 64 * 1024;
  thread_local binary spare;
  thread_local char* spare_bytes = nullptr;
  if (spare_bytes == nullptr)
    spare = binary::allocate(spare_size, spare_bytes);
  size_t want = std::max<size_t>(1, std::min(max_bytes, spare_size));
  auto n = ::recv(fd, spare_bytes, want, MSG_DONTWAIT);
  if (n > 0) {
    auto got = static_cast<size_t>(n);
    if (got >= spare_size / 2) {
      out = spare.slice(0, got);
      spare = binary{}; // handed over: never written again
      spare_bytes = nullptr;
    } else {
      out = binary::copy_of(spare_bytes, got);
    }
    return errc::ok;
  }
  if (n == 0)
    return errc::closed;
  if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
    return errc::eagain;
  return errc_from_errno(errno);
}

} // namespace

asio_tcp_transport::asio_tcp_transport(asio::io_context& ctx)
  : strand_(asio::make_strand(ctx)), sock_(strand_) {
  // nop
}

asio_tcp_transport::asio_tcp_transport(strand_type strand, tcp::socket sock)
  : strand_(std::move(strand)), sock_(std::move(sock)) {
  fd_ = sock_.native_handle();
}

namespace {

tcp::endpoint local_endpoint_for(const net::socket_options& opts, bool v6) {
  auto addr = opts.ip ? to_asio(*opts.ip)
                      : (v6 ? asio::ip::address{asio::ip::address_v6::any()}
                            : asio::ip::address{asio::ip::address_v4::any()});
  return tcp::endpoint{addr, static_cast<uint16_t>(opts.port)};
}

} // namespace

void asio_tcp_transport::async_connect(std::string host, uint16_t port,
                                       const net::socket_options& opts,
                                       connect_handler h) {
  asio::post(strand_, [self = shared_from_this(), host = std::move(host), port,
                       opts, h = std::move(h)]() mutable {
    auto eps = std::make_shared<std::vector<tcp::endpoint>>();
    error_code ec;
    auto literal = asio::ip::make_address(host, ec);
    if (!ec) {
      // An address literal picks its own family, as gen_tcp does for an
      // address tuple.
      eps->emplace_back(literal, port);
      self->try_connect(eps, 0, opts, std::move(h), errc::econnrefused);
      return;
    }
    bool want_v6 = opts.family == inet::family_kind::inet6;
    self->resolver_ = std::make_unique<tcp::resolver>(self->strand_);
    self->resolver_->async_resolve(
      host, std::to_string(port), tcp::resolver::numeric_service,
      asio::bind_executor(self->strand_, [self, eps, opts, want_v6,
                                          h = std::move(h)](
                                           const error_code& err,
                                           tcp::resolver::results_type res) {
        if (err) {
          h(to_errc(err));
          return;
        }
        for (auto& entry : res)
          if (entry.endpoint().address().is_v6() == want_v6)
            eps->push_back(entry.endpoint());
        if (eps->empty()) {
          h(errc::nxdomain);
          return;
        }
        self->try_connect(eps, 0, opts, std::move(h), errc::econnrefused);
      }));
  });
}

// Tries the resolved addresses in order, as inet_tcp does with getaddrs.
void asio_tcp_transport::try_connect(
  std::shared_ptr<std::vector<tcp::endpoint>> eps, size_t index,
  net::socket_options opts, connect_handler h, errc last) {
  if (index >= eps->size()) {
    h(last);
    return;
  }
  const auto& ep = (*eps)[index];
  error_code ec;
  if (sock_.is_open())
    sock_.close(ec);
  sock_.open(ep.protocol(), ec);
  applied_.reset(); // a new descriptor has none of them yet
  if (!ec) {
    auto applied = apply_kernel_options(sock_, opts, true, applied_);
    if (applied != errc::ok) {
      h(applied);
      return;
    }
  }
  if (!ec && (opts.ip || opts.port != 0))
    sock_.bind(local_endpoint_for(opts, ep.address().is_v6()), ec);
  if (ec) {
    h(to_errc(ec));
    return;
  }
  sock_.async_connect(
    ep, asio::bind_executor(strand_, [self = shared_from_this(), eps, index,
                                      opts, h = std::move(h)](
                                       const error_code& err) mutable {
      if (!err) {
        error_code ignored;
        self->sock_.non_blocking(true, ignored);
        self->fd_ = self->sock_.native_handle();
        h(errc::ok);
        return;
      }
      if (err == asio::error::operation_aborted) {
        h(errc::closed);
        return;
      }
      self->try_connect(eps, index + 1, std::move(opts), std::move(h),
                        to_errc(err));
    }));
}

void asio_tcp_transport::async_read(size_t max_bytes, read_handler h) {
  asio::post(strand_, [self = shared_from_this(), max_bytes,
                       h = std::move(h)]() mutable {
    // Wait for readiness first, then size the buffer by what the kernel
    // holds: an idle connection owns no receive buffer at all.
    self->sock_.async_wait(
      tcp::socket::wait_read,
      asio::bind_executor(self->strand_, [self, max_bytes, h = std::move(h)](
                                           const error_code& ec) mutable {
        if (ec) {
          h(to_errc(ec), binary{});
          return;
        }
        self->on_readable(max_bytes, std::move(h));
      }));
  });
}

void asio_tcp_transport::on_readable(size_t max_bytes, read_handler h) {
  binary data;
  auto err = read_now(sock_.native_handle(), max_bytes, data);
  if (err == errc::eagain) {
    async_read(max_bytes, std::move(h));
    return;
  }
  h(err, std::move(data));
}

void asio_tcp_transport::async_write(std::vector<binary> bufs,
                                     write_handler h) {
  auto held = std::make_shared<std::vector<binary>>(std::move(bufs));
  asio::post(strand_, [self = shared_from_this(), held,
                       h = std::move(h)]() mutable {
    std::vector<asio::const_buffer> seq;
    seq.reserve(held->size());
    for (auto& b : *held)
      seq.emplace_back(b.data(), b.size());
    asio::async_write(self->sock_, seq,
                      asio::bind_executor(self->strand_,
                                          [held, h = std::move(h)](
                                            const error_code& ec, size_t n) {
                                            h(to_errc(ec), n);
                                          }));
  });
}

errc asio_tcp_transport::try_write(const std::vector<binary>& bufs,
                                   size_t& written) {
  written = 0;
  int fd = fd_;
  if (fd < 0)
    return errc::ok;
  constexpr size_t max_iov = 64;
  iovec iov[max_iov];
  size_t count = 0;
  for (auto& b : bufs) {
    if (count == max_iov)
      break;
    iov[count].iov_base = const_cast<char*>(b.data());
    iov[count].iov_len = b.size();
    ++count;
  }
  msghdr msg{};
  msg.msg_iov = iov;
  msg.msg_iovlen = count;
  auto n = ::sendmsg(fd, &msg, MSG_DONTWAIT | MSG_NOSIGNAL);
  if (n >= 0) {
    written = static_cast<size_t>(n);
    return errc::ok;
  }
  if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
    return errc::ok;
  return errc_from_errno(errno);
}

errc asio_tcp_transport::try_read(size_t max_bytes, binary& out) {
  int fd = fd_;
  if (fd < 0)
    return errc::eagain;
  return read_now(fd, max_bytes, out);
}

errc asio_tcp_transport::shutdown(shutdown_how how) {
  error_code ec;
  switch (how) {
    case shutdown_how::read:
      sock_.shutdown(tcp::socket::shutdown_receive, ec);
      break;
    case shutdown_how::write:
      sock_.shutdown(tcp::socket::shutdown_send, ec);
      break;
    case shutdown_how::read_write:
      sock_.shutdown(tcp::socket::shutdown_both, ec);
      break;
  }
  return to_errc(ec);
}

errc asio_tcp_transport::apply_options(const net::socket_options& opts) {
  return apply_kernel_options(sock_, opts, true, applied_);
}

namespace {

// Asio halves SO_RCVBUF/SO_SNDBUF on Linux to hide the kernel's doubling;
// getopts reports what the kernel really uses, as inet does.
net::result<size_t> kernel_int_option(int fd, int name) {
  int value = 0;
  socklen_t len = sizeof(value);
  if (::getsockopt(fd, SOL_SOCKET, name, &value, &len) != 0)
    return errc_from_errno(errno);
  return static_cast<size_t>(value);
}

} // namespace

net::result<size_t> asio_tcp_transport::recbuf() const {
  return kernel_int_option(const_cast<tcp::socket&>(sock_).native_handle(),
                           SO_RCVBUF);
}

net::result<size_t> asio_tcp_transport::sndbuf() const {
  return kernel_int_option(const_cast<tcp::socket&>(sock_).native_handle(),
                           SO_SNDBUF);
}

net::result<inet::socket_address> asio_tcp_transport::sockname() const {
  error_code ec;
  auto ep = sock_.local_endpoint(ec);
  if (ec)
    return to_errc(ec);
  return from_asio(ep);
}

net::result<inet::socket_address> asio_tcp_transport::peername() const {
  error_code ec;
  auto ep = sock_.remote_endpoint(ec);
  if (ec)
    return to_errc(ec);
  return from_asio(ep);
}

void asio_tcp_transport::close(bool abort) {
  fd_ = -1;
  asio::post(strand_, [self = shared_from_this(), abort] {
    error_code ec;
    if (self->resolver_)
      self->resolver_->cancel();
    if (!self->sock_.is_open())
      return;
    if (abort)
      self->sock_.set_option(asio::socket_base::linger(true, 0), ec);
    self->sock_.close(ec);
  });
}

} // namespace otpnet::detail
