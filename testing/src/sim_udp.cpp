// UDP on the simulated network: datagrams between the actors' gen_udp
// sockets and the test's UDP peers. As on loopback, a datagram is never
// reordered or duplicated, and lost only where the kernel loses it (no
// socket bound at its port, or one connected to another peer), unless the
// test asks for it (the faults of simulated_network: loss, duplication,
// reordering, a failing send); delivery and receive completions are
// network events, so the deterministic fixture explores them like every
// other event.

#include <utility>

#include "otpnet/inet/ip_address.hpp"
#include "otpnet/testing/simulated_udp_peer.hpp"

#include "sim_core.hpp"

namespace otpnet::testing::detail {

namespace {

std::string where(const inet::socket_address& a) {
  return (a.addr.is_v6() ? "[::1]:" : ":") + std::to_string(a.port);
}

bool is_loopback(const inet::ip_address& a) {
  return a == inet::ip_address::loopback_v4()
         || a == inet::ip_address::loopback_v6();
}

} // namespace

inet::socket_address udp_port::address() const {
  return {v6 ? inet::ip_address::loopback_v6()
             : inet::ip_address::loopback_v4(),
          port};
}

udp_port_ptr core::open_udp_port(uint16_t port, bool v6, bool is_actor) {
  if (port == 0) {
    while (udp_ports.count(next_port) > 0 || port_in_use(next_port))
      ++next_port;
    port = next_port++;
  } else if (udp_ports.count(port) > 0) {
    return nullptr;
  }
  auto u = std::make_shared<udp_port>();
  u->port = port;
  u->v6 = v6;
  u->name = std::string{is_actor ? "udp actor" : "udp peer"} + " :"
            + std::to_string(port);
  udp_ports.emplace(port, u);
  note("net", u->name + " opened");
  return u;
}

errc core::send_datagram(const udp_port_ptr& u, const inet::socket_address& to,
                         std::string bytes) {
  if (u->closed)
    return errc::closed;
  if (to.addr.is_v6() != u->v6)
    return errc::eafnosupport;
  auto text = u->name + " sends " + std::to_string(bytes.size())
              + " bytes to " + where(to) + " " + printable(bytes);
  auto i = is_loopback(to.addr) ? udp_ports.find(to.port) : udp_ports.end();
  if (i == udp_ports.end() || i->second->v6 != u->v6) {
    note("net", text + ": lost (nobody bound there)");
    if (u->peer) {
      u->queued_error = errc::econnrefused;
      maybe_schedule_receive(u);
    }
    return errc::ok;
  }
  auto& target = i->second;
  if (target->peer && *target->peer != u->address()) {
    note("net", text + ": dropped (" + target->name
                  + " is connected to another peer)");
    return errc::ok;
  }
  deliver_datagram(target, datagram{u->address(), std::move(bytes)}, text);
  return errc::ok;
}

void core::deliver_datagram(const udp_port_ptr& target, datagram d,
                            const std::string& text) {
  auto i = udp_faults_by_port.find(target->port);
  if (i == udp_faults_by_port.end()) {
    note("net", text);
    target->inbox.push_back(std::move(d));
    maybe_schedule_receive(target);
    return;
  }
  auto& f = i->second;
  if (f.lose > 0) {
    --f.lose;
    ++f.lost;
    note("net", text + ": lost (fault)");
    return;
  }
  if (f.reorder && !f.held) {
    f.reorder = false;
    note("net", text + ": held back (fault: the next one passes it)");
    f.held = std::move(d);
    return;
  }
  auto copies = 1;
  if (f.duplicate > 0) {
    --f.duplicate;
    ++f.duplicated;
    copies = 2;
  }
  note("net", text + (copies == 2 ? ": arrives twice (fault)" : ""));
  for (int n = 0; n < copies; ++n)
    target->inbox.push_back(d);
  if (f.held) {
    note("net", target->name + " gets the datagram held back");
    target->inbox.push_back(std::move(*f.held));
    f.held.reset();
  }
  maybe_schedule_receive(target);
}

errc core::take_send_failure(const udp_port_ptr& u) {
  auto i = udp_faults_by_port.find(u->port);
  if (i == udp_faults_by_port.end() || !i->second.fail_send)
    return errc::ok;
  auto e = *i->second.fail_send;
  i->second.fail_send.reset();
  note("net", u->name + " send fails: " + std::string{to_atom(e)}
                + " (fault)");
  return e;
}

errc core::take_queued_error(const udp_port_ptr& u) {
  if (!u->queued_error)
    return errc::ok;
  auto e = *u->queued_error;
  u->queued_error.reset();
  return e;
}

errc core::take_datagram(const udp_port_ptr& u, size_t max_bytes,
                         inet::socket_address& from, binary& out) {
  if (u->closed)
    return errc::closed;
  if (auto e = take_queued_error(u); e != errc::ok)
    return e;
  if (u->inbox.empty())
    return errc::eagain;
  auto d = std::move(u->inbox.front());
  u->inbox.pop_front();
  if (d.bytes.size() > max_bytes)
    d.bytes.resize(max_bytes);
  note("net", u->name + " takes " + std::to_string(d.bytes.size())
                + " bytes from " + where(d.from));
  from = d.from;
  out = binary{d.bytes};
  return errc::ok;
}

void core::maybe_schedule_receive(const udp_port_ptr& u) {
  if (u->wait_read && (!u->inbox.empty() || u->queued_error || u->closed))
    wake(u->wait_read, u->name + " readable",
         u->closed ? errc::closed : errc::ok);
  if (!u->receive || u->receive->scheduled)
    return;
  if (u->inbox.empty() && !u->queued_error && !u->closed)
    return;
  u->receive->scheduled = true;
  post(u->name + " receive", [self = shared_from_this(), u] {
    self->complete_receive(u);
  });
}

void core::close_udp_port(const udp_port_ptr& u) {
  if (u->closed)
    return;
  u->closed = true;
  u->inbox.clear();
  if (auto f = udp_faults_by_port.find(u->port);
      f != udp_faults_by_port.end() && f->second.held) {
    note("net", u->name + ": the datagram held back is lost");
    f->second.held.reset();
  }
  auto i = udp_ports.find(u->port);
  if (i != udp_ports.end() && i->second == u)
    udp_ports.erase(i);
  note("net", u->name + " closed");
  maybe_schedule_receive(u);
}

void core::complete_receive(const udp_port_ptr& u) {
  datagram_transport::receive_handler h;
  errc err = errc::ok;
  datagram d;
  {
    std::lock_guard<std::mutex> guard{mtx};
    if (!u->receive)
      return;
    h = std::move(u->receive->handler);
    auto max = u->receive->max_bytes;
    u->receive.reset();
    if (u->closed) {
      err = errc::closed;
    } else if (u->queued_error) {
      err = take_queued_error(u);
    } else {
      d = std::move(u->inbox.front());
      u->inbox.pop_front();
      if (d.bytes.size() > max)
        d.bytes.resize(max); // the rest is lost, as recvfrom loses it
    }
    note("net", u->name + " receive completes"
                  + (err == errc::ok ? " with " + std::to_string(d.bytes.size())
                                         + " bytes from " + where(d.from)
                                     : ": " + std::string{to_atom(err)}));
  }
  h(err, d.from, binary{d.bytes});
}

namespace {

class sim_datagram_transport : public datagram_transport {
public:
  sim_datagram_transport(core_ptr net, udp_port_ptr u)
    : net_(std::move(net)), u_(std::move(u)) {
    // nop
  }

  // As the OS closes a descriptor nobody closed.
  ~sim_datagram_transport() override {
    close();
  }

  void async_receive(size_t max_bytes, receive_handler h) override {
    std::lock_guard<std::mutex> guard{net_->mtx};
    if (u_->receive) {
      net_->violation(u_->name + ": a second receive while one is "
                                 "outstanding");
      return;
    }
    u_->receive = pending_receive{max_bytes, std::move(h), false};
    net_->maybe_schedule_receive(u_);
  }

  errc try_receive(size_t max_bytes, inet::socket_address& from,
                   binary& out) override {
    std::lock_guard<std::mutex> guard{net_->mtx};
    return net_->take_datagram(u_, max_bytes, from, out);
  }

  errc try_send(const std::optional<inet::socket_address>& to,
                const binary& data) override {
    std::lock_guard<std::mutex> guard{net_->mtx};
    if (!to && !u_->peer)
      return u_->closed ? errc::closed : errc::edestaddrreq;
    if (!u_->closed)
      if (auto e = net_->take_send_failure(u_); e != errc::ok)
        return e;
    return net_->send_datagram(u_, to ? *to : *u_->peer,
                               std::string{data.view()});
  }

  // The simulated network always has room (try_send never says eagain),
  // so this only serves callers that do not try first.
  void async_send(std::optional<inet::socket_address> to, binary data,
                  send_handler h) override {
    auto err = try_send(to, data);
    std::lock_guard<std::mutex> guard{net_->mtx};
    net_->post(u_->name + " send completes",
               [h = std::move(h), err]() mutable { h(err); });
  }

  errc connect(const inet::socket_address& to) override {
    std::lock_guard<std::mutex> guard{net_->mtx};
    if (u_->closed)
      return errc::closed;
    if (to.addr.is_v6() != u_->v6)
      return errc::eafnosupport;
    u_->peer = to;
    net_->note("net", u_->name + " connected to " + where(to));
    return errc::ok;
  }

  errc apply_options(const net::socket_options& opts) override {
    std::lock_guard<std::mutex> guard{net_->mtx};
    opts_ = opts;
    return errc::ok;
  }

  // As the simulated stream transport's: taken without effect, read as
  // absent.
  errc set_raw(const inet::raw&) override {
    return errc::ok;
  }

  // No multicast on the simulated network: groups are taken without
  // effect, as raw options are.
  errc set_membership(const net::membership_change&) override {
    return errc::ok;
  }

  net::result<std::string> get_raw(int, int, std::string) const override {
    return errc::enoprotoopt;
  }

  net::result<size_t> recbuf() const override {
    std::lock_guard<std::mutex> guard{net_->mtx};
    return static_cast<size_t>(opts_.recbuf.value_or(65536));
  }

  net::result<size_t> sndbuf() const override {
    std::lock_guard<std::mutex> guard{net_->mtx};
    return static_cast<size_t>(opts_.sndbuf.value_or(65536));
  }

  net::result<inet::socket_address> sockname() const override {
    std::lock_guard<std::mutex> guard{net_->mtx};
    if (u_->closed)
      return errc::closed;
    return u_->address();
  }

  net::result<inet::socket_address> peername() const override {
    std::lock_guard<std::mutex> guard{net_->mtx};
    if (!u_->peer || u_->closed)
      return errc::enotconn;
    return *u_->peer;
  }

  void close() override {
    std::lock_guard<std::mutex> guard{net_->mtx};
    net_->close_udp_port(u_);
  }

private:
  core_ptr net_;
  udp_port_ptr u_;
  net::socket_options opts_;
};

} // namespace

datagram_transport_ptr make_datagram_transport(core_ptr net, udp_port_ptr u) {
  return std::make_shared<sim_datagram_transport>(std::move(net),
                                                  std::move(u));
}

} // namespace otpnet::testing::detail

namespace otpnet::testing {

simulated_udp_peer::simulated_udp_peer(std::shared_ptr<detail::core> net,
                                       std::shared_ptr<detail::udp_port> u)
  : net_(std::move(net)), u_(std::move(u)) {
  // nop
}

uint16_t simulated_udp_peer::port() const {
  return u_->port;
}

const std::string& simulated_udp_peer::name() const {
  return u_->name;
}

void simulated_udp_peer::send_to(uint16_t port, std::string_view bytes) {
  std::lock_guard<std::mutex> guard{net_->mtx};
  auto to = u_->address();
  to.port = port;
  static_cast<void>(net_->send_datagram(u_, to, std::string{bytes}));
}

std::optional<simulated_udp_peer::received>
simulated_udp_peer::receive() {
  std::lock_guard<std::mutex> guard{net_->mtx};
  if (u_->inbox.empty())
    return std::nullopt;
  auto d = std::move(u_->inbox.front());
  u_->inbox.pop_front();
  return received{d.from.port, std::move(d.bytes)};
}

size_t simulated_udp_peer::available() const {
  std::lock_guard<std::mutex> guard{net_->mtx};
  return u_->inbox.size();
}

void simulated_udp_peer::close() {
  std::lock_guard<std::mutex> guard{net_->mtx};
  net_->close_udp_port(u_);
}

} // namespace otpnet::testing
