#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/basic_socket_acceptor.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/generic/stream_protocol.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>

#include "otpnet/runtime.hpp"
#include "otpnet/runtime/transport.hpp"

#include "asio_address.hpp"
#include "asio_socket_options.hpp"
#include "asio_tcp_transport.hpp"
#include "asio_transport_factory.hpp"
#include "error_mapping.hpp"
#include "io_engine.hpp"
#include "kernel_option.hpp"
#include "open_in_netns.hpp"
#include "raw_socket_option.hpp"

namespace otpnet {

stream_transport::~stream_transport() = default;

errc stream_transport::try_write(const std::vector<binary>&, size_t& written) {
  written = 0;
  return errc::ok;
}

errc stream_transport::try_read(size_t, binary&) {
  return errc::eagain;
}

net::result<inet::option>
stream_transport::kernel_option(inet::option_name) const {
  return errc::einval;
}

errc stream_transport::set_raw(const inet::raw&) {
  return errc::einval;
}

net::result<std::string> stream_transport::get_raw(int, int,
                                                   std::string) const {
  return errc::einval;
}
listen_transport::~listen_transport() = default;

errc listen_transport::try_accept(stream_transport_ptr&) {
  return errc::eagain;
}

net::result<inet::option>
listen_transport::kernel_option(inet::option_name) const {
  return errc::einval;
}

errc listen_transport::set_raw(const inet::raw&) {
  return errc::einval;
}

net::result<std::string> listen_transport::get_raw(int, int,
                                                   std::string) const {
  return errc::einval;
}

namespace detail {

namespace asio = boost::asio;
using asio::ip::tcp;
using boost::system::error_code;

using stream_acceptor
  = asio::basic_socket_acceptor<asio::generic::stream_protocol>;

/// The address a listen socket binds: its file for the local family, else
/// {ip, A} (or the any address of the family) and the port.
stream_endpoint listen_endpoint(uint16_t port,
                                const net::socket_options& opts) {
  if (opts.family == inet::family_kind::local)
    return local_stream_endpoint(opts.local_address->path);
  bool v6 = opts.family == inet::family_kind::inet6
            || (opts.ip && opts.ip->is_v6());
  auto addr = opts.ip ? to_asio(*opts.ip)
                      : (v6 ? asio::ip::address{asio::ip::address_v6::any()}
                            : asio::ip::address{asio::ip::address_v4::any()});
  return stream_endpoint{tcp::endpoint{addr, port}};
}

/// listen_transport over an Asio acceptor (TCP, or a Unix domain socket's
/// file for the local family). The acceptor's asynchronous
/// operations and close run on its strand (Asio: "Shared objects:
/// Unsafe"); an accepted socket is an asio_tcp_transport (its own lock).
class asio_listen_transport
  : public listen_transport,
    public std::enable_shared_from_this<asio_listen_transport> {
public:
  explicit asio_listen_transport(asio::io_context& ctx)
    : ctx_(ctx), strand_(asio::make_strand(ctx)), acceptor_(strand_) {
    // nop
  }

  errc open(uint16_t port, const net::socket_options& opts) {
    // A local listen socket needs its file ({ifaddr, {local, File}}): OTP
    // 25 answers einval for `local` alone too.
    if (opts.family == inet::family_kind::local && !opts.local_address)
      return errc::einval;
    auto ep = listen_endpoint(port, opts);
    bool v6 = ep.protocol().family() == AF_INET6;
    if (auto err = open_in_netns(acceptor_, ep.protocol(), opts);
        err != errc::ok)
      return err;
    error_code ec;
    if (v6 && opts.ipv6_v6only)
      acceptor_.set_option(asio::ip::v6_only(*opts.ipv6_v6only), ec);
    // All of them, nodelay and keepalive included: Linux copies a listen
    // socket's options to the sockets it accepts (see inherited()).
    if (auto err = apply_kernel_options(acceptor_, opts, true, applied_);
        err != errc::ok)
      return err;
    acceptor_.bind(ep, ec);
    if (!ec)
      acceptor_.listen(static_cast<int>(opts.backlog), ec);
    // Non-blocking, so that try_accept never waits (async_accept does not
    // care); the descriptor is kept for try_accept, which must not touch
    // acceptor_ (the strand owns it).
    if (!ec)
      acceptor_.non_blocking(true, ec);
    if (!ec) {
      fd_ = acceptor_.native_handle();
      protocol_ = ep.protocol();
    }
    return to_errc(ec);
  }

  errc try_accept(stream_transport_ptr& out) override {
    if (fd_ < 0)
      return errc::eagain;
    int fd = ::accept4(fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0)
      return errc::eagain;
    stream_socket sock{ctx_};
    error_code ec;
    sock.assign(protocol_, fd, ec);
    if (ec) {
      ::close(fd);
      return errc::eagain;
    }
    sock.non_blocking(true, ec);
    out = std::make_shared<asio_tcp_transport>(std::move(sock), inherited());
    return errc::ok;
  }

  void async_accept(accept_handler h) override {
    asio::post(strand_, [self = shared_from_this(), inherited = inherited(),
                         h = std::move(h)] {
      self->acceptor_.async_accept(
        self->ctx_, asio::bind_executor(self->strand_, [h, inherited](
                                                     const error_code& ec,
                                                     stream_socket sock) {
          if (ec) {
            h(to_errc(ec), nullptr);
            return;
          }
          error_code ignored;
          sock.non_blocking(true, ignored);
          h(errc::ok, std::make_shared<asio_tcp_transport>(std::move(sock),
                                                           inherited));
        }));
    });
  }

  net::result<inet::socket_address> sockname() const override {
    error_code ec;
    auto ep = acceptor_.local_endpoint(ec);
    if (ec)
      return to_errc(ec);
    return from_asio(ep);
  }

  errc apply_options(const net::socket_options& opts) override {
    // Any attempt to change them counts, also one that fails half-way (the
    // options set before the failure stay set; applied_ does not say so).
    if (!applied_ || !(kernel_options::of(opts) == *applied_))
      pristine_ = false;
    return apply_kernel_options(acceptor_, opts, true, applied_);
  }

  // On the descriptor from the caller's thread, as apply_options does:
  // setsockopt needs no strand.
  errc set_raw(const inet::raw& opt) override {
    return fd_ < 0 ? errc::einval : set_raw_option(fd_, opt);
  }

  net::result<std::string> get_raw(int level, int num,
                                   std::string buffer) const override {
    if (fd_ < 0)
      return errc::einval;
    return get_raw_option(fd_, level, num, std::move(buffer));
  }

  net::result<inet::option>
  kernel_option(inet::option_name name) const override {
    if (fd_ < 0)
      return errc::einval;
    return read_kernel_option(fd_, name);
  }

  void close() override {
    // Stop listening now (Linux moves a listen socket that is shut down
    // for reading to CLOSE: connection attempts are refused from here on,
    // as after Erlang's gen_tcp:close); the descriptor itself is released
    // on the strand, whenever the event loop gets to it.
    if (fd_ >= 0)
      ::shutdown(fd_, SHUT_RD);
    fd_ = -1;
    asio::post(strand_, [self = shared_from_this()] {
      error_code ec;
      self->acceptor_.close(ec);
    });
  }

private:
  asio::io_context& ctx_;
  asio::strand<asio::io_context::executor_type> strand_;
  stream_acceptor acceptor_;
  /// The kernel options an accepted socket already has: Linux copies the
  /// listen socket's when it creates the connection, which may be before
  /// a setopts on the listen socket (a connection waiting in the backlog).
  /// So only while the options are those of listen time; after a change,
  /// nothing is assumed and the accepted socket gets every option set.
  applied_options inherited() const {
    return pristine_ ? applied_ : nullptr;
  }

  applied_options applied_;
  bool pristine_ = true; // applied_ is still what open() set
  int fd_ = -1; // acceptor_'s descriptor once listening
  asio::generic::stream_protocol protocol_{AF_INET, IPPROTO_TCP};
};

} // namespace detail

stream_transport_ptr make_tcp_transport(runtime& rt) {
  return rt.transports().make_tcp_transport();
}

net::result<listen_transport_ptr>
open_tcp_listener(runtime& rt, uint16_t port, const net::socket_options& opts) {
  return rt.transports().open_tcp_listener(port, opts);
}

transport_factory::~transport_factory() = default;

namespace detail {

stream_transport_ptr asio_transport_factory::make_tcp_transport() {
  return std::make_shared<asio_tcp_transport>(ctx_);
}

net::result<listen_transport_ptr>
asio_transport_factory::open_tcp_listener(uint16_t port,
                                          const net::socket_options& opts) {
  auto tr = std::make_shared<asio_listen_transport>(ctx_);
  if (auto err = tr->open(port, opts); err != errc::ok)
    return err;
  return listen_transport_ptr{tr};
}

} // namespace detail

} // namespace otpnet
