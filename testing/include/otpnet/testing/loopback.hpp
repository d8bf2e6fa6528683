// The loopback fixture: the same interface as deterministic_fixture, but
// with otpnet's real runtime (CAF workers running the Asio event loop) and real
// peers on 127.0.0.1. Every wait is bounded: `run_until(pred, budget)`
// returns as soon as `pred` holds, `run()` returns once nothing happened for
// a short quiet period, `advance(d)` lets `d` of real time pass. Write a
// behaviour test once as a template over both fixtures:
//
//   using fixtures = boost::mpl::list<deterministic_fixture,
//                                     loopback_fixture>;
//   BOOST_FIXTURE_TEST_CASE_TEMPLATE(echo, F, fixtures, F) { ... }
//
// Thread safety: use a fixture from the test thread only.

#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <caf/actor.hpp>
#include <caf/actor_addr.hpp>
#include <caf/actor_system.hpp>
#include <caf/timespan.hpp>

#include <otpnet/runtime.hpp>
#include <otpnet/testing/driver.hpp>
#include <otpnet/testing/loopback_peer.hpp>
#include <otpnet/testing/probe.hpp>
#include <otpnet/testing/trace.hpp>

namespace otpnet::testing {

class loopback_fixture;

/// Where the test accepts the actors' connects on 127.0.0.1.
class loopback_listener {
public:
  loopback_listener(int fd, uint16_t port, loopback_fixture& fx);

  uint16_t port() const noexcept {
    return port_;
  }

  /// The next connection an actor made here; fails the test if none comes
  /// within the budget.
  loopback_peer accept();

private:
  std::shared_ptr<int> fd_;
  uint16_t port_;
  loopback_fixture* fx_;
};

class loopback_fixture : public driver {
public:
  using peer_type = loopback_peer;
  using listener_type = loopback_listener;

  static constexpr const char* kind = "loopback";

  loopback_fixture();
  ~loopback_fixture() override;

  loopback_fixture(const loopback_fixture&) = delete;
  loopback_fixture& operator=(const loopback_fixture&) = delete;

  runtime& rt() noexcept {
    return *rt_;
  }

  caf::actor_system& sys() noexcept {
    return rt_->system();
  }

  probe make_probe(std::string name);

  template <class F, class... Ts>
  caf::actor spawn(F fun, Ts&&... xs) {
    auto hdl = sys().spawn(fun, std::forward<Ts>(xs)...);
    tracked_.push_back(hdl.address());
    return hdl;
  }

  void track(const caf::actor& hdl) {
    tracked_.push_back(hdl.address());
  }

  /// A peer connected to 127.0.0.1:`port`.
  loopback_peer connect_peer(uint16_t port);

  loopback_listener listen_peer();

  bool run_until(const std::function<bool()>& done,
                 std::chrono::milliseconds budget = default_budget) override;

  /// Waits until nothing happened (no message, no byte) for quiet_period.
  void settle() override;

  void run() {
    settle();
  }

  /// Lets `d` of real time pass (timers fire on their own), then settles.
  void advance(caf::timespan d);

  trace& log() override {
    return trace_;
  }

  void note(const std::string& text) {
    trace_.add("test", text);
  }

  /// Peer receive buffer set before connecting (small, so that a peer that
  /// stops reading pushes back soon).
  int peer_rcvbuf = 16384;

  std::chrono::milliseconds quiet_period{25};

  /// @private: pumps every peer once; true if anything moved.
  bool pump_peers();

  /// @private: wraps a connected socket as a peer this fixture pumps.
  loopback_peer adopt(int fd, std::string name);

private:
  void wait_a_little(size_t seen);

  trace trace_;
  runtime_config cfg_;
  std::unique_ptr<runtime> rt_;
  std::vector<probe> probes_;
  std::vector<caf::actor_addr> tracked_;
  std::vector<loopback_peer> live_peers_;
  size_t next_peer_ = 1;
};

} // namespace otpnet::testing
