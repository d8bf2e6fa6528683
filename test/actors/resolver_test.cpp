// inet's resolver for event-based actors: the lookup runs off the
// scheduler (a one-worker scheduler keeps serving other actors while a
// lookup blocks), the result comes through await or then, and await holds
// the caller's other messages back until it has.

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

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

/// Resolver threads of the fixture's runtime.
constexpr size_t pool_size = 2;

struct one_worker_fixture {
  runtime_config cfg;
  std::unique_ptr<runtime> rt;
  std::unique_ptr<caf::scoped_actor> self_;

  one_worker_fixture() {
    // One scheduler thread: a job that blocked it would starve every actor.
    cfg.set("scheduler.max-threads", 1);
    cfg.resolver_threads = pool_size;
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

BOOST_AUTO_TEST_CASE(lookups_beyond_the_resolver_threads_queue) {
  BOOST_TEST_MESSAGE("Ensure that lookups beyond runtime_config::"
                     "resolver_threads wait for a free thread instead of "
                     "starting one each, and every one of them answers");
  constexpr int jobs = 5;
  struct gauge {
    std::mutex mtx;
    std::condition_variable cv;
    int running = 0;
    int most = 0;
    int started = 0;
  };
  auto g = std::make_shared<gauge>();
  std::promise<void> release;
  auto gate = release.get_future().share();
  auto me = caf::actor{self()};
  for (int i = 0; i < jobs; ++i) {
    spawn_lambda(rt->system(), [=](caf::event_based_actor* self) {
      otpnet::detail::off_scheduler<int>(self, [g, gate, i] {
        {
          std::lock_guard<std::mutex> guard{g->mtx};
          g->most = std::max(g->most, ++g->running);
          ++g->started;
        }
        g->cv.notify_all();
        auto ok = gate.wait_for(budget) == std::future_status::ready;
        std::lock_guard<std::mutex> guard{g->mtx};
        --g->running;
        return ok ? net::result<int>{i} : net::result<int>{errc::etimedout};
      }).then([self, me](caf::expected<int> x) {
        self->send(me, note_atom::value,
                   x ? std::to_string(*x) : std::string{"error"});
      });
    });
  }
  {
    // Both threads busy: the other three jobs are queued behind them.
    std::unique_lock<std::mutex> guard{g->mtx};
    BOOST_REQUIRE(g->cv.wait_for(guard, budget,
                                 [&] { return g->started >= 2; }));
  }
  BOOST_TEST(rt->resolver_threads() == pool_size);
  release.set_value();
  std::vector<std::string> got;
  for (int i = 0; i < jobs; ++i)
    got.push_back(next_note());
  std::sort(got.begin(), got.end());
  BOOST_TEST(got == (std::vector<std::string>{"0", "1", "2", "3", "4"}),
             boost::test_tools::per_element());
  std::lock_guard<std::mutex> guard{g->mtx};
  BOOST_TEST(g->started == jobs);
  BOOST_TEST(g->most == static_cast<int>(pool_size));
  BOOST_TEST(rt->resolver_threads() == pool_size);
}

BOOST_AUTO_TEST_CASE(a_burst_of_lookups_shares_the_resolver_threads) {
  BOOST_TEST_MESSAGE("Ensure that 32 concurrent getaddr calls from event-"
                     "based actors all answer, on at most resolver_threads "
                     "threads");
  constexpr int calls = 32;
  auto me = caf::actor{self()};
  for (int i = 0; i < calls; ++i)
    report_call(rt->system(), me, i % 2 == 0, [](auto* self) {
      return inet::getaddr(self, "localhost", inet::inet);
    });
  for (int i = 0; i < calls; ++i)
    BOOST_TEST(next_note() == "127.0.0.1");
  BOOST_TEST(rt->resolver_threads() >= 1u);
  BOOST_TEST(rt->resolver_threads() <= pool_size);
}

BOOST_AUTO_TEST_CASE(a_plain_actor_system_resolves_too) {
  BOOST_TEST_MESSAGE("Ensure that an event-based actor of an actor system "
                     "that no otpnet runtime made still gets its lookups "
                     "answered (on a thread of their own)");
  caf::actor_system_config plain_cfg;
  plain_cfg.set("logger.verbosity", caf::atom("quiet"));
  caf::actor_system plain{plain_cfg};
  BOOST_REQUIRE(runtime::of(plain) == nullptr);
  caf::scoped_actor plain_self{plain};
  auto me = caf::actor{plain_self};
  for (bool use_await : {true, false}) {
    report_call(plain, me, use_await, [](auto* self) {
      return inet::getaddr(self, "localhost", inet::inet);
    });
    std::string got = "timeout";
    plain_self->receive(
      [&](note_atom, std::string& s) { got = std::move(s); },
      caf::after(budget) >> [] {});
    BOOST_TEST(got == "127.0.0.1");
  }
}

BOOST_AUTO_TEST_SUITE_END()
