#include "otpnet/testing/simulated_network.hpp"

#include "sim_core.hpp"
#include "sim_transports.hpp"

namespace otpnet::testing {

using detail::core;

simulated_network::simulated_network() : core_(std::make_shared<core>()) {
  // nop
}

simulated_network::~simulated_network() {
  shutdown();
}

stream_transport_ptr simulated_network::make_tcp_transport() {
  return detail::make_stream_transport(core_, nullptr, 0);
}

net::result<listen_transport_ptr>
simulated_network::open_tcp_listener(uint16_t port,
                                     const net::socket_options& opts) {
  std::lock_guard<std::mutex> guard{core_->mtx};
  if (opts.family == inet::family_kind::local)
    return open_local_listener(opts);
  if (port != 0 && core_->port_in_use(port)) {
    core_->note("net", "listen on :" + std::to_string(port)
                         + " -> eaddrinuse");
    return errc::eaddrinuse;
  }
  auto l = std::make_shared<detail::listener_state>();
  l->port = port != 0 ? port : core_->ephemeral_port();
  core_->listeners.emplace(l->port, l);
  core_->note("net", "listener :" + std::to_string(l->port) + " opened");
  return detail::make_listen_transport(core_, l);
}

net::result<listen_transport_ptr>
simulated_network::open_local_listener(const net::socket_options& opts) {
  // No files: a name is taken while its listener is open. Without one,
  // the kernel's autobind picks an abstract name (a leading NUL).
  auto l = std::make_shared<detail::listener_state>();
  l->port = core_->ephemeral_port(); // internal: the connection's ends
  l->path = opts.local_address ? opts.local_address->path
                               : std::string(1, '\0') + "sim"
                                   + std::to_string(l->port);
  if (core_->find_listener(*l->path)) {
    core_->note("net", "listen on " + where(*l) + " -> eaddrinuse");
    return errc::eaddrinuse;
  }
  core_->local_listeners[*l->path] = l;
  core_->note("net", "listener " + where(*l) + " opened");
  return detail::make_listen_transport(core_, l);
}

std::optional<simulated_peer>
simulated_network::connect_local(const std::string& path) {
  std::lock_guard<std::mutex> guard{core_->mtx};
  auto l = core_->find_listener(path);
  if (!l) {
    core_->note("peer", "connect to local " + printable(path)
                          + " -> enoent (no local listener)");
    return std::nullopt;
  }
  if (l->records) { // a peer is a stream: the kernel's eprototype
    core_->note("peer", "connect to local " + printable(path)
                          + " -> eprototype (a seqpacket listener)");
    return std::nullopt;
  }
  auto c = core_->make_connection(false, true, core_->ephemeral_port(),
                                  l->port);
  c->side[0].path = std::string{}; // an unnamed client, as usual
  c->side[1].path = path;
  l->backlog.push_back(c);
  core_->note("peer", c->side[0].name + " connects to " + where(*l)
                        + " (in the backlog)");
  core_->maybe_schedule_accept(l);
  return simulated_peer{core_, c, 0};
}

net::result<os_socket_ptr>
simulated_network::open_os_socket(sock::domain d, sock::type t,
                                  sock::protocol) {
  // Local streams and seqpackets are names here, as gen_tcp's local
  // listeners; local datagrams would need a name space of their own.
  if (d == sock::domain::local && t == sock::type::dgram)
    return errc::eafnosupport;
  if (t == sock::type::seqpacket && d != sock::domain::local)
    return errc::esocktnosupport; // SCTP's type: Linux without SCTP
  return detail::make_os_socket(core_, d, t);
}

net::result<datagram_transport_ptr>
simulated_network::open_udp(uint16_t port, const net::socket_options& opts) {
  std::lock_guard<std::mutex> guard{core_->mtx};
  if (opts.family == inet::family_kind::local)
    return errc::eafnosupport;
  auto u = core_->open_udp_port(port, opts.family == inet::family_kind::inet6,
                                true);
  if (!u)
    return errc::eaddrinuse;
  return detail::make_datagram_transport(core_, std::move(u));
}

std::optional<simulated_udp_peer>
simulated_network::open_udp_peer(uint16_t port, bool v6) {
  std::lock_guard<std::mutex> guard{core_->mtx};
  auto u = core_->open_udp_port(port, v6, false);
  if (!u)
    return std::nullopt;
  return simulated_udp_peer{core_, std::move(u)};
}

std::optional<simulated_peer> simulated_network::connect(uint16_t port) {
  std::lock_guard<std::mutex> guard{core_->mtx};
  auto i = core_->listeners.find(port);
  if (i == core_->listeners.end() || i->second->closed) {
    core_->note("peer", "connect to :" + std::to_string(port)
                          + " -> econnrefused (nobody listens)");
    return std::nullopt;
  }
  auto c = core_->make_connection(false, true, core_->ephemeral_port(), port);
  i->second->backlog.push_back(c);
  core_->note("peer", c->side[0].name + " connects to :"
                        + std::to_string(port) + " (in the backlog)");
  core_->maybe_schedule_accept(i->second);
  return simulated_peer{core_, c, 0};
}

uint16_t simulated_network::listen_peer(uint16_t port) {
  std::lock_guard<std::mutex> guard{core_->mtx};
  if (port == 0)
    port = core_->ephemeral_port();
  auto& l = core_->peer_listeners[port];
  if (!l) {
    l = std::make_shared<detail::peer_listener_state>();
    l->port = port;
  }
  core_->note("peer", "listens on :" + std::to_string(port));
  return port;
}

std::optional<simulated_peer> simulated_network::accept_peer(uint16_t port) {
  std::lock_guard<std::mutex> guard{core_->mtx};
  auto i = core_->peer_listeners.find(port);
  if (i == core_->peer_listeners.end() || i->second->ready.empty())
    return std::nullopt;
  auto c = i->second->ready.front();
  i->second->ready.pop_front();
  core_->note("peer", c->side[1].name + " accepted on :"
                        + std::to_string(port));
  return simulated_peer{core_, c, 1};
}

void simulated_network::fail_accepts(uint16_t port, errc e, size_t times) {
  std::lock_guard<std::mutex> guard{core_->mtx};
  auto i = core_->listeners.find(port);
  if (i == core_->listeners.end()) {
    core_->violation("fail_accepts: no actor listens on :"
                     + std::to_string(port));
    return;
  }
  i->second->fail_with = e;
  i->second->fail_times = times;
  core_->note("net", "listener :" + std::to_string(port) + " will fail "
                       + (times == forever ? std::string{"every"}
                                           : std::to_string(times))
                       + " accept(s) with " + std::string{to_atom(e)});
  core_->maybe_schedule_accept(i->second);
}

void simulated_network::clear_accept_failures(uint16_t port) {
  std::lock_guard<std::mutex> guard{core_->mtx};
  auto i = core_->listeners.find(port);
  if (i == core_->listeners.end())
    return;
  i->second->fail_times = 0;
  core_->note("net", "listener :" + std::to_string(port)
                       + " accepts normally again");
}

size_t simulated_network::failed_accepts(uint16_t port) const {
  std::lock_guard<std::mutex> guard{core_->mtx};
  auto i = core_->listeners.find(port);
  return i == core_->listeners.end() ? 0 : i->second->failed;
}

size_t simulated_network::accepted(uint16_t port) const {
  std::lock_guard<std::mutex> guard{core_->mtx};
  auto i = core_->listeners.find(port);
  return i == core_->listeners.end() ? 0 : i->second->accepted;
}

void simulated_network::fail_next_connect(errc e) {
  std::lock_guard<std::mutex> guard{core_->mtx};
  core_->fail_connect = e;
}

void simulated_network::hang_next_connect() {
  std::lock_guard<std::mutex> guard{core_->mtx};
  core_->hang_connect = true;
}

void simulated_network::lose_datagrams(uint16_t port, size_t times) {
  std::lock_guard<std::mutex> guard{core_->mtx};
  core_->udp_faults_by_port[port].lose = times;
}

void simulated_network::duplicate_datagrams(uint16_t port, size_t times) {
  std::lock_guard<std::mutex> guard{core_->mtx};
  core_->udp_faults_by_port[port].duplicate = times;
}

void simulated_network::reorder_next_datagram(uint16_t port) {
  std::lock_guard<std::mutex> guard{core_->mtx};
  core_->udp_faults_by_port[port].reorder = true;
}

void simulated_network::fail_next_udp_send(uint16_t port, errc e) {
  std::lock_guard<std::mutex> guard{core_->mtx};
  core_->udp_faults_by_port[port].fail_send = e;
}

size_t simulated_network::lost_datagrams(uint16_t port) const {
  std::lock_guard<std::mutex> guard{core_->mtx};
  auto i = core_->udp_faults_by_port.find(port);
  return i == core_->udp_faults_by_port.end() ? 0 : i->second.lost;
}

size_t simulated_network::duplicated_datagrams(uint16_t port) const {
  std::lock_guard<std::mutex> guard{core_->mtx};
  auto i = core_->udp_faults_by_port.find(port);
  return i == core_->udp_faults_by_port.end() ? 0 : i->second.duplicated;
}

size_t simulated_network::pending_events() const {
  std::lock_guard<std::mutex> guard{core_->mtx};
  return core_->events.size();
}

bool simulated_network::run_one() {
  return run_at(0);
}

bool simulated_network::run_at(size_t index) {
  detail::event ev;
  {
    std::lock_guard<std::mutex> guard{core_->mtx};
    if (index >= core_->events.size())
      return false;
    auto i = core_->events.begin() + static_cast<std::ptrdiff_t>(index);
    ev = std::move(*i);
    core_->events.erase(i);
  }
  // Without the lock: handlers send messages to actors.
  ev.fire();
  return true;
}

void simulated_network::set_trace(trace* log) {
  std::lock_guard<std::mutex> guard{core_->mtx};
  core_->log = log;
}

size_t simulated_network::violations() const {
  std::lock_guard<std::mutex> guard{core_->mtx};
  return core_->violations;
}

size_t simulated_network::open_connections() const {
  std::lock_guard<std::mutex> guard{core_->mtx};
  size_t n = 0;
  for (auto& weak : core_->connections)
    if (auto c = weak.lock())
      if (!c->side[0].closed || !c->side[1].closed)
        ++n;
  return n;
}

void simulated_network::shutdown() {
  // Move everything out under the lock, destroy it without: destroying a
  // handler may release the last reference to an actor.
  std::deque<detail::event> events;
  std::vector<std::shared_ptr<void>> keep;
  {
    std::lock_guard<std::mutex> guard{core_->mtx};
    core_->shut_down = true;
    events.swap(core_->events);
    for (auto& weak : core_->connections) {
      if (auto c = weak.lock()) {
        for (auto& ep : c->side) {
          if (ep.read)
            keep.push_back(std::make_shared<detail::pending_read>(
              std::move(*ep.read)));
          if (ep.write)
            keep.push_back(std::make_shared<detail::pending_write>(
              std::move(*ep.write)));
          ep.read.reset();
          ep.write.reset();
        }
      }
    }
    core_->connections.clear();
    for (auto& kvp : core_->listeners) {
      if (kvp.second->pending)
        keep.push_back(std::make_shared<listen_transport::accept_handler>(
          std::move(kvp.second->pending)));
      kvp.second->pending = nullptr;
      kvp.second->backlog.clear();
    }
    core_->listeners.clear();
    core_->peer_listeners.clear();
    core_->log = nullptr;
  }
}

} // namespace otpnet::testing
