#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <otpnet/inet/ancillary_data.hpp>
#include <otpnet/inet/ip_address.hpp>
#include <otpnet/net/binary.hpp>
#include <otpnet/net/errc.hpp>
#include <otpnet/net/inline_function.hpp>
#include <otpnet/net/result.hpp>
#include <otpnet/net/socket_options.hpp>
#include <otpnet/sock/types.hpp>

namespace otpnet {

class runtime;
class os_socket;
using os_socket_ptr = std::shared_ptr<os_socket>;

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
  /// For the local family (AF_UNIX) `host` is the file's path and `port`
  /// is 0; a transport without files (the simulated network) answers
  /// eafnosupport.
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

  /// Reads an option as the kernel keeps it: tos, priority, tclass (TCP
  /// keeps the ECN bits its own, and -1 reads as the default), ttl,
  /// pktoptions (getopts asks only for options the socket has:
  /// net::left_out); einval for any other name,
  /// and from the default (no kernel behind the transport): getopts then
  /// answers from the socket's record.
  virtual net::result<inet::option>
  kernel_option(inet::option_name name) const;

  /// inet's {raw, ...} in setopts: setsockopt(2) with the bytes as given.
  /// The default (no kernel behind the transport) is einval.
  virtual errc set_raw(const inet::raw& opt);

  /// getopts' raw request: getsockopt(2) into `buffer` (sized and filled
  /// by the caller); the bytes the kernel wrote, or its error. The default
  /// is einval, and getopts leaves the request out of its answer.
  virtual net::result<std::string> get_raw(int level, int num,
                                           std::string buffer) const;

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

  /// As stream_transport::kernel_option.
  virtual net::result<inet::option>
  kernel_option(inet::option_name name) const;

  /// As stream_transport::set_raw and get_raw.
  virtual errc set_raw(const inet::raw& opt);
  virtual net::result<std::string> get_raw(int level, int num,
                                           std::string buffer) const;

  virtual void close() = 0;
};

using listen_transport_ptr = std::shared_ptr<listen_transport>;

/// A UDP socket's side of the driver interface (gen_udp). Same threading
/// rules as stream_transport: calls come from one actor at a time,
/// completion handlers run in the event loop and only turn the completion
/// into a message.
class datagram_transport {
public:
  using receive_handler
    = net::inline_function<void(errc, inet::socket_address, binary)>;
  using ancillary_receive_handler
    = net::inline_function<void(errc, inet::socket_address, binary,
                                std::optional<inet::ancillary_data>)>;
  using send_handler = net::inline_function<void(errc)>;

  virtual ~datagram_transport();

  /// Waits until a datagram is there, then receives it: at most
  /// `max_bytes` of it (the rest of a longer one is lost, as recvfrom
  /// loses it), with its sender. An error the kernel queued for the socket
  /// (econnrefused after sending to a closed port of a connected peer)
  /// completes it with that error. At most one receive may be outstanding.
  virtual void async_receive(size_t max_bytes, receive_handler h) = 0;

  /// Fast path: receives a datagram that is there now, without blocking:
  /// ok (with `from` and `out`), eagain, or the error.
  virtual errc try_receive(size_t max_bytes, inet::socket_address& from,
                           binary& out) = 0;

  /// async_receive that also reports the datagram's ancillary data: the
  /// values the control messages of IP_RECVTOS, IP_RECVTTL and
  /// IPV6_RECVTCLASS (set by apply_options) bring, or nullopt while none
  /// of these options is on. Which it is is decided when the datagram is
  /// read, so a setopts that turns them on applies to the next datagram
  /// even while a receive waits (an active socket always has one). With
  /// the options off it costs what async_receive costs. The default, for
  /// transports without IP headers (the test kit's simulated network),
  /// receives as async_receive and reports nullopt.
  virtual void async_receive_ancillary(size_t max_bytes,
                                       ancillary_receive_handler h);

  /// try_receive with the datagram's ancillary data in `anc`, for a socket
  /// with one of the recv* options on (recvmsg instead of recvfrom). The
  /// default receives as try_receive and leaves `anc` empty.
  virtual errc try_receive_ancillary(size_t max_bytes,
                                     inet::socket_address& from, binary& out,
                                     inet::ancillary_data& anc);

  /// Sends one datagram without blocking, to `to` or, without it, to the
  /// connected peer: ok, eagain when the kernel has no room now, or the
  /// error (emsgsize, edestaddrreq when not connected, eafnosupport for an
  /// address of the other family, econnrefused...).
  virtual errc try_send(const std::optional<inet::socket_address>& to,
                        const binary& data) = 0;

  /// Waits until the socket can take a datagram, then sends it (after
  /// try_send said eagain). At most one may be outstanding.
  virtual void async_send(std::optional<inet::socket_address> to,
                          binary data, send_handler h) = 0;

  /// try_send with ancillary data for this datagram only (gen_udp:send/5):
  /// one sendmsg whose control messages set IP_TOS, IP_TTL and
  /// IPV6_TCLASS to the values of `anc`, already checked
  /// (inet::normalize_ancillary). The kernel ignores the other family's
  /// and applies the rest to this datagram alone; an empty `anc` is a
  /// plain send (the socket actor sends every datagram this way). The
  /// default, for transports without IP headers, sends as try_send and
  /// ignores `anc`.
  virtual errc try_send_ancillary(const std::optional<inet::socket_address>& to,
                                  const binary& data,
                                  const inet::ancillary_data& anc);

  /// async_send with ancillary data, as try_send_ancillary (and with its
  /// default).
  virtual void async_send_ancillary(std::optional<inet::socket_address> to,
                                    binary data, inet::ancillary_data anc,
                                    send_handler h);

  /// connect(2): fixes the peer (sends without an address go there, the
  /// kernel drops datagrams from anyone else).
  virtual errc connect(const inet::socket_address& to) = 0;

  /// Applies the OS-level options of `opts` (buffers, reuseaddr, tos...).
  virtual errc apply_options(const net::socket_options& opts) = 0;

  virtual net::result<size_t> recbuf() const = 0;
  virtual net::result<size_t> sndbuf() const = 0;
  /// As stream_transport::kernel_option.
  virtual net::result<inet::option>
  kernel_option(inet::option_name name) const;
  /// As stream_transport::set_raw and get_raw.
  virtual errc set_raw(const inet::raw& opt);
  virtual net::result<std::string> get_raw(int level, int num,
                                           std::string buffer) const;
  /// Joins or leaves a multicast group (setopts' add_membership and
  /// drop_membership): the kernel's answer. einval by default.
  virtual errc set_membership(const net::membership_change& change);
  virtual net::result<inet::socket_address> sockname() const = 0;
  /// enotconn unless connected.
  virtual net::result<inet::socket_address> peername() const = 0;

  /// Closes the socket; outstanding operations complete with errc::closed.
  virtual void close() = 0;
};

using datagram_transport_ptr = std::shared_ptr<datagram_transport>;

/// Where a runtime gets its transports from. The default is the operating
/// system through Boost.Asio; a test kit substitutes a simulated network
/// (runtime_config::transports), and the socket actors run unchanged.
class transport_factory {
public:
  virtual ~transport_factory();

  /// An unconnected TCP transport (async_connect comes next).
  virtual stream_transport_ptr make_tcp_transport() = 0;

  /// Opens, binds and listens on `port` with `opts` (family, ip,
  /// reuseaddr, backlog...), or on opts.local_address's file for the local
  /// family. Errors are the POSIX atoms (eaddrinuse...).
  virtual net::result<listen_transport_ptr>
  open_tcp_listener(uint16_t port, const net::socket_options& opts) = 0;

  /// Opens a UDP socket of the family in `opts`, bound to `opts.ip` (or the
  /// any address) and `port`, with `opts` applied. The default has no UDP:
  /// eafnosupport (a simulated network without datagrams).
  virtual net::result<datagram_transport_ptr>
  open_udp(uint16_t port, const net::socket_options& opts);

  /// A non-blocking OS socket for the socket module (os_socket.hpp). The
  /// default has none: eafnosupport.
  virtual net::result<os_socket_ptr>
  open_os_socket(sock::domain d, sock::type t, sock::protocol p);
};

using transport_factory_ptr = std::shared_ptr<transport_factory>;

/// Creates an unconnected TCP transport from the runtime's factory.
stream_transport_ptr make_tcp_transport(runtime& rt);

/// Opens a listening transport from the runtime's factory.
net::result<listen_transport_ptr>
open_tcp_listener(runtime& rt, uint16_t port, const net::socket_options& opts);

/// Opens a UDP transport from the runtime's factory.
net::result<datagram_transport_ptr>
open_udp(runtime& rt, uint16_t port, const net::socket_options& opts);

} // namespace otpnet
