// The socket module's driver (runtime/os_socket.hpp) on the simulated
// network: stream sockets, IP or local (names, as gen_tcp's local
// listeners; datagrams: sim_dgram_socket.cpp), and local seqpacket
// sockets: connections as streams whose sends are records, each one
// segment (kept even empty) that a recv takes whole, cut at its length
// as the kernel cuts it. Seqpacket and stream sockets do not connect to
// each other's listeners (eprototype, econnrefused for an abstract name,
// as on Linux), nor do the test's peers, which are streams, to a
// seqpacket listener. One difference from Linux: there an empty record
// still queued when the peer closes reads as the end (otpnet cannot tell
// them apart), here as an empty record.
// Calls act on the connection's inboxes at once, as system calls do;
// readiness waits complete as network events, so the deterministic
// fixture explores them like every other event.

#include <algorithm>
#include <utility>

#include "otpnet/inet/ip_address.hpp"

#include "sim_core.hpp"
#include "sim_socket_options.hpp"
#include "sim_transports.hpp"

namespace otpnet::testing::detail {

namespace {

using wait_slot = std::optional<os_socket::wait_handler>;

class sim_os_socket : public os_socket,
                      public std::enable_shared_from_this<sim_os_socket> {
public:
  sim_os_socket(core_ptr net, sock::domain d, sock::type t)
    : net_(std::move(net)), d_(d), t_(t) {
    // nop
  }

  /// An accepted connection (side 1 is the listener's end).
  sim_os_socket(core_ptr net, sock::domain d, sock::type t, connection_ptr c)
    : net_(std::move(net)), d_(d), t_(t), conn_(std::move(c)), side_(1) {
    // nop
  }

  ~sim_os_socket() override {
    close();
  }

  errc bind(const inet::socket_address& addr) override {
    std::lock_guard<std::mutex> guard{net_->mtx};
    if (closed_)
      return errc::closed;
    if (d_ == sock::domain::local)
      return bind_local(addr);
    if (addr.is_local() || addr.addr.is_v6() != (d_ == sock::domain::inet6))
      return errc::eafnosupport;
    if (conn_ || listener_ || port_ != 0)
      return errc::einval;
    if (addr.port != 0 && net_->port_in_use(addr.port))
      return errc::eaddrinuse;
    port_ = addr.port;
    return errc::ok;
  }

  errc listen(int) override {
    std::lock_guard<std::mutex> guard{net_->mtx};
    if (closed_)
      return errc::closed;
    if (conn_ || connecting_)
      return errc::einval;
    if (listener_)
      return errc::ok;
    if (d_ == sock::domain::local)
      return listen_local();
    auto port = port_ != 0 ? port_ : net_->ephemeral_port();
    if (net_->port_in_use(port))
      return errc::eaddrinuse;
    listener_ = std::make_shared<listener_state>();
    listener_->port = port_ = port;
    net_->listeners.emplace(port, listener_);
    net_->note("net", "socket listener :" + std::to_string(port) + " opened");
    return errc::ok;
  }

  errc accept(std::shared_ptr<os_socket>& out) override {
    std::lock_guard<std::mutex> guard{net_->mtx};
    if (closed_)
      return errc::closed;
    if (!listener_)
      return errc::einval;
    if (listener_->backlog.empty())
      return errc::eagain;
    auto c = listener_->backlog.front();
    listener_->backlog.pop_front();
    ++listener_->accepted;
    net_->note("net", "socket listener " + where(*listener_) + " accept -> "
                        + c->side[1].name);
    out = std::make_shared<sim_os_socket>(net_, d_, t_, std::move(c));
    return errc::ok;
  }

  errc connect(const inet::socket_address& to) override {
    std::lock_guard<std::mutex> guard{net_->mtx};
    if (closed_)
      return errc::closed;
    if (d_ == sock::domain::local ? !to.is_local()
                                  : to.is_local()
                                      || to.addr.is_v6()
                                           != (d_ == sock::domain::inet6))
      return d_ == sock::domain::local ? errc::einval : errc::eafnosupport;
    if (conn_)
      return errc::eisconn;
    if (connecting_ || listener_)
      return connecting_ ? errc::ealready : errc::einval;
    auto where = "socket connect to "
                 + (to.is_local() ? "local " + printable(to.local->path)
                                  : ":" + std::to_string(to.port));
    auto local = port_ != 0 ? port_ : net_->ephemeral_port();
    errc result = errc::ok;
    connection_ptr c;
    if (to.is_local()) {
      // No files: a name nobody listens on is a missing file.
      auto l = net_->find_listener(to.local->path);
      if (l && l->records != records()) {
        // A listener of the other type: Linux looks an abstract name up
        // with the type (none found), a file's socket without.
        result = to.local->path.front() == '\0' ? errc::econnrefused
                                                 : errc::eprototype;
      } else if (l) {
        c = net_->make_connection(true, true, local, l->port);
        c->side[0].path = path_.value_or(std::string{});
        c->side[1].path = to.local->path;
        l->backlog.push_back(c);
        net_->maybe_schedule_accept(l);
      } else {
        result = errc::enoent;
      }
    } else if (auto i = net_->peer_listeners.find(to.port);
        i != net_->peer_listeners.end()) {
      c = net_->make_connection(true, false, local, to.port);
      i->second->ready.push_back(c);
    } else if (auto j = net_->listeners.find(to.port);
               j != net_->listeners.end() && !j->second->closed) {
      c = net_->make_connection(true, true, local, to.port);
      j->second->backlog.push_back(c);
      net_->maybe_schedule_accept(j->second);
    } else {
      result = errc::econnrefused;
    }
    net_->note("net", where + (c ? " -> " + c->side[0].name : " -> refused")
                        + " (in progress)");
    // As a non-blocking connect: the outcome is an event of its own.
    connecting_ = true;
    net_->post(where + " completes",
               [weak = weak_from_this(), net = net_, c, result] {
                 if (auto self = weak.lock())
                   self->connected(c, result);
               });
    return errc::einprogress;
  }

  errc connect_result() override {
    std::lock_guard<std::mutex> guard{net_->mtx};
    // As SO_ERROR: read once, then cleared.
    return std::exchange(outcome_, errc::ok);
  }

  errc send(const uint8_t* data, size_t size, size_t& written) override {
    std::lock_guard<std::mutex> guard{net_->mtx};
    if (closed_)
      return errc::closed;
    if (!conn_)
      return errc::enotconn;
    auto& ep = conn_->side[side_];
    auto& other = conn_->side[1 - side_];
    if (ep.reset_by_other)
      return errc::econnreset;
    if (ep.write_shut)
      return errc::epipe;
    if (records())
      return send_record(data, size, written);
    size_t n = size;
    if (!other.closed && other.window != unbounded)
      n = other.window > other.inbox_bytes
            ? std::min(size, other.window - other.inbox_bytes)
            : 0;
    if (n == 0)
      return errc::eagain;
    std::string bytes{reinterpret_cast<const char*>(data), n};
    net_->note("net", ep.name + " send: " + std::to_string(n) + " bytes "
                        + printable(bytes));
    if (!other.closed)
      net_->deliver(conn_, 1 - side_, segment{segment::data, std::move(bytes)});
    written = n;
    return errc::ok;
  }

  errc sendto(const binary&, const inet::socket_address&) override {
    return errc::enotsup; // no datagrams in the simulation
  }

  errc recv(size_t max_bytes, binary& out) override {
    std::lock_guard<std::mutex> guard{net_->mtx};
    if (closed_)
      return errc::closed;
    if (!conn_)
      return errc::enotconn;
    auto& ep = conn_->side[side_];
    if (ep.read_shut)
      return errc::closed;
    if (ep.inbox.empty())
      return errc::eagain;
    auto& seg = ep.inbox.front();
    switch (seg.kind) {
      case segment::data: {
        if (seg.record)
          return recv_record(max_bytes, out);
        auto n = max_bytes == 0 ? seg.bytes.size()
                                : std::min(max_bytes, seg.bytes.size());
        out = binary{seg.bytes.substr(0, n)};
        seg.bytes.erase(0, n);
        if (seg.bytes.empty())
          ep.inbox.pop_front();
        ep.inbox_bytes -= n;
        net_->note("net", ep.name + " recv -> " + std::to_string(n)
                            + " bytes " + printable(out.to_string()));
        net_->pump_write(conn_, 1 - side_);
        return errc::ok;
      }
      case segment::fin:
        return errc::closed;
      case segment::rst:
        return errc::econnreset;
      case segment::error: {
        auto e = seg.err;
        ep.inbox.pop_front();
        return e;
      }
    }
    return errc::eagain;
  }

  errc recvfrom(size_t, inet::socket_address&, binary&) override {
    return errc::enotsup;
  }

  void async_wait(readiness r, wait_handler h) override {
    std::lock_guard<std::mutex> guard{net_->mtx};
    wait_slot slot{std::move(h)};
    if (closed_) {
      net_->wake(slot, "socket wait after close", errc::closed);
      return;
    }
    auto& target = slot_for(r);
    if (&target == &spare_) {
      // Nothing to wait for (unconnected): poll(2) would say ready too.
      net_->wake(slot, "socket ready");
      return;
    }
    target = std::move(slot);
    // Ready already: the hooks fire only on changes.
    if (listener_)
      net_->maybe_schedule_accept(listener_);
    else if (conn_ && r == readiness::read)
      net_->maybe_schedule_read(conn_, side_);
    else if (conn_)
      net_->pump_write(conn_, side_);
  }

  errc shutdown(shutdown_how how) override {
    std::lock_guard<std::mutex> guard{net_->mtx};
    if (closed_)
      return errc::closed;
    if (!conn_)
      return errc::enotconn;
    net_->shutdown_side(conn_, side_, how != os_socket::shutdown_how::write,
                        how != os_socket::shutdown_how::read);
    return errc::ok;
  }

  errc setopt(const sock::option& opt, const sock::value& v) override {
    std::lock_guard<std::mutex> guard{net_->mtx};
    if (closed_)
      return errc::closed;
    opts_.set(opt, v);
    return errc::ok;
  }

  net::result<sock::value> getopt(const sock::option& opt) const override {
    std::lock_guard<std::mutex> guard{net_->mtx};
    if (closed_)
      return errc::closed;
    return opts_.get(opt, d_, t_, listener_ != nullptr);
  }

  net::result<inet::socket_address> sockname() const override {
    std::lock_guard<std::mutex> guard{net_->mtx};
    if (closed_)
      return errc::closed;
    if (conn_)
      return address_of(conn_->side[side_], loopback());
    if (d_ == sock::domain::local) // a listener's name, or unnamed
      return inet::local_socket_address(
        listener_ ? *listener_->path : path_.value_or(std::string{}));
    return inet::socket_address{loopback(), port_};
  }

  net::result<inet::socket_address> peername() const override {
    std::lock_guard<std::mutex> guard{net_->mtx};
    if (closed_)
      return errc::closed;
    if (!conn_ || conn_->side[side_].closed)
      return errc::enotconn;
    return address_of(conn_->side[1 - side_], loopback());
  }

  void close() override {
    std::lock_guard<std::mutex> guard{net_->mtx};
    if (closed_)
      return;
    closed_ = true;
    net_->wake(connect_wait_, "socket wait aborted", errc::closed);
    if (listener_) {
      net_->wake(listener_->wait, "socket wait aborted", errc::closed);
      net_->close_listener(listener_);
    }
    if (conn_) {
      auto& ep = conn_->side[side_];
      net_->wake(ep.wait_read, "socket wait aborted", errc::closed);
      net_->wake(ep.wait_write, "socket wait aborted", errc::closed);
      // Unread data makes it an RST, as on Linux.
      auto abort = ep.inbox_bytes > 0;
      net_->note("net", ep.name + (abort ? " close: RST" : " close: FIN"));
      net_->close_side(conn_, side_, abort);
    }
  }

private:
  bool records() const {
    return t_ == sock::type::seqpacket;
  }

  /// A seqpacket send: one record, whole (even empty). Linux answers
  /// epipe once the peer has closed or shut down its reading. No window:
  /// only the test's peers, streams, set one.
  errc send_record(const uint8_t* data, size_t size, size_t& written) {
    auto& ep = conn_->side[side_];
    auto& other = conn_->side[1 - side_];
    if (other.closed || other.read_shut)
      return errc::epipe;
    std::string bytes{reinterpret_cast<const char*>(data), size};
    net_->note("net", ep.name + " send: record of " + std::to_string(size)
                        + " bytes " + printable(bytes));
    segment seg{segment::data, std::move(bytes)};
    seg.record = true;
    net_->deliver(conn_, 1 - side_, std::move(seg));
    written = size;
    return errc::ok;
  }

  /// A seqpacket recv: the first record, cut at `max_bytes` (0: whole);
  /// the rest of it is lost, as the kernel drops it.
  errc recv_record(size_t max_bytes, binary& out) {
    auto& ep = conn_->side[side_];
    auto& seg = ep.inbox.front();
    auto size = seg.bytes.size();
    auto n = max_bytes == 0 ? size : std::min(max_bytes, size);
    out = binary{seg.bytes.substr(0, n)};
    ep.inbox_bytes -= size;
    ep.inbox.pop_front();
    net_->note("net", ep.name + " recv -> record of " + std::to_string(n)
                        + " bytes " + printable(out.to_string())
                        + (n < size ? " (" + std::to_string(size - n)
                                        + " bytes dropped)"
                                    : std::string{}));
    return errc::ok;
  }

  /// bind of a local socket: a name (no files: eaddrinuse while a
  /// listener holds it); the empty path autobinds, as the kernel does.
  errc bind_local(const inet::socket_address& addr) {
    if (!addr.is_local())
      return errc::einval; // an IP address on a local socket, as OTP 25
    if (conn_ || listener_ || path_)
      return errc::einval;
    auto name = addr.local->path.empty() ? autobind_name()
                                         : addr.local->path;
    if (net_->find_listener(name))
      return errc::eaddrinuse;
    path_ = std::move(name);
    return errc::ok;
  }

  /// listen of a local socket: its name (autobound if it has none) is
  /// taken until close.
  errc listen_local() {
    auto name = path_ ? *path_ : autobind_name();
    if (net_->find_listener(name))
      return errc::eaddrinuse;
    listener_ = std::make_shared<listener_state>();
    listener_->port = net_->ephemeral_port(); // internal only
    listener_->path = name;
    listener_->records = records();
    path_ = std::move(name);
    net_->local_listeners[*path_] = listener_;
    net_->note("net", "socket listener " + where(*listener_) + " opened");
    return errc::ok;
  }

  /// The kernel's autobind gives an abstract name (a leading NUL).
  std::string autobind_name() {
    return std::string(1, '\0') + "sim"
           + std::to_string(net_->ephemeral_port());
  }

  /// The connect's event: connected (or refused), writable now.
  void connected(connection_ptr c, errc result) {
    std::lock_guard<std::mutex> guard{net_->mtx};
    if (closed_ || !connecting_)
      return;
    connecting_ = false;
    conn_ = std::move(c);
    side_ = 0;
    outcome_ = result;
    net_->wake(connect_wait_, "socket connect done");
  }

  inet::ip_address loopback() const {
    return d_ == sock::domain::inet ? inet::ip_address::loopback_v4()
                                    : inet::ip_address::loopback_v6();
  }

  /// Where a wait for `r` is kept; spare_ when there is nothing to wait
  /// for.
  wait_slot& slot_for(readiness r) {
    if (listener_)
      return r == readiness::read ? listener_->wait : spare_;
    if (connecting_ && r == readiness::write)
      return connect_wait_;
    if (conn_)
      return r == readiness::read ? conn_->side[side_].wait_read
                                  : conn_->side[side_].wait_write;
    return spare_; // unconnected, or a failed connect: ready to be asked
  }

  core_ptr net_;
  sock::domain d_;
  sock::type t_;
  connection_ptr conn_;
  int side_ = 0;
  std::shared_ptr<listener_state> listener_;
  uint16_t port_ = 0;
  std::optional<std::string> path_; // a local socket's bound name
  bool connecting_ = false;
  errc outcome_ = errc::ok; // the connect's SO_ERROR
  wait_slot connect_wait_;
  wait_slot spare_;
  bool closed_ = false;
  sim_socket_options opts_;
};

} // namespace

net::result<os_socket_ptr> make_os_socket(core_ptr net, sock::domain d,
                                          sock::type t) {
  if (t == sock::type::dgram)
    return make_dgram_os_socket(std::move(net), d);
  return os_socket_ptr{std::make_shared<sim_os_socket>(std::move(net), d, t)};
}

} // namespace otpnet::testing::detail
