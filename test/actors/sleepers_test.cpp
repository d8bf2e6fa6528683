// The run queue's sleeper accounting (runtime/src/sleepers.hpp): one
// notify per sleeper until it is back, never none for a sleeper without
// one on its way.

#include <boost/test/unit_test.hpp>

#include "sleepers.hpp"

using otpnet::detail::sleepers;

BOOST_AUTO_TEST_SUITE(sleepers_suite)

BOOST_AUTO_TEST_CASE(no_sleeper_is_notified_twice_before_it_is_back) {
  sleepers s;
  BOOST_CHECK(!s.notify()); // nobody asleep
  s.sleeping();
  BOOST_CHECK(s.notify());
  for (int i = 0; i < 100; ++i)
    BOOST_CHECK(!s.notify()); // the pushes while it gets a core
  s.back();
  BOOST_CHECK_EQUAL(s.asleep(), 0u);
  BOOST_CHECK(!s.notify());
  s.sleeping(); // the next sleep is a new one
  BOOST_CHECK(s.notify());
}

BOOST_AUTO_TEST_CASE(each_sleeper_gets_its_own_notify) {
  sleepers s;
  s.sleeping();
  s.sleeping();
  BOOST_CHECK(s.notify());
  BOOST_CHECK(s.notify());
  BOOST_CHECK(!s.notify());
  s.back();
  s.back();
  BOOST_CHECK(!s.notify());
}

// Two asleep, one notified; the other times out and is back first. The
// notified one is still counted asleep, and as no notify is left on its
// way for it by the counts, the next push notifies again: an extra
// system call at worst, never a sleeper left without a notify.
BOOST_AUTO_TEST_CASE(a_sleeper_timing_out_never_leaves_another_unnotified) {
  sleepers s;
  s.sleeping();
  s.sleeping();
  BOOST_CHECK(s.notify());
  s.back(); // the one that timed out
  BOOST_CHECK_EQUAL(s.asleep(), 1u);
  BOOST_CHECK(s.notify());
  s.back();
  BOOST_CHECK(!s.notify());
}

// A sleeper back before any notify (timed out) uses up nothing: the one
// still asleep gets the next push's notify.
BOOST_AUTO_TEST_CASE(a_timeout_without_a_pending_notify_takes_none) {
  sleepers s;
  s.sleeping();
  s.sleeping();
  s.back();
  BOOST_CHECK(s.notify());
  BOOST_CHECK(!s.notify());
}

BOOST_AUTO_TEST_SUITE_END()
