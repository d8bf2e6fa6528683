// The runtime's default scheduler is fair: a job scheduled by a running
// actor goes to the back of the run queue, so two actors passing messages
// back and forth cannot keep a worker from anyone else.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <thread>
#include <vector>

#include <boost/test/unit_test.hpp>

#include <caf/atom.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/logger.hpp>
#include <caf/scheduler/abstract_coordinator.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/send.hpp>

#include "otpnet/runtime.hpp"

#include "support/threads.hpp"

namespace {

using ping_atom = caf::atom_constant<caf::atom("t_ping")>;
using probe_atom = caf::atom_constant<caf::atom("t_probe")>;

constexpr uint64_t rally_length = 200000;

// Returns the ball until the rally is over, counting hits.
caf::behavior player(caf::event_based_actor* self,
                     std::atomic<uint64_t>* hits) {
  return {
    [=](ping_atom, caf::actor& other, uint64_t n) {
      hits->fetch_add(1, std::memory_order_relaxed);
      // The last hit still reaches the other player, so that both quit.
      if (n <= rally_length)
        self->send(other, ping_atom::value,
                   caf::actor_cast<caf::actor>(self), n + 1);
      if (n >= rally_length)
        self->quit();
    },
  };
}

struct observation {
  std::atomic<uint64_t> hits{0};
  std::atomic<uint64_t> seen{0};
  std::atomic<bool> done{false};
};

// Records how many hits were played when it got the probe. Takes an
// argument: CAF 0.17 trips UBSan spawning a function without one.
caf::behavior bystander(caf::event_based_actor* self, observation* obs) {
  return {
    [=](probe_atom) {
      obs->seen = obs->hits.load();
      obs->done = true;
      self->quit();
    },
  };
}

/// Hits played in a rally between two actors, sharing one worker, before
/// an outside message to a third actor was handled (the whole rally,
/// rally_length + 1 hits, if it starved).
uint64_t hits_before_bystander(otpnet::runtime_config& cfg) {
  cfg.set("scheduler.max-threads", 1);
  otpnet::runtime rt{cfg};
  auto& sys = rt.system();
  observation obs;
  auto watcher = sys.spawn(bystander, &obs);
  auto a = sys.spawn(player, &obs.hits);
  auto b = sys.spawn(player, &obs.hits);
  caf::anon_send(a, ping_atom::value, b, uint64_t{1});
  // The rally is under way (or over) before the bystander is asked.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds{30};
  while (obs.hits.load() == 0) {
    BOOST_REQUIRE(std::chrono::steady_clock::now() < deadline);
    std::this_thread::yield();
  }
  caf::anon_send(watcher, probe_atom::value);
  sys.await_all_actors_done(); // the rally ends by itself: bounded
  BOOST_REQUIRE(obs.done.load());
  return obs.seen.load();
}

using go_atom = caf::atom_constant<caf::atom("t_go")>;

struct handoff {
  std::atomic<bool> released{false};
  std::atomic<bool> blocker_done{false};
  std::atomic<bool> blocker_saw_release{false};
};

// Sets the flag the blocker waits for.
caf::behavior releaser(caf::event_based_actor* self, handoff* h) {
  return {
    [=](go_atom) {
      h->released = true;
      self->quit();
    },
  };
}

// Asks the releaser to run, then blocks its worker until it did (at most
// five seconds): a handler that blocks, which well-behaved actors avoid.
caf::behavior blocker(caf::event_based_actor* self, handoff* h,
                      caf::actor other) {
  return {
    [=](go_atom) {
      self->send(other, go_atom::value);
      auto deadline = std::chrono::steady_clock::now()
                      + std::chrono::seconds{5};
      while (!h->released.load()
             && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds{1});
      h->blocker_saw_release = h->released.load();
      h->blocker_done = true;
      self->quit();
    },
  };
}

using spawn_atom = caf::atom_constant<caf::atom("t_spawn")>;

// Does nothing until it is told to stop.
caf::behavior idler(caf::event_based_actor*, int) {
  return {
    [](go_atom) {},
  };
}

// Spawns an idler for whoever asks (actor_system::spawn sets CAF's logger
// on the calling thread) and returns it.
caf::behavior spawner(caf::event_based_actor* self, int) {
  return {
    [=](spawn_atom) { return self->spawn(idler, 0); },
  };
}

// Tells whether CAF's logger is set on the thread that runs it.
caf::behavior logger_probe(caf::event_based_actor*, int) {
  return {
    [](probe_atom) { return caf::logger::current_logger() != nullptr; },
  };
}

constexpr int fan_out = 8;
constexpr uint64_t fan_rounds = 20000;

// Answers every ping; quits on go.
caf::behavior echo(caf::event_based_actor* self, int) {
  return {
    [](ping_atom) { return ping_atom::value; },
    [=](go_atom) { self->quit(); },
  };
}

// Pings every echo, waits for all their answers, and again, fan_rounds
// times; then tells them to quit and quits.
caf::behavior fan(caf::event_based_actor* self,
                  std::vector<caf::actor> echoes,
                  std::atomic<uint64_t>* rounds) {
  auto left = std::make_shared<int>(0);
  auto round = [=] {
    *left = static_cast<int>(echoes.size());
    for (auto& e : echoes)
      self->send(e, ping_atom::value);
  };
  return {
    [=](go_atom) { round(); },
    [=](ping_atom) {
      if (--*left > 0)
        return;
      if (rounds->fetch_add(1) + 1 < fan_rounds) {
        round();
        return;
      }
      for (auto& e : echoes)
        self->send(e, go_atom::value);
      self->quit();
    },
  };
}

} // namespace

BOOST_AUTO_TEST_SUITE(scheduler_suite)

BOOST_AUTO_TEST_CASE(a_worker_that_keeps_up_is_not_joined_by_a_sleeper) {
  BOOST_TEST_MESSAGE("Ensure that a fan-out the running worker keeps up "
                     "with (an actor messages 8 others and waits for their "
                     "replies, round after round) does not wake the other "
                     "worker each round: the workers block far fewer times "
                     "than there are rounds (waking a sleeper at the "
                     "second waiting job made them block about once every "
                     "three or four rounds)");
  auto before = otpnet::test::threads_named("caf.multiplexer");
  otpnet::runtime_config cfg;
  cfg.set("scheduler.max-threads", 2);
  otpnet::runtime rt{cfg};
  auto& sys = rt.system();
  // CAF names its workers "caf.multiplexer".
  auto workers = otpnet::test::new_threads_named("caf.multiplexer", before, 2,
                                                 std::chrono::seconds{30});
  BOOST_REQUIRE_EQUAL(workers.size(), 2u);
  std::vector<caf::actor> echoes;
  for (int i = 0; i < fan_out; ++i)
    echoes.push_back(sys.spawn(echo, i));
  std::atomic<uint64_t> rounds{0};
  auto blocked_before = otpnet::test::times_blocked(workers);
  auto start = std::chrono::steady_clock::now();
  auto f = sys.spawn(fan, echoes, &rounds);
  caf::anon_send(f, go_atom::value);
  sys.await_all_actors_done(); // bounded: fan_rounds rounds, then all quit
  auto blocked = otpnet::test::times_blocked(workers) - blocked_before;
  auto ticks = std::chrono::duration_cast<std::chrono::milliseconds>(
                 std::chrono::steady_clock::now() - start)
                 .count()
               / 10;
  BOOST_TEST_MESSAGE("rounds " << rounds.load() << " in " << ticks
                               << " x 10 ms, workers blocked " << blocked
                               << " times");
  BOOST_REQUIRE_EQUAL(rounds.load(), fan_rounds);
  // A sleeper still looks by itself every 10 ms and may then help until
  // the queue runs dry: allowed, a few blocks per worker and 10 ms
  // (however slow the machine), plus one per ten rounds.
  BOOST_TEST(blocked < fan_rounds / 10 + static_cast<uint64_t>(ticks) * 4);
}

BOOST_AUTO_TEST_CASE(a_job_queued_behind_a_blocked_worker_still_runs) {
  BOOST_TEST_MESSAGE("Ensure that a message sent by an actor that then "
                     "blocks its worker is handled by the other, sleeping "
                     "worker (a worker's own messages do not wake a "
                     "sleeper, so the sleeper must come back by itself)");
  otpnet::runtime_config cfg;
  cfg.set("scheduler.max-threads", 2);
  otpnet::runtime rt{cfg};
  auto& sys = rt.system();
  handoff h;
  auto r = sys.spawn(releaser, &h);
  auto b = sys.spawn(blocker, &h, r);
  caf::anon_send(b, go_atom::value);
  sys.await_all_actors_done(); // bounded: the blocker gives up after 5 s
  BOOST_TEST(h.blocker_done.load());
  BOOST_TEST(h.blocker_saw_release.load());
}

BOOST_AUTO_TEST_CASE(a_rally_between_two_actors_does_not_starve_a_third) {
  BOOST_TEST_MESSAGE("Ensure that the default scheduler runs an actor woken "
                     "from outside while two others keep messaging each "
                     "other on the only worker");
  otpnet::runtime_config cfg;
  auto seen = hits_before_bystander(cfg);
  // FIFO: the bystander waits behind at most the job in the queue, not
  // behind the rest of the rally.
  BOOST_TEST(seen < rally_length / 2, "bystander ran after " << seen
                                        << " of " << rally_length
                                        << " hits");
}

BOOST_AUTO_TEST_CASE(cafs_work_stealing_remains_selectable) {
  BOOST_TEST_MESSAGE("Ensure that scheduler.policy = stealing selects CAF's "
                     "scheduler, which lets the rally finish first (the "
                     "starvation the default avoids)");
  otpnet::runtime_config cfg;
  cfg.set("scheduler.policy", caf::atom("stealing"));
  auto seen = hits_before_bystander(cfg);
  BOOST_TEST(seen > rally_length);
}

BOOST_AUTO_TEST_CASE(the_defaults_are_fair_with_one_worker_per_core) {
  BOOST_TEST_MESSAGE("Ensure that a default runtime_config selects the fair "
                     "scheduler with one worker per core");
  otpnet::runtime_config cfg;
  auto policy = caf::get_or(cfg, "scheduler.policy", caf::atom("unset"));
  BOOST_TEST(caf::to_string(policy) == "fair");
  otpnet::runtime rt{cfg};
  auto cores = std::max(1u, std::thread::hardware_concurrency());
  BOOST_TEST(rt.system().scheduler().num_workers() == cores);
}

BOOST_AUTO_TEST_CASE(a_spawn_does_not_leave_cafs_logger_on_the_worker) {
  BOOST_TEST_MESSAGE("Ensure that after an actor spawned another, the next "
                     "job on that worker runs without CAF's logger (which "
                     "costs two locked map lookups per job when set)");
  otpnet::runtime_config cfg;
  cfg.set("scheduler.max-threads", 1);
  otpnet::runtime rt{cfg};
  auto& sys = rt.system();
  auto spawning = sys.spawn(spawner, 0);
  auto probe = sys.spawn(logger_probe, 0);
  caf::scoped_actor self{sys};
  for (int i = 0; i < 20; ++i) {
    caf::actor child;
    self->request(spawning, caf::infinite, spawn_atom::value)
      .receive([&](caf::actor& a) { child = a; }, [](caf::error&) {});
    BOOST_REQUIRE(child);
    bool logger_set = true;
    self->request(probe, caf::infinite, probe_atom::value)
      .receive([&](bool x) { logger_set = x; }, [](caf::error&) {});
    BOOST_TEST(!logger_set);
    caf::anon_send_exit(child, caf::exit_reason::user_shutdown);
  }
  for (auto& a : {spawning, probe})
    caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
}

BOOST_AUTO_TEST_SUITE_END()
