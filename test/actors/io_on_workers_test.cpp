// Who runs Boost.Asio's event loop (runtime_config::io_threads): by
// default the fair scheduler's idle workers, with no thread of its own;
// dedicated threads on request, and always with CAF's own schedulers.

#include <atomic>
#include <string>

#include <boost/test/unit_test.hpp>

#include <caf/atom.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/send.hpp>

#include "support/loopback.hpp"
#include "support/threads.hpp"

using namespace otpnet;
using otpnet::test::budget;

namespace {

using hit_atom = caf::atom_constant<caf::atom("t_hit")>;

/// Threads of this process named `name` (runtime/src/io_engine.cpp names
/// its threads "otpnet.io"). By name rather than by count: threads of
/// other runtimes may still be exiting.
size_t threads_named(const std::string& name) {
  return test::threads_named(name).size();
}

/// One packet each way between two sockets of `rt`, from a blocking actor
/// (so that only the runtime's own threads run the sockets); every call is
/// bounded.
void round_trip(runtime& rt) {
  caf::scoped_actor self{rt.system()};
  auto ls = gen_tcp::listen(self, 0,
                            {inet::ip{inet::ip_address::loopback_v4()},
                             inet::active(false)});
  BOOST_REQUIRE(ls);
  auto port = inet::port(self, *ls);
  BOOST_REQUIRE(port);
  auto c = gen_tcp::connect(self, "127.0.0.1", *port, {inet::active(false)},
                            budget);
  BOOST_REQUIRE(c);
  auto a = gen_tcp::accept(self, *ls, budget);
  BOOST_REQUIRE(a);
  BOOST_REQUIRE(gen_tcp::send(self, *c, binary{"ping"}));
  auto got = gen_tcp::recv(self, *a, 4, budget);
  BOOST_REQUIRE_MESSAGE(got, "recv: " << test::why(got));
  BOOST_TEST(got->view() == "ping");
  BOOST_REQUIRE(gen_tcp::send(self, *a, binary{"pong"}));
  auto back = gen_tcp::recv(self, *c, 4, budget);
  BOOST_REQUIRE_MESSAGE(back, "recv: " << test::why(back));
  BOOST_TEST(back->view() == "pong");
  for (auto& s : {*c, *a, *ls})
    BOOST_TEST(bool{gen_tcp::close(self, s)});
}

// Passes the ball back until told to stop: keeps the run queue non-empty
// (with one worker, the other player's job always waits in it).
caf::behavior player(caf::event_based_actor* self, std::atomic<bool>* stop) {
  return {
    [=](hit_atom, caf::actor& other) {
      // The last hit still reaches the other player, so that both quit.
      self->send(other, hit_atom::value, caf::actor_cast<caf::actor>(self));
      if (stop->load())
        self->quit();
    },
  };
}

} // namespace

BOOST_AUTO_TEST_SUITE(io_on_workers)

BOOST_AUTO_TEST_CASE(the_default_runtime_has_no_io_thread) {
  BOOST_TEST_MESSAGE("Ensure that by default the workers run the event loop "
                     "(no I/O thread, where io_threads = 1 starts one) and "
                     "serve sockets");
  {
    runtime_config cfg;
    cfg.set("scheduler.max-threads", 2);
    runtime rt{cfg};
    BOOST_TEST(threads_named("otpnet.io") == 0u);
    round_trip(rt);
  }
  {
    runtime_config cfg;
    cfg.set("scheduler.max-threads", 2);
    cfg.io_threads = 1;
    runtime rt{cfg};
    BOOST_TEST(threads_named("otpnet.io") == 1u);
    round_trip(rt);
  }
}

BOOST_AUTO_TEST_CASE(a_single_worker_runs_actors_and_io_alone) {
  BOOST_TEST_MESSAGE("Ensure that a runtime with one worker and no I/O "
                     "thread serves sockets");
  runtime_config cfg;
  cfg.set("scheduler.max-threads", 1);
  runtime rt{cfg};
  round_trip(rt);
}

BOOST_AUTO_TEST_CASE(io_is_served_while_actors_keep_the_worker_busy) {
  BOOST_TEST_MESSAGE("Ensure that two actors passing a message back and "
                     "forth forever on the only worker do not keep it from "
                     "the sockets' readiness (it looks at the I/O between "
                     "jobs, not only when idle)");
  runtime_config cfg;
  cfg.set("scheduler.max-threads", 1);
  runtime rt{cfg};
  std::atomic<bool> stop{false};
  // Also when a check fails: the runtime's end waits for the rally's.
  struct stopper {
    std::atomic<bool>& flag;
    ~stopper() {
      flag = true;
    }
  } stop_rally{stop};
  auto a = rt.system().spawn(player, &stop);
  auto b = rt.system().spawn(player, &stop);
  caf::anon_send(a, hit_atom::value, b);
  round_trip(rt);
}

BOOST_AUTO_TEST_CASE(cafs_schedulers_get_an_io_thread) {
  BOOST_TEST_MESSAGE("Ensure that with CAF's work-stealing scheduler (whose "
                     "workers never poll) one I/O thread is started");
  runtime_config cfg;
  cfg.set("scheduler.policy", caf::atom("stealing"));
  cfg.set("scheduler.max-threads", 1);
  runtime rt{cfg};
  BOOST_TEST(threads_named("otpnet.io") == 1u);
  round_trip(rt);
}

BOOST_AUTO_TEST_SUITE_END()
