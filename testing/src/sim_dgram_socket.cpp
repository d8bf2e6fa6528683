// The socket module's datagram sockets on the simulated network: a UDP
// port of the network (sim_udp.cpp), so they exchange datagrams with
// gen_udp's sockets and the test's UDP peers, under the same faults (loss,
// duplication, reordering, a failing send). Calls act at once, as system
// calls do; a wait for a datagram completes as a network event.

#include <string>
#include <utility>

#include "otpnet/inet/ip_address.hpp"

#include "sim_core.hpp"
#include "sim_socket_options.hpp"
#include "sim_transports.hpp"

namespace otpnet::testing::detail {

namespace {

using wait_slot = std::optional<os_socket::wait_handler>;

class sim_dgram_socket : public os_socket {
public:
  sim_dgram_socket(core_ptr net, sock::domain d)
    : net_(std::move(net)), d_(d) {
    // nop
  }

  ~sim_dgram_socket() override {
    close();
  }

  errc bind(const inet::socket_address& addr) override {
    std::lock_guard<std::mutex> guard{net_->mtx};
    if (closed_)
      return errc::closed;
    if (!of_my_family(addr))
      return errc::eafnosupport;
    if (u_)
      return errc::einval; // bound already, as the kernel answers
    return bind_port(addr.port) ? errc::ok : errc::eaddrinuse;
  }

  // UDP has no connections to listen for or accept: the kernel's
  // EOPNOTSUPP.
  errc listen(int) override {
    return is_closed() ? errc::closed : errc::enotsup;
  }

  errc accept(std::shared_ptr<os_socket>&) override {
    return is_closed() ? errc::closed : errc::enotsup;
  }

  /// Fixes the peer at once (no handshake): sends go there, and only its
  /// datagrams arrive.
  errc connect(const inet::socket_address& to) override {
    std::lock_guard<std::mutex> guard{net_->mtx};
    if (auto e = bound_for(to); e != errc::ok)
      return e;
    u_->peer = to;
    net_->note("net", u_->name + " connected to :" + std::to_string(to.port));
    return errc::ok;
  }

  errc connect_result() override {
    return errc::ok;
  }

  errc send(const uint8_t* data, size_t size, size_t& written) override {
    std::lock_guard<std::mutex> guard{net_->mtx};
    if (closed_)
      return errc::closed;
    if (!u_ || !u_->peer)
      return errc::edestaddrreq;
    auto e = send_now(*u_->peer,
                      std::string{reinterpret_cast<const char*>(data), size});
    if (e == errc::ok)
      written = size;
    return e;
  }

  errc sendto(const binary& data, const inet::socket_address& to) override {
    std::lock_guard<std::mutex> guard{net_->mtx};
    if (auto e = bound_for(to); e != errc::ok)
      return e;
    return send_now(to, data.to_string());
  }

  errc recv(size_t max_bytes, binary& out) override {
    inet::socket_address from;
    return take(max_bytes, from, out);
  }

  errc recvfrom(size_t max_bytes, inet::socket_address& from,
                binary& out) override {
    return take(max_bytes, from, out);
  }

  void async_wait(readiness r, wait_handler h) override {
    std::lock_guard<std::mutex> guard{net_->mtx};
    wait_slot slot{std::move(h)};
    if (closed_) {
      net_->wake(slot, "socket wait after close", errc::closed);
      return;
    }
    if (r == readiness::write) {
      // A datagram socket always has room: the simulation drops nothing
      // for want of buffer space.
      net_->wake(slot, "socket ready");
      return;
    }
    if (!u_) {
      // Nothing can arrive before a port is bound: wait for that.
      unbound_wait_ = std::move(slot);
      return;
    }
    u_->wait_read = std::move(slot);
    net_->maybe_schedule_receive(u_); // readable already
  }

  errc shutdown(shutdown_how) override {
    std::lock_guard<std::mutex> guard{net_->mtx};
    if (closed_)
      return errc::closed;
    return u_ && u_->peer ? errc::ok : errc::enotconn;
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
    return opts_.get(opt, d_, sock::type::dgram, false);
  }

  net::result<inet::socket_address> sockname() const override {
    std::lock_guard<std::mutex> guard{net_->mtx};
    if (closed_)
      return errc::closed;
    if (u_)
      return u_->address();
    // Unbound: the kernel's wildcard address and port 0.
    return inet::socket_address{d_ == sock::domain::inet6
                                  ? inet::ip_address::any_v6()
                                  : inet::ip_address::any_v4(),
                                0};
  }

  net::result<inet::socket_address> peername() const override {
    std::lock_guard<std::mutex> guard{net_->mtx};
    if (closed_)
      return errc::closed;
    if (!u_ || !u_->peer)
      return errc::enotconn;
    return *u_->peer;
  }

  void close() override {
    std::lock_guard<std::mutex> guard{net_->mtx};
    if (closed_)
      return;
    closed_ = true;
    net_->wake(unbound_wait_, "socket wait aborted", errc::closed);
    // close_udp_port ends a waiting read with closed.
    if (u_)
      net_->close_udp_port(u_);
  }

private:
  bool is_closed() const {
    std::lock_guard<std::mutex> guard{net_->mtx};
    return closed_;
  }

  bool of_my_family(const inet::socket_address& a) const {
    return !a.is_local() && a.addr.is_v6() == (d_ == sock::domain::inet6);
  }

  /// Ready to address `to` (connect, sendto): open, of the same family,
  /// and bound (to a port the network picks if it was not yet).
  errc bound_for(const inet::socket_address& to) {
    if (closed_)
      return errc::closed;
    if (!of_my_family(to))
      return errc::eafnosupport;
    if (!u_ && !bind_port(0))
      return errc::eaddrinuse;
    return errc::ok;
  }

  /// Binds `port` (0: one the network picks); a read already waiting
  /// waits on the port from now on.
  bool bind_port(uint16_t port) {
    u_ = net_->open_udp_port(port, d_ == sock::domain::inet6, true);
    if (!u_)
      return false;
    if (unbound_wait_) {
      u_->wait_read = std::move(unbound_wait_);
      unbound_wait_.reset();
    }
    return true;
  }

  /// One datagram to `to`, unless the test made this send fail. An error
  /// the network queued (a connected socket's econnrefused) comes first,
  /// as the kernel reports a pending socket error to the next call.
  errc send_now(const inet::socket_address& to, std::string bytes) {
    if (auto e = net_->take_queued_error(u_); e != errc::ok)
      return e;
    if (auto e = net_->take_send_failure(u_); e != errc::ok)
      return e;
    return net_->send_datagram(u_, to, std::move(bytes));
  }

  /// The oldest datagram, as gen_udp's try_receive takes it; eagain
  /// before a port is bound.
  errc take(size_t max_bytes, inet::socket_address& from, binary& out) {
    std::lock_guard<std::mutex> guard{net_->mtx};
    if (closed_)
      return errc::closed;
    if (!u_)
      return errc::eagain;
    return net_->take_datagram(u_, max_bytes, from, out);
  }

  core_ptr net_;
  sock::domain d_;
  udp_port_ptr u_; // once bound
  wait_slot unbound_wait_;
  bool closed_ = false;
  sim_socket_options opts_;
};

} // namespace

net::result<os_socket_ptr> make_dgram_os_socket(core_ptr net,
                                                sock::domain d) {
  return os_socket_ptr{std::make_shared<sim_dgram_socket>(std::move(net), d)};
}

} // namespace otpnet::testing::detail
