// The samples' actor registry: shutdown must reach every actor the sample
// started, also one started while shutdown was already under way.

#include "common/actor_registry.hpp"

#include <chrono>

#include <boost/test/unit_test.hpp>

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/scoped_actor.hpp>

namespace samples = otpnet::samples;

namespace {

// Waits for messages that never come: only an exit ends it. Takes an
// argument: CAF 0.17 trips UBSan spawning a function without one.
caf::behavior idler(caf::event_based_actor*, int) {
  return {
    [](int) {},
  };
}

/// The exit reason `a` terminated with, or none within five seconds.
caf::error down_reason(caf::scoped_actor& self, const caf::actor& a) {
  self->monitor(a);
  caf::error reason = caf::sec::request_timeout;
  self->receive([&](caf::down_msg& dm) { reason = dm.reason; },
                caf::after(std::chrono::seconds{5}) >> [] {});
  return reason;
}

} // namespace

BOOST_AUTO_TEST_SUITE(actor_registry)

BOOST_AUTO_TEST_CASE(exit_all_reaches_actors_added_after_it) {
  BOOST_TEST_MESSAGE("Ensure that exit_all stops the tracked actors and any "
                     "actor added afterwards (an acceptor may hand over a "
                     "connection while the sample shuts down)");
  caf::actor_system_config cfg;
  caf::actor_system sys{cfg};
  caf::scoped_actor self{sys};
  auto reg = std::make_shared<samples::actor_registry>();
  auto early = sys.spawn(idler, 0);
  reg->add(early);
  reg->exit_all(caf::exit_reason::user_shutdown);
  auto late = sys.spawn(idler, 0);
  reg->add(late);
  BOOST_TEST(caf::to_string(down_reason(self, early))
             == caf::to_string(caf::make_error(caf::exit_reason::user_shutdown)));
  BOOST_TEST(caf::to_string(down_reason(self, late))
             == caf::to_string(caf::make_error(caf::exit_reason::user_shutdown)));
}

BOOST_AUTO_TEST_SUITE_END()
