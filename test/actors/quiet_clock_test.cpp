// The fair scheduler's clock (runtime/src/quiet_clock.hpp): an actor that
// never set a timeout ends without a word to the clock thread; everything
// else reaches CAF's clock as before.

#include <algorithm>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <boost/test/unit_test.hpp>

#include <caf/actor_cast.hpp>
#include <caf/atom.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/group.hpp>
#include <caf/mailbox_element.hpp>
#include <caf/message_id.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/send.hpp>

#include "otpnet/runtime.hpp"
#include "quiet_clock.hpp"
#include "support/threads.hpp"

using namespace otpnet;
using otpnet::detail::quiet_clock;

namespace {

using ping_atom = caf::atom_constant<caf::atom("t_ping")>;

constexpr auto budget = std::chrono::seconds{5};

/// Names the calls it gets, in order.
class recording_clock : public caf::actor_clock {
public:
  std::vector<std::string> calls;

  void set_ordinary_timeout(time_point, caf::abstract_actor*, caf::atom_value,
                            uint64_t) override {
    calls.emplace_back("set_ordinary_timeout");
  }
  void set_multi_timeout(time_point, caf::abstract_actor*, caf::atom_value,
                         uint64_t) override {
    calls.emplace_back("set_multi_timeout");
  }
  void set_request_timeout(time_point, caf::abstract_actor*,
                           caf::message_id) override {
    calls.emplace_back("set_request_timeout");
  }
  void cancel_ordinary_timeout(caf::abstract_actor*,
                               caf::atom_value) override {
    calls.emplace_back("cancel_ordinary_timeout");
  }
  void cancel_request_timeout(caf::abstract_actor*, caf::message_id) override {
    calls.emplace_back("cancel_request_timeout");
  }
  void cancel_timeouts(caf::abstract_actor*) override {
    calls.emplace_back("cancel_timeouts");
  }
  void schedule_message(time_point, caf::strong_actor_ptr,
                        caf::mailbox_element_ptr) override {
    calls.emplace_back("schedule_message");
  }
  void schedule_message(time_point, caf::group, caf::strong_actor_ptr,
                        caf::message) override {
    calls.emplace_back("schedule_group_message");
  }
  void cancel_all() override {
    calls.emplace_back("cancel_all");
  }
};

using calls = std::vector<std::string>;

// Answers a ping and ends. Takes an argument: CAF 0.17 trips UBSan
// spawning a function without one.
caf::behavior one_shot(caf::event_based_actor* self, int) {
  return {
    [=](ping_atom) {
      self->quit();
      return ping_atom::value;
    },
  };
}

// Never answers.
caf::behavior mute(caf::event_based_actor*, int) {
  return {
    [](ping_atom) {
      return caf::skip;
    },
  };
}

// Replies `ping` to `whom` when it has had no message for a millisecond.
caf::behavior dozer(caf::event_based_actor* self, caf::actor whom) {
  return {
    [](ping_atom) {},
    caf::after(std::chrono::milliseconds{1}) >>
      [=] {
        self->send(whom, ping_atom::value);
        self->quit();
      },
  };
}

/// An actor system with two actors to name in clock calls.
struct actors_fixture {
  runtime_config cfg;
  runtime rt{cfg};
  caf::actor a = rt.system().spawn(mute, 0);
  caf::actor b = rt.system().spawn(mute, 0);
  recording_clock target;
  quiet_clock clock{target};

  ~actors_fixture() {
    caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
    caf::anon_send_exit(b, caf::exit_reason::user_shutdown);
  }

  static caf::abstract_actor* ptr(const caf::actor& x) {
    return caf::actor_cast<caf::abstract_actor*>(x);
  }
};

/// The thread CAF's coordinator runs its clock on, once it has named it
/// (the name is set from inside the thread, so it may come late).
pid_t clock_thread_of_new_runtime(const std::vector<pid_t>& before) {
  auto tids = test::new_threads_named(
    "caf.clock", before, 1,
    std::chrono::duration_cast<std::chrono::milliseconds>(budget));
  return tids.empty() ? 0 : tids.front();
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(quiet_clock_tests, actors_fixture)

BOOST_AUTO_TEST_CASE(an_actor_without_timeouts_is_not_cancelled) {
  BOOST_TEST_MESSAGE("Ensure that the end of an actor that never set a "
                     "timeout does not reach CAF's clock");
  clock.cancel_timeouts(ptr(a));
  BOOST_TEST(target.calls == calls{}, boost::test_tools::per_element());
  BOOST_TEST(clock.actors_with_timeouts() == 0u);
}

BOOST_AUTO_TEST_CASE(each_kind_of_timeout_is_cancelled_once_at_the_end) {
  BOOST_TEST_MESSAGE("Ensure that an actor that set an ordinary, a multi "
                     "or a request timeout has its timeouts cancelled when "
                     "it ends, once, and only its own");
  auto t = clock.now() + std::chrono::hours{1};
  auto id = caf::make_message_id().response_id();
  for (auto kind : {"set_ordinary_timeout", "set_multi_timeout",
                    "set_request_timeout"}) {
    BOOST_TEST_CONTEXT(kind) {
      target.calls.clear();
      std::string k = kind;
      if (k == "set_ordinary_timeout")
        clock.set_ordinary_timeout(t, ptr(a), caf::atom("t_x"), 1);
      else if (k == "set_multi_timeout")
        clock.set_multi_timeout(t, ptr(a), caf::atom("t_x"), 1);
      else
        clock.set_request_timeout(t, ptr(a), id);
      BOOST_TEST(clock.actors_with_timeouts() == 1u);
      clock.cancel_timeouts(ptr(b)); // not b's
      clock.cancel_timeouts(ptr(a));
      clock.cancel_timeouts(ptr(a)); // already done
      BOOST_TEST(target.calls == (calls{k, "cancel_timeouts"}),
                 boost::test_tools::per_element());
      BOOST_TEST(clock.actors_with_timeouts() == 0u);
    }
  }
}

BOOST_AUTO_TEST_CASE(everything_else_is_forwarded) {
  BOOST_TEST_MESSAGE("Ensure that single cancellations, delayed messages "
                     "and cancel_all reach CAF's clock as they are, and "
                     "that an actor with a timeout set before cancel_all "
                     "still has its timeouts cancelled when it ends (a "
                     "timeout set concurrently may outlive the drop-all)");
  auto t = clock.now() + std::chrono::hours{1};
  clock.set_ordinary_timeout(t, ptr(a), caf::atom("t_x"), 1);
  clock.cancel_ordinary_timeout(ptr(a), caf::atom("t_x"));
  clock.cancel_request_timeout(ptr(a), caf::make_message_id());
  clock.schedule_message(t, caf::actor_cast<caf::strong_actor_ptr>(b),
                         caf::make_mailbox_element(nullptr,
                                                   caf::make_message_id(),
                                                   {}, ping_atom::value));
  clock.schedule_message(t, caf::group{}, nullptr,
                         caf::make_message(ping_atom::value));
  clock.cancel_all();
  BOOST_TEST(clock.actors_with_timeouts() == 1u);
  clock.cancel_timeouts(ptr(a));
  BOOST_TEST(clock.actors_with_timeouts() == 0u);
  BOOST_TEST(target.calls
               == (calls{"set_ordinary_timeout", "cancel_ordinary_timeout",
                         "cancel_request_timeout", "schedule_message",
                         "schedule_group_message", "cancel_all",
                         "cancel_timeouts"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(ending_actors_leave_the_clock_thread_asleep) {
  BOOST_TEST_MESSAGE("Ensure that in a runtime, 200 actors that end one "
                     "after another without timeouts do not wake CAF's "
                     "clock thread");
  auto before = test::threads_named("caf.clock");
  runtime_config cfg;
  cfg.set("scheduler.max-threads", 2);
  runtime rt{cfg};
  auto tid = clock_thread_of_new_runtime(before);
  BOOST_REQUIRE(tid != 0);
  caf::scoped_actor self{rt.system()};
  auto blocked_before = test::times_blocked(tid);
  for (int i = 0; i < 200; ++i) {
    self->send(rt.system().spawn(one_shot, i), ping_atom::value);
    // A blocking actor's receive timeout is a wait on its mailbox, not a
    // timeout of CAF's clock.
    bool answered = false;
    self->receive([&](ping_atom) { answered = true; },
                  caf::after(budget) >> [] {});
    BOOST_REQUIRE(answered);
  }
  // Without the quiet clock each end wakes the clock thread (~200).
  BOOST_TEST(test::times_blocked(tid) - blocked_before <= 3u);
}

BOOST_AUTO_TEST_CASE(timeouts_still_fire) {
  BOOST_TEST_MESSAGE("Ensure that receive timeouts and request timeouts "
                     "still fire through the fair scheduler's clock");
  runtime_config cfg;
  cfg.set("scheduler.max-threads", 2);
  runtime rt{cfg};
  caf::scoped_actor self{rt.system()};
  rt.system().spawn(dozer, caf::actor{self});
  bool woke = false;
  self->receive([&](ping_atom) { woke = true; },
                caf::after(budget) >> [] {});
  BOOST_TEST(woke);
  auto m = rt.system().spawn(mute, 0);
  bool timed_out = false;
  self->request(m, std::chrono::milliseconds{1}, ping_atom::value)
    .receive([](ping_atom) {},
             [&](caf::error& e) {
               timed_out = e == caf::make_error(caf::sec::request_timeout);
             });
  BOOST_TEST(timed_out);
  caf::anon_send_exit(m, caf::exit_reason::user_shutdown);
}
