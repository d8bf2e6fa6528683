#include <boost/test/unit_test.hpp>

#include "otpnet/net/active_mode.hpp"

using otpnet::net::active_mode;
using kind = active_mode::kind;

namespace {

bool is(const active_mode& m, kind k) {
  return m.current() == k;
}

} // namespace

BOOST_AUTO_TEST_SUITE(active_mode_suite)

BOOST_AUTO_TEST_CASE(active_true_is_the_default_and_never_ends) {
  BOOST_TEST_MESSAGE("Ensure that a socket starts {active,true} and stays "
                     "active without tcp_passive however much it delivers");
  active_mode m;
  BOOST_TEST(is(m, kind::always));
  for (int i = 0; i < 1000; ++i) {
    BOOST_TEST_REQUIRE(m.may_deliver());
    BOOST_TEST_REQUIRE(!m.on_delivered());
  }
  BOOST_TEST(is(m, kind::always));
}

BOOST_AUTO_TEST_CASE(active_false_delivers_nothing) {
  BOOST_TEST_MESSAGE("Ensure that {active,false} stops delivery without a "
                     "tcp_passive message");
  active_mode m;
  m.set_false();
  BOOST_TEST(is(m, kind::passive));
  BOOST_TEST(!m.may_deliver());
  BOOST_TEST(!m.on_delivered()); // misuse is harmless
  BOOST_TEST(is(m, kind::passive));
}

BOOST_AUTO_TEST_CASE(active_once_delivers_one_message_then_passive_silently) {
  BOOST_TEST_MESSAGE("Ensure that {active,once} delivers one message, then "
                     "turns passive with no tcp_passive");
  active_mode m;
  m.set_once();
  BOOST_TEST(is(m, kind::once));
  BOOST_TEST(m.may_deliver());
  BOOST_TEST(!m.on_delivered());
  BOOST_TEST(is(m, kind::passive));
  BOOST_TEST(!m.may_deliver());
  m.set_once(); // re-arm, as the spec says
  BOOST_TEST(m.may_deliver());
}

BOOST_AUTO_TEST_CASE(active_n_emits_tcp_passive_at_zero) {
  BOOST_TEST_MESSAGE("Ensure that {active,N} delivers N messages and asks "
                     "for tcp_passive right after the Nth");
  active_mode m;
  BOOST_TEST(!m.add(3));
  BOOST_TEST(is(m, kind::count));
  BOOST_TEST(m.count() == 3);
  BOOST_TEST(!m.on_delivered());
  BOOST_TEST(!m.on_delivered());
  BOOST_TEST(m.count() == 1);
  BOOST_TEST(m.may_deliver());
  BOOST_TEST(m.on_delivered());
  BOOST_TEST(is(m, kind::passive));
  BOOST_TEST(m.count() == 0);
  BOOST_TEST(!m.may_deliver());
}

BOOST_AUTO_TEST_CASE(active_n_adds_to_the_current_count) {
  BOOST_TEST_MESSAGE("Ensure that {active,N} adds N to the count instead of "
                     "replacing it");
  active_mode m;
  m.add(2);
  m.add(3);
  BOOST_TEST(m.count() == 5);
  BOOST_TEST(!m.add(-1));
  BOOST_TEST(m.count() == 4);
}

BOOST_AUTO_TEST_CASE(active_negative_n_clamps_to_zero_and_notifies) {
  BOOST_TEST_MESSAGE("Ensure that a negative N at least as large as the "
                     "count sets it to 0, turns passive and notifies");
  active_mode m;
  m.add(3);
  BOOST_TEST(m.add(-5));
  BOOST_TEST(m.count() == 0);
  BOOST_TEST(is(m, kind::passive));
  m.add(3);
  BOOST_TEST(m.add(-3));
  BOOST_TEST(is(m, kind::passive));
}

BOOST_AUTO_TEST_CASE(active_zero_on_a_passive_socket_still_notifies) {
  BOOST_TEST_MESSAGE("Ensure that {active,0} sends tcp_passive even when the "
                     "socket is already passive (OTP's active_n test)");
  active_mode m;
  m.set_false();
  BOOST_TEST(m.add(0));
  BOOST_TEST(is(m, kind::passive));
  BOOST_TEST(m.add(-7));
  BOOST_TEST(is(m, kind::passive));
}

BOOST_AUTO_TEST_CASE(active_zero_on_an_active_socket_makes_it_passive) {
  BOOST_TEST_MESSAGE("Ensure that {active,0} on an {active,true} socket "
                     "turns it passive with tcp_passive");
  active_mode m;
  BOOST_TEST(m.add(0));
  BOOST_TEST(is(m, kind::passive));
}

BOOST_AUTO_TEST_CASE(active_n_beyond_32767_is_einval) {
  BOOST_TEST_MESSAGE("Ensure that N outside -32768..32767, or a count that "
                     "would pass 32767, is refused and changes nothing");
  active_mode m;
  BOOST_TEST(!m.accepts(32768));
  BOOST_TEST(!m.accepts(-32769));
  BOOST_TEST(m.accepts(32767));
  BOOST_TEST(m.accepts(-32768));
  BOOST_TEST(!m.add(32767));
  BOOST_TEST(m.count() == 32767);
  BOOST_TEST(!m.accepts(1));
  BOOST_TEST(!m.add(1)); // refused: no change, no notification
  BOOST_TEST(m.count() == 32767);
  BOOST_TEST(is(m, kind::count));
  BOOST_TEST(m.accepts(0));
  BOOST_TEST(m.accepts(-1));
  BOOST_TEST(!m.add(40000));
  BOOST_TEST(m.count() == 32767);
}

BOOST_AUTO_TEST_CASE(active_n_sequence_of_otp_active_n_test) {
  BOOST_TEST_MESSAGE("Ensure that the setopts sequence of OTP's "
                     "gen_tcp_misc_SUITE:active_n gives the same events");
  active_mode m;
  BOOST_TEST(!m.add(3));  // {active,3}
  BOOST_TEST(m.add(-3));  // {active,-3} -> tcp_passive
  BOOST_TEST(is(m, kind::passive));
  BOOST_TEST(m.add(0));   // {active,0}  -> tcp_passive
  BOOST_TEST(!m.add(32767));
  BOOST_TEST(!m.accepts(1)); // {active,1} -> {error,einval}
  BOOST_TEST(!m.accepts(-32769));
  BOOST_TEST(m.add(-32768)); // -> tcp_passive
  BOOST_TEST(is(m, kind::passive));
  m.add(3);
  m.set_true();
  BOOST_TEST(is(m, kind::always));
}

BOOST_AUTO_TEST_CASE(setting_true_once_or_false_drops_the_count) {
  BOOST_TEST_MESSAGE("Ensure that true/once/false reset the {active,N} "
                     "count to 0, as inet_drv does, without tcp_passive");
  active_mode m;
  m.add(5);
  m.set_true();
  BOOST_TEST(m.count() == 0);
  BOOST_TEST(!m.add(2));
  BOOST_TEST(m.count() == 2); // 0 + 2, not 5 + 2
  m.set_once();
  BOOST_TEST(m.count() == 0);
  BOOST_TEST(!m.add(4));
  BOOST_TEST(is(m, kind::count));
  BOOST_TEST(m.count() == 4);
  m.set_false();
  BOOST_TEST(m.count() == 0);
  BOOST_TEST(is(m, kind::passive));
}

BOOST_AUTO_TEST_SUITE_END()
