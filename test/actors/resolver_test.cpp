// inet's resolver for event-based actors: the lookup runs off the
// scheduler (a one-worker scheduler keeps serving other actors while a
// lookup blocks), the result comes through await or then, and await holds
// the caller's other messages back until it has.

#include <chrono>
#include <future>
#include <memory>
#include <string>

#include <boost/test/unit_test.hpp>

#include "support/spawn.hpp"
#include <caf/all.hpp>

#include <otpnet/inet.hpp>
#include <otpnet/runtime.hpp>

#include "off_scheduler.hpp"

using namespace otpnet;
using namespace std::chrono_literals;

using otpnet::test::spawn_lambda;

namespace {

constexpr auto budget = 10s;

using ping_atom = caf::atom_constant<caf::atom("ping")>;
using pong_atom = caf::atom_constant<caf::atom("pong")>;
using note_atom = caf::atom_constant<caf::atom("note")>;

struct one_worker_fixture {
  runtime_config cfg;
  std::unique_ptr<runtime> rt;
  std::unique_ptr<caf::scoped_actor> self_;

  one_worker_fixture() {
    // One scheduler thread: a job that blocked it would starve every actor.
    cfg.set("scheduler.max-threads", 1);
    cfg.set("logger.verbosity", caf::atom("quiet"));
    rt = std::make_unique<runtime>(cfg);
    self_ = std::make_unique<caf::scoped_actor>(rt->system());
  }

  ~one_worker_fixture() {
    self_.reset();
    rt.reset();
  }

  caf::scoped_actor& self() {
    return *self_;
  }

  /// The next string a test actor reported; "timeout" after the budget.
  std::string next_note() {
    std::string got = "timeout";
    self()->receive([&](note_atom, std::string& s) { got = std::move(s); },
                    caf::after(budget) >> [] {});
    return got;
  }
};

template <class T>
std::string describe(const caf::expected<T>& x) {
  if (!x)
    return "error " + std::string{to_atom(errc_of(x.error()))};
  if constexpr (std::is_same_v<T, inet::hostent>)
    return to_string(*x);
  else
    return inet::ntoa(*x);
}

/// Spawns an actor that makes `call` (returning a pending) with await or
/// then and reports the outcome to `to`.
template <class Call>
void report_call(caf::actor_system& sys, caf::actor to, bool use_await,
                 Call call) {
  spawn_lambda(sys, [=](caf::event_based_actor* self) {
    auto p = call(self);
    auto cb = [self, to](auto x) {
      self->send(to, note_atom::value, describe(x));
    };
    if (use_await)
      p.await(cb);
    else
      p.then(cb);
  });
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(resolver_suite, one_worker_fixture)

BOOST_AUTO_TEST_CASE(event_based_lookups_answer_as_the_plain_functions) {
  BOOST_TEST_MESSAGE("Ensure that getaddr, getaddrs, gethostbyname and "
                     "gethostbyaddr from an event-based actor give the "
                     "plain functions' results, through await and then");
  for (bool use_await : {true, false}) {
    auto me = caf::actor{self()};
    report_call(rt->system(), me, use_await, [](auto* self) {
      return inet::getaddr(self, "127.1", inet::inet);
    });
    BOOST_TEST(next_note() == "127.0.0.1");
    report_call(rt->system(), me, use_await, [](auto* self) {
      return inet::gethostbyname(self, "::1", inet::inet6);
    });
    BOOST_TEST(next_note()
               == "{hostent,\"::1\",[],inet6,16,[{0,0,0,0,0,0,0,1}]}");
    report_call(rt->system(), me, use_await, [](auto* self) {
      return inet::getaddr(self, "no such", inet::inet);
    });
    BOOST_TEST(next_note() == "error einval");
    report_call(rt->system(), me, use_await, [](auto* self) {
      return inet::gethostbyaddr(self, "bogus");
    });
    BOOST_TEST(next_note() == "error einval");
    report_call(rt->system(), me, use_await, [](auto* self) {
      return inet::gethostbyaddr(self, inet::ip_address::loopback_v4());
    });
    auto expected = inet::gethostbyaddr(inet::ip_address::loopback_v4());
    BOOST_REQUIRE(expected.has_value());
    BOOST_TEST(next_note() == to_string(*expected));
  }
}

BOOST_AUTO_TEST_CASE(a_blocked_lookup_leaves_the_scheduler_free) {
  BOOST_TEST_MESSAGE("Ensure that while a lookup blocks, the only scheduler "
                     "thread still runs other actors, and the result comes "
                     "when the lookup returns");
  std::promise<void> release;
  auto gate = release.get_future().share();
  auto me = caf::actor{self()};
  spawn_lambda(rt->system(), [=](caf::event_based_actor* self) {
    otpnet::detail::off_scheduler<int>(self, [gate]() -> net::result<int> {
      if (gate.wait_for(budget) != std::future_status::ready)
        return errc::etimedout;
      return 7;
    }).then([self, me](caf::expected<int> x) {
      self->send(me, note_atom::value,
                 x ? std::to_string(*x) : std::string{"error"});
    });
  });
  auto echo = spawn_lambda(rt->system(), [](caf::event_based_actor*) {
    return caf::behavior{[](ping_atom) { return pong_atom::value; }};
  });
  bool ponged = false;
  self()->request(echo, budget, ping_atom::value)
    .receive([&](pong_atom) { ponged = true; }, [](caf::error&) {});
  BOOST_TEST(ponged);
  release.set_value();
  BOOST_TEST(next_note() == "7");
  self()->send_exit(echo, caf::exit_reason::user_shutdown);
}

BOOST_AUTO_TEST_CASE(await_holds_other_messages_until_the_answer) {
  BOOST_TEST_MESSAGE("Ensure that an actor awaiting a lookup handles a "
                     "message that arrived meanwhile only after the answer");
  std::promise<void> release;
  auto gate = release.get_future().share();
  auto me = caf::actor{self()};
  auto started = std::make_shared<std::promise<void>>();
  auto started_f = started->get_future();
  auto caller = spawn_lambda(rt->system(), [=](caf::event_based_actor* self) {
    otpnet::detail::off_scheduler<int>(self, [gate, started]() {
      started->set_value();
      if (gate.wait_for(budget) != std::future_status::ready)
        return net::result<int>{errc::etimedout};
      return net::result<int>{7};
    }).await([self, me](caf::expected<int> x) {
      self->send(me, note_atom::value,
                 "answer " + (x ? std::to_string(*x) : std::string{"error"}));
    });
    return caf::behavior{[self, me](ping_atom) {
      self->send(me, note_atom::value, std::string{"ping"});
    }};
  });
  // The job is running, so the caller is suspended in await: the ping
  // arrives before the answer exists.
  BOOST_REQUIRE(started_f.wait_for(budget) == std::future_status::ready);
  self()->send(caller, ping_atom::value);
  release.set_value();
  BOOST_TEST(next_note() == "answer 7");
  BOOST_TEST(next_note() == "ping");
  self()->send_exit(caller, caf::exit_reason::user_shutdown);
}

BOOST_AUTO_TEST_SUITE_END()
