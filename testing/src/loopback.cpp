#include "otpnet/testing/loopback.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>

#include <caf/atom.hpp>
#include <caf/exit_reason.hpp>
#include <caf/send.hpp>

#include "failure_report.hpp"

namespace otpnet::testing {

namespace {

using clock_type = std::chrono::steady_clock;

void set_nodelay(int fd) {
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
}

sockaddr_in loopback_addr(uint16_t port) {
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(port);
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return sa;
}

} // namespace

// -- loopback_listener --------------------------------------------------------

loopback_listener::loopback_listener(int fd, uint16_t port,
                                     loopback_fixture& fx)
  : fd_(new int{fd},
        [](int* p) {
          if (*p >= 0)
            ::close(*p);
          delete p;
        }),
    port_(port),
    fx_(&fx) {
  // nop
}

loopback_peer loopback_listener::accept() {
  int conn = -1;
  fx_->run_until([&] {
    if (conn < 0)
      conn = ::accept(*fd_, nullptr, nullptr);
    return conn >= 0;
  });
  if (conn < 0)
    BOOST_FAIL("no actor connected to 127.0.0.1:" << port_ << "\n  trace:\n"
                                                  << fx_->log().dump());
  set_nodelay(conn);
  auto name = "peer on :" + std::to_string(port_);
  fx_->log().add(name, "accepted a connection");
  return fx_->adopt(conn, std::move(name));
}

// -- loopback_fixture ---------------------------------------------------------

loopback_fixture::loopback_fixture() {
  cfg_.set("scheduler.max-threads", 2);
  cfg_.set("logger.verbosity", caf::atom("quiet"));
  rt_ = std::make_unique<runtime>(cfg_);
}

loopback_fixture::~loopback_fixture() {
  rt_->close_all_sockets();
  for (auto& p : probes_)
    caf::anon_send_exit(p.handle(), caf::exit_reason::kill);
  for (auto& addr : tracked_)
    caf::anon_send_exit(addr, caf::exit_reason::kill);
  auto& reg = sys().registry();
  auto deadline = clock_type::now() + default_budget;
  while (reg.running() > 0 && clock_type::now() < deadline) {
    pump_peers();
    trace_.wait_for_change(trace_.size(), std::chrono::milliseconds{2});
  }
  auto alive = reg.running();
  if (alive > 0)
    BOOST_ERROR("loopback_fixture: "
                << alive
                << " actor(s) still alive at the end of the test (spawn them "
                   "with fixture.spawn() or track() so they are killed)");
  detail::print_trace_if_failed(trace_);
  probes_.clear();
  live_peers_.clear();
  if (alive > 0) {
    // ~runtime would wait forever: leak it in a test that already failed.
    static_cast<void>(rt_.release());
    return;
  }
  rt_.reset();
}

probe loopback_fixture::make_probe(std::string name) {
  probe p{sys(), *this, std::move(name)};
  probes_.push_back(p);
  return p;
}

loopback_peer loopback_fixture::connect_peer(uint16_t port) {
  auto name = "peer#" + std::to_string(next_peer_++);
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  BOOST_REQUIRE_MESSAGE(fd >= 0, "socket() failed");
  if (peer_rcvbuf > 0)
    ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &peer_rcvbuf,
                 sizeof(peer_rcvbuf));
  set_nodelay(fd);
  auto sa = loopback_addr(port);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof(sa)) != 0) {
    ::close(fd);
    BOOST_FAIL("connect_peer: cannot connect to 127.0.0.1:" << port);
  }
  trace_.add(name, "connected to 127.0.0.1:" + std::to_string(port));
  return adopt(fd, std::move(name));
}

loopback_peer loopback_fixture::adopt(int fd, std::string name) {
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  loopback_peer peer{fd, std::move(name), &trace_, this};
  live_peers_.push_back(peer);
  return peer;
}

loopback_listener loopback_fixture::listen_peer() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  BOOST_REQUIRE_MESSAGE(fd >= 0, "socket() failed");
  auto sa = loopback_addr(0);
  socklen_t len = sizeof(sa);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&sa), len) != 0
      || ::listen(fd, 16) != 0
      || ::getsockname(fd, reinterpret_cast<sockaddr*>(&sa), &len) != 0) {
    ::close(fd);
    BOOST_FAIL("listen_peer: cannot listen on 127.0.0.1");
  }
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  auto port = ntohs(sa.sin_port);
  trace_.add("peer", "listens on 127.0.0.1:" + std::to_string(port));
  return loopback_listener{fd, port, *this};
}

bool loopback_fixture::pump_peers() {
  bool moved = false;
  for (auto& p : live_peers_)
    moved = p.pump() || moved;
  return moved;
}

void loopback_fixture::wait_a_little(size_t seen) {
  // Wake up for a probe message (the trace changes) or after 1 ms to look
  // at the sockets again.
  trace_.wait_for_change(seen, std::chrono::milliseconds{1});
}

bool loopback_fixture::run_until(const std::function<bool()>& done,
                                 std::chrono::milliseconds budget) {
  auto deadline = clock_type::now() + budget;
  for (;;) {
    auto seen = trace_.size();
    pump_peers();
    if (done())
      return true;
    if (clock_type::now() >= deadline)
      return false;
    wait_a_little(seen);
  }
}

void loopback_fixture::settle() {
  auto deadline = clock_type::now() + default_budget;
  auto quiet_since = clock_type::now();
  auto seen = trace_.size();
  while (clock_type::now() < deadline) {
    pump_peers();
    auto now_size = trace_.size();
    if (now_size != seen) {
      seen = now_size;
      quiet_since = clock_type::now();
    } else if (clock_type::now() - quiet_since >= quiet_period) {
      return;
    }
    wait_a_little(seen);
  }
}

void loopback_fixture::advance(caf::timespan d) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(d);
  trace_.add("clock", "advance by " + std::to_string(ms.count())
                        + "ms (real time)");
  run_until([] { return false; }, ms);
  settle();
}

} // namespace otpnet::testing
