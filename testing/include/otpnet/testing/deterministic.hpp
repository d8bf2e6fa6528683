// The deterministic fixture: otpnet's runtime on CAF's test_coordinator
// (scheduler.policy = testing) over the simulated network. The test thread
// is the only thread: `run()` runs actor jobs and network events until
// nothing moves, `advance(d)` moves the simulated clock so that time-outs
// (send_timeout, recv/accept/connect time-outs, linger) fire without
// waiting. Nothing sleeps.
//
//   BOOST_FIXTURE_TEST_CASE(echo, otpnet::testing::deterministic_fixture) {
//     auto owner = make_probe("owner");
//     auto ls = owner.listen(0, {inet::active(true)});
//     auto peer = connect_peer(*owner.port(*ls));
//     auto s = owner.accept(*ls);
//     peer.send("abc");
//     expect_messages(owner, {tcp("abc")});
//   }
//
// At the end the fixture closes every socket, kills its probes and the
// actors it spawned, runs until all of them are gone and only then destroys
// the runtime (whose destructor waits for all actors). When a check failed,
// it prints the trace of the run (also with OTPNET_TRACE=1).
//
// `shuffle(seed)` makes every later step pick the next actor job or network
// event at random (seeded): the schedule explorer.
//
// Thread safety: use a fixture from the test thread only.

#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <caf/actor.hpp>
#include <caf/actor_addr.hpp>
#include <caf/actor_system.hpp>
#include <caf/scheduler/test_coordinator.hpp>
#include <caf/timespan.hpp>

#include <otpnet/runtime.hpp>
#include <otpnet/testing/driver.hpp>
#include <otpnet/testing/probe.hpp>
#include <otpnet/testing/simulated_listener.hpp>
#include <otpnet/testing/simulated_network.hpp>
#include <otpnet/testing/simulated_peer.hpp>
#include <otpnet/testing/trace.hpp>

namespace otpnet::testing {

class deterministic_fixture : public driver {
public:
  using peer_type = simulated_peer;
  using listener_type = simulated_listener;

  /// Shown in test messages of templated tests.
  static constexpr const char* kind = "simulated";

  deterministic_fixture();
  ~deterministic_fixture() override;

  deterministic_fixture(const deterministic_fixture&) = delete;
  deterministic_fixture& operator=(const deterministic_fixture&) = delete;

  runtime& rt() noexcept {
    return *rt_;
  }

  caf::actor_system& sys() noexcept {
    return rt_->system();
  }

  simulated_network& net() noexcept {
    return *net_;
  }

  caf::scheduler::test_coordinator& sched() noexcept {
    return *sched_;
  }

  // -- actors and peers -------------------------------------------------------

  probe make_probe(std::string name);

  /// Spawns an actor that the fixture kills at the end of the test.
  template <class F, class... Ts>
  caf::actor spawn(F fun, Ts&&... xs) {
    auto hdl = sys().spawn(fun, std::forward<Ts>(xs)...);
    tracked_.push_back(hdl.address());
    return hdl;
  }

  /// Kills `hdl` at the end of the test (actors spawned elsewhere).
  void track(const caf::actor& hdl) {
    tracked_.push_back(hdl.address());
  }

  /// A peer connected to the actor listening on `port`.
  simulated_peer connect_peer(uint16_t port);

  /// A port where the test accepts the actors' connects.
  simulated_listener listen_peer();

  // -- running ----------------------------------------------------------------

  /// One actor job (one message) or one network event; false if there was
  /// nothing to do.
  bool step();

  /// Steps until nothing moves; returns the number of steps. Fails the test
  /// if it does not settle within step_limit steps (something spins).
  size_t run();

  bool run_until(const std::function<bool()>& done,
                 std::chrono::milliseconds budget = default_budget) override;

  void settle() override {
    run();
  }

  /// Moves the simulated clock by `d`, firing every timer due on the way in
  /// order, and running until nothing moves after each.
  void advance(caf::timespan d);

  /// Simulated time since the fixture started.
  caf::timespan now() const;

  /// From now on, each step picks the next actor job or network event at
  /// random, seeded (no shuffle without a seed).
  void shuffle(uint64_t seed);

  trace& log() override {
    return trace_;
  }

  /// Adds a line of the test's own to the trace.
  void note(const std::string& text) {
    trace_.add("test", text);
  }

  size_t step_limit = 2'000'000;

private:
  bool run_quietly(size_t limit);
  void check_violations();

  trace trace_;
  runtime_config cfg_;
  std::shared_ptr<simulated_network> net_;
  std::unique_ptr<runtime> rt_;
  caf::scheduler::test_coordinator* sched_ = nullptr;
  caf::actor_clock::time_point start_;
  std::vector<probe> probes_;
  std::vector<caf::actor_addr> tracked_;
  std::optional<std::mt19937_64> rng_;
  size_t violations_seen_ = 0;
};

} // namespace otpnet::testing
