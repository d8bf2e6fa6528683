#include "otpnet/testing/deterministic.hpp"

#include <algorithm>

#include <boost/test/unit_test.hpp>

#include <caf/atom.hpp>
#include <caf/exit_reason.hpp>
#include <caf/scheduled_actor.hpp>
#include <caf/send.hpp>

#include "failure_report.hpp"

namespace otpnet::testing {

namespace {

/// Runs the job at the front of the queue. CAF's test_coordinator puts a
/// job that returns resume_later back at the front: with throughput 1 an
/// actor with more messages goes on, as it would in one turn of the
/// runtime's scheduler. An actor that yields with an empty mailbox (a
/// socket holding sends for its owner's answer) goes to the back instead,
/// as the runtime's scheduler does it, or it would run again at once and
/// the others never get their turn before it.
void run_front(caf::scheduler::test_coordinator& sched) {
  auto& q = sched.jobs;
  auto* job = q.front();
  sched.run_once();
  if (q.empty() || q.front() != job)
    return;
  auto* actor = dynamic_cast<caf::scheduled_actor*>(job);
  if (actor != nullptr && actor->mailbox().empty()) {
    q.pop_front();
    q.push_back(job);
  }
}

} // namespace

deterministic_fixture::deterministic_fixture() {
  cfg_.set("scheduler.policy", caf::atom("testing"));
  cfg_.set("logger.verbosity", caf::atom("quiet"));
  cfg_.io_threads = 0; // nothing runs in the background
  net_ = std::make_shared<simulated_network>();
  net_->set_trace(&trace_);
  cfg_.transports = net_;
  rt_ = std::make_unique<runtime>(cfg_);
  sched_ = &dynamic_cast<caf::scheduler::test_coordinator&>(
    rt_->system().scheduler());
  start_ = sched_->clock().current_time;
  run();
}

deterministic_fixture::~deterministic_fixture() {
  // Shut down in a fixed order (no shuffling), without throwing.
  rng_.reset();
  rt_->close_all_sockets();
  for (auto& p : probes_)
    caf::anon_send_exit(p.handle(), caf::exit_reason::kill);
  for (auto& addr : tracked_)
    caf::anon_send_exit(addr, caf::exit_reason::kill);
  bool settled = run_quietly(step_limit);
  // Timers of live actors (e.g. a retry after a back-off) may be all that
  // keeps an actor going: fire them until everyone is gone.
  for (int i = 0; i < 100 && settled && sys().registry().running() > 0
                  && sched_->has_pending_timeout();
       ++i) {
    sched_->trigger_timeouts();
    settled = run_quietly(step_limit);
  }
  auto alive = sys().registry().running();
  if (!settled || alive > 0) {
    BOOST_ERROR("deterministic_fixture: "
                << alive
                << " actor(s) still alive at the end of the test (spawn them "
                   "with fixture.spawn() or track() so they are killed; an "
                   "actor the test cannot reach keeps the runtime from "
                   "shutting down)"
                << (settled ? "" : "; the system did not settle"));
  }
  detail::print_trace_if_failed(trace_);
  probes_.clear();
  net_->shutdown();
  if (alive > 0 || !settled) {
    // ~runtime would wait forever for those actors: leave it be. This leaks
    // on purpose in a test that has already failed.
    static_cast<void>(rt_.release());
    return;
  }
  rt_.reset();
}

probe deterministic_fixture::make_probe(std::string name) {
  probe p{sys(), *this, std::move(name)};
  probes_.push_back(p);
  run();
  return p;
}

simulated_peer deterministic_fixture::connect_peer(uint16_t port) {
  auto peer = net_->connect(port);
  if (!peer)
    BOOST_FAIL("connect_peer: nobody listens on :" << port << "\n  trace:\n"
                                                   << trace_.dump());
  peer->set_driver(this);
  return *peer;
}

simulated_listener deterministic_fixture::listen_peer() {
  return simulated_listener{*net_, net_->listen_peer(), *this};
}

bool deterministic_fixture::step() {
  auto jobs = sched_->jobs.size();
  auto events = net_->pending_events();
  if (jobs + events == 0)
    return false;
  if (!rng_) {
    // Actors first: they react to what happened before the network moves.
    if (jobs > 0)
      run_front(*sched_);
    else
      net_->run_one();
    return true;
  }
  std::uniform_int_distribution<size_t> pick{0, jobs + events - 1};
  auto k = pick(*rng_);
  if (k < jobs) {
    auto& q = sched_->jobs;
    auto i = q.begin() + static_cast<std::ptrdiff_t>(k);
    std::rotate(q.begin(), i, i + 1);
    run_front(*sched_);
  } else {
    net_->run_at(k - jobs);
  }
  return true;
}

bool deterministic_fixture::run_quietly(size_t limit) {
  for (size_t n = 0; n < limit; ++n)
    if (!step())
      return true;
  return false;
}

size_t deterministic_fixture::run() {
  size_t n = 0;
  while (step()) {
    if (++n >= step_limit)
      BOOST_FAIL("the system is still busy after "
                 << n
                 << " steps: an actor or the network keeps itself going "
                    "(a retry loop without back-off?)\n  last trace entries:\n"
                 << trace_.dump(60));
  }
  check_violations();
  return n;
}

bool deterministic_fixture::run_until(const std::function<bool()>& done,
                                      std::chrono::milliseconds) {
  // Deterministic: "until nothing moves" is the only budget needed. Check
  // between steps so that callers see the first moment it holds.
  size_t n = 0;
  while (!done()) {
    if (!step())
      break;
    if (++n >= step_limit)
      BOOST_FAIL("run_until: still busy after " << n << " steps\n"
                                                << trace_.dump(60));
  }
  check_violations();
  return done();
}

void deterministic_fixture::check_violations() {
  auto v = net_->violations();
  if (v > violations_seen_) {
    violations_seen_ = v;
    BOOST_ERROR("the simulated network saw a broken driver contract (see "
                "DRIVER CONTRACT VIOLATION in the trace)\n"
                << trace_.dump());
  }
}

void deterministic_fixture::advance(caf::timespan d) {
  run();
  auto& clk = sched_->clock();
  auto target = clk.current_time
                + std::chrono::duration_cast<caf::actor_clock::duration_type>(
                  d);
  trace_.add("clock", "advance by "
                        + std::to_string(std::chrono::duration_cast<
                                           std::chrono::milliseconds>(d)
                                           .count())
                        + "ms");
  // Fire timers one due time after the other, settling in between: a
  // timer's handler may start a shorter one that is due before `target`.
  while (!clk.schedule().empty()
         && clk.schedule().begin()->first <= target) {
    auto due = clk.schedule().begin()->first;
    auto step = due > clk.current_time ? due - clk.current_time
                                       : caf::actor_clock::duration_type{0};
    clk.advance_time(step);
    trace_.add("clock", "now +" + std::to_string(
                                    std::chrono::duration_cast<
                                      std::chrono::milliseconds>(now())
                                      .count())
                          + "ms: timers fire");
    run();
  }
  if (target > clk.current_time)
    clk.advance_time(target - clk.current_time);
  run();
}

caf::timespan deterministic_fixture::now() const {
  return std::chrono::duration_cast<caf::timespan>(
    sched_->clock().current_time - start_);
}

void deterministic_fixture::shuffle(uint64_t seed) {
  trace_.add("test", "shuffle with seed " + std::to_string(seed));
  rng_.emplace(seed);
}

} // namespace otpnet::testing
