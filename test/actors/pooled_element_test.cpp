// Mailbox elements with recycled memory (actors/src/pooled_element.hpp):
// receivers see them exactly as CAF's own elements.

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>

#include <caf/event_based_actor.hpp>
#include <caf/exit_reason.hpp>
#include <caf/message.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/send.hpp>
#include <caf/skip.hpp>

#include "pooled_element.hpp"
#include "support/loopback.hpp"

using namespace otpnet;
using namespace otpnet::test;

namespace {

using go_atom = caf::atom_constant<caf::atom("go")>;
using got_atom = caf::atom_constant<caf::atom("got")>;

constexpr auto wait_limit = std::chrono::seconds{10};

/// Tells `test` what it got and who sent it.
caf::behavior echo_sender(caf::event_based_actor* self, caf::actor test) {
  return {
    [=](caf::atom_value a, binary& b) {
      bool from_test = self->current_sender() == test.address();
      self->send(test, got_atom::value, a, b.to_string(), from_test);
    },
  };
}

/// Skips binaries until `go`, then handles the skipped ones in order.
caf::behavior late_taker(caf::event_based_actor* self, caf::actor test) {
  auto ready = std::make_shared<bool>(false);
  return {
    [=](go_atom) { *ready = true; },
    [=](binary& b) -> caf::result<void> {
      if (!*ready)
        return caf::skip;
      self->send(test, got_atom::value, b.to_string());
      return caf::unit;
    },
  };
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(pooled_element_suite, loopback_fixture)

BOOST_AUTO_TEST_CASE(a_pooled_message_matches_with_its_sender) {
  BOOST_TEST_MESSAGE("Ensure that a message in a pooled element reaches the receiver's handler with its values (an atom constant as an atom value) and its sender, or no sender when sent anonymously");
  auto test = caf::actor_cast<caf::actor>(self().ptr());
  auto dest = sys().spawn(echo_sender, test);
  for (int i = 0; i < 3; ++i) {
    detail::send_pooled(self().ptr(), dest, go_atom::value,
                        binary{"data " + std::to_string(i)});
    detail::anon_send_pooled(dest, go_atom::value, binary{"anon"});
    for (int k = 0; k < 2; ++k) {
      bool got = false;
      self()->receive(
        [&](got_atom, caf::atom_value a, const std::string& s, bool from) {
          got = true;
          BOOST_TEST((a == go_atom::value));
          if (k == 0) {
            BOOST_TEST(s == "data " + std::to_string(i));
            BOOST_TEST(from);
          } else {
            BOOST_TEST(s == "anon");
            BOOST_TEST(!from);
          }
        },
        caf::after(wait_limit) >> [] {});
      BOOST_REQUIRE(got);
    }
  }
  caf::anon_send_exit(dest, caf::exit_reason::user_shutdown);
}

BOOST_AUTO_TEST_CASE(a_skipped_pooled_message_is_handled_later_in_order) {
  BOOST_TEST_MESSAGE("Ensure that pooled elements a receiver skips stay in its mailbox and are handled later, in the order sent");
  auto test = caf::actor_cast<caf::actor>(self().ptr());
  auto dest = sys().spawn(late_taker, test);
  for (auto* s : {"one", "two", "three"})
    detail::send_pooled(self().ptr(), dest, binary{s});
  self()->send(dest, go_atom::value);
  for (auto* want : {"one", "two", "three"}) {
    std::string got;
    self()->receive([&](got_atom, const std::string& s) { got = s; },
                    caf::after(wait_limit) >> [] {});
    BOOST_TEST(got == want);
  }
  caf::anon_send_exit(dest, caf::exit_reason::user_shutdown);
}

BOOST_AUTO_TEST_CASE(a_pooled_element_converts_to_a_message) {
  BOOST_TEST_MESSAGE("Ensure that a pooled element's content copies and moves into a caf::message with the same values (what CAF does when a message is stashed or forwarded)");
  auto x = detail::make_pooled_element(nullptr, caf::make_message_id(),
                                       go_atom::value, binary{"abc"},
                                       uint8_t{7});
  auto copy = x->copy_content_to_message();
  BOOST_REQUIRE((copy.match_elements<caf::atom_value, binary, uint8_t>()));
  BOOST_TEST(copy.get_as<binary>(1).to_string() == "abc");
  BOOST_TEST(int(copy.get_as<uint8_t>(2)) == 7);
  auto moved = x->move_content_to_message();
  BOOST_REQUIRE((moved.match_elements<caf::atom_value, binary, uint8_t>()));
  BOOST_TEST((moved.get_as<caf::atom_value>(0) == go_atom::value));
  BOOST_TEST(moved.get_as<binary>(1).to_string() == "abc");
}

BOOST_AUTO_TEST_CASE(a_pooled_message_to_a_gone_actor_is_dropped) {
  BOOST_TEST_MESSAGE("Ensure that pooled elements sent to an actor that has ended are dropped without harm (AddressSanitizer checks that they are freed) and later ones to a live actor still arrive");
  auto test = caf::actor_cast<caf::actor>(self().ptr());
  auto dest = sys().spawn(echo_sender, test);
  self()->monitor(dest);
  caf::anon_send_exit(dest, caf::exit_reason::user_shutdown);
  bool down = false;
  self()->receive([&](caf::down_msg&) { down = true; },
                  caf::after(wait_limit) >> [] {});
  BOOST_REQUIRE(down);
  for (int i = 0; i < 10; ++i)
    detail::send_pooled(self().ptr(), dest, go_atom::value, binary{"late"});
  // The elements went nowhere; the next ones to a live actor still arrive.
  auto live = sys().spawn(echo_sender, test);
  detail::send_pooled(self().ptr(), live, go_atom::value, binary{"on"});
  std::string got;
  self()->receive([&](got_atom, caf::atom_value, const std::string& s,
                      bool) { got = s; },
                  caf::after(wait_limit) >> [] {});
  BOOST_TEST(got == "on");
  caf::anon_send_exit(live, caf::exit_reason::user_shutdown);
}

BOOST_AUTO_TEST_SUITE_END()
