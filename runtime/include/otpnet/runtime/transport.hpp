#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <otpnet/inet/ip_address.hpp>
#include <otpnet/net/binary.hpp>
#include <otpnet/net/errc.hpp>
#include <otpnet/net/inline_function.hpp>
#include <otpnet/net/result.hpp>
#include <otpnet/net/socket_options.hpp>

namespace otpnet {

class runtime;

/// The narrow "driver" interface between a socket actor and the OS socket
/// (OTP's prim_inet / inet_drv edge). The Asio implementation lives in
/// runtime/src; tests may substitute an in-memory one.
///
/// Completion handlers run in the runtime's event loop (an idle worker or
/// an I/O thread). They must not touch actor
/// state: they turn the completion into a message for the actor.
/// Thread safety: a transport may be used from one actor at a time; the
/// implementation serialises its asynchronous operations itself.
///
/// Destroying a transport that was never closed closes its connection, as
/// the OS closes a descriptor its process drops: a connection accepted just
/// as its listen socket closes (the completion message dropped with the
/// listen actor) must not stay open.
class stream_transport {
public:
  // Not std::function: a handler that captures an actor handle is kept
  // inline instead of allocated, once per read (net/inline_function.hpp).
  using read_handler = net::inline_function<void(errc, binary)>;
  using write_handler = net::inline_function<void(errc, size_t)>;
  using connect_handler = net::inline_function<void(errc)>;

  enum class shutdown_how : uint8_t { read, write, read_write };

  virtual ~stream_transport();

  /// Resolves `host`, opens a socket of the family in `opts`, binds it if
  /// `opts` asks for a local address or port, applies `opts` and connects.
  virtual void async_connect(std::string host, uint16_t port,
                             const net::socket_options& opts,
                             connect_handler h) = 0;

  /// Waits until the socket is readable, then reads what is there, at most
  /// `max_bytes`. Reports errc::closed at end of stream. At most one read
  /// may be outstanding.
  virtual void async_read(size_t max_bytes, read_handler h) = 0;

  /// Writes every byte of `bufs`, in order (gathered into one writev where
  /// possible). At most one write may be outstanding.
  virtual void async_write(std::vector<binary> bufs, write_handler h) = 0;

  /// Fast path, from the caller's thread: writes what the kernel takes
  /// now without blocking. Sets `written` (possibly 0 or partial) and
  /// returns ok, or returns the error. Only while no async_write is
  /// outstanding. The default takes nothing, so everything goes through
  /// async_write.
  virtual errc try_write(const std::vector<binary>& bufs, size_t& written);

  /// Fast path, from the caller's thread: reads what is there now, at most
  /// `max_bytes`, without blocking. Returns ok with data, closed at end of
  /// stream, eagain when nothing is there, or the error. Only while no
  /// async_read is outstanding. The default always says eagain.
  virtual errc try_read(size_t max_bytes, binary& out);

  virtual errc shutdown(shutdown_how how) = 0;

  /// Applies the OS-level options of `opts` (nodelay, keepalive, buffers,
  /// linger...). Options that are not the kernel's are ignored here.
  virtual errc apply_options(const net::socket_options& opts) = 0;

  /// Reads back the buffer sizes the kernel actually uses.
  virtual net::result<size_t> recbuf() const = 0;
  virtual net::result<size_t> sndbuf() const = 0;

  virtual net::result<inet::socket_address> sockname() const = 0;
  virtual net::result<inet::socket_address> peername() const = 0;

  /// Closes the socket; outstanding operations complete with errc::closed.
  /// With `abort`, the connection is reset (RST) instead of closed (FIN).
  virtual void close(bool abort = false) = 0;
};

using stream_transport_ptr = std::shared_ptr<stream_transport>;

/// A listening socket's side of the driver interface.
class listen_transport {
public:
  using accept_handler = std::function<void(errc, stream_transport_ptr)>;

  virtual ~listen_transport();

  /// Accepts one connection. At most one accept may be outstanding.
  virtual void async_accept(accept_handler h) = 0;

  /// Accepts a connection that is already waiting, without blocking: ok
  /// with `out` set, else eagain. An accept error also gives eagain, and
  /// the async_accept that follows reports it. Only while no async_accept
  /// is outstanding and before close. The default always says eagain.
  virtual errc try_accept(stream_transport_ptr& out);

  virtual net::result<inet::socket_address> sockname() const = 0;
  virtual errc apply_options(const net::socket_options& opts) = 0;
  virtual void close() = 0;
};

using listen_transport_ptr = std::shared_ptr<listen_transport>;

/// Where a runtime gets its transports from. The default is the operating
/// system through Boost.Asio; a test kit substitutes a simulated network
/// (runtime_config::transports), and the socket actors run unchanged.
class transport_factory {
public:
  virtual ~transport_factory();

  /// An unconnected TCP transport (async_connect comes next).
  virtual stream_transport_ptr make_tcp_transport() = 0;

  /// Opens, binds and listens on `port` with `opts` (family, ip,
  /// reuseaddr, backlog...). Errors are the POSIX atoms (eaddrinuse...).
  virtual net::result<listen_transport_ptr>
  open_tcp_listener(uint16_t port, const net::socket_options& opts) = 0;
};

using transport_factory_ptr = std::shared_ptr<transport_factory>;

/// Creates an unconnected TCP transport from the runtime's factory.
stream_transport_ptr make_tcp_transport(runtime& rt);

/// Opens a listening transport from the runtime's factory.
net::result<listen_transport_ptr>
open_tcp_listener(runtime& rt, uint16_t port, const net::socket_options& opts);

} // namespace otpnet
