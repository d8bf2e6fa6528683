#include <boost/test/unit_test.hpp>

#include <cstddef>
#include <limits>

#include "otpnet/net/watermarks.hpp"

using otpnet::net::watermarks;

BOOST_AUTO_TEST_SUITE(watermarks_suite)

BOOST_AUTO_TEST_CASE(high_watermark_makes_the_socket_busy) {
  BOOST_TEST_MESSAGE("Ensure that the queue turns busy exactly when it "
                     "reaches high_watermark, and reports it once");
  watermarks wm{4096, 8192}; // the spec's defaults
  BOOST_TEST(!wm.add(8191));
  BOOST_TEST(!wm.busy());
  BOOST_TEST(wm.add(1));
  BOOST_TEST(wm.busy());
  BOOST_TEST(!wm.add(100)); // already busy: no second event
  BOOST_TEST(wm.queued() == 8292u);
}

BOOST_AUTO_TEST_CASE(low_watermark_resumes_senders_below_it) {
  BOOST_TEST_MESSAGE("Ensure that a busy queue stays busy down to "
                     "low_watermark and is released once below it");
  watermarks wm{4, 8};
  BOOST_TEST(wm.add(10));
  BOOST_TEST(!wm.drain(6)); // 4 left: not below low
  BOOST_TEST(wm.busy());
  BOOST_TEST(wm.drain(1));  // 3 left
  BOOST_TEST(!wm.busy());
  BOOST_TEST(!wm.drain(1)); // already ready: no second event
}

BOOST_AUTO_TEST_CASE(watermarks_have_hysteresis) {
  BOOST_TEST_MESSAGE("Ensure that between low and high the state depends "
                     "on the direction the queue came from");
  watermarks wm{4, 8};
  wm.add(6);
  BOOST_TEST(!wm.busy()); // rising, below high
  wm.add(2);
  BOOST_TEST(wm.busy());
  wm.drain(2);
  BOOST_TEST(wm.busy()); // falling, above low: still busy at 6
}

BOOST_AUTO_TEST_CASE(empty_queue_is_never_busy) {
  BOOST_TEST_MESSAGE("Ensure that low_watermark 0 cannot suspend senders "
                     "forever: an emptied queue is not busy");
  watermarks wm{0, 0};
  BOOST_TEST(!wm.add(0));
  BOOST_TEST(!wm.busy());
  BOOST_TEST(wm.add(1));
  BOOST_TEST(wm.drain(1));
  BOOST_TEST(!wm.busy());
}

BOOST_AUTO_TEST_CASE(drain_clamps_and_add_saturates) {
  BOOST_TEST_MESSAGE("Ensure that bad counts never wrap: drain clamps at 0 "
                     "and add saturates");
  watermarks wm{4, 8};
  wm.add(3);
  wm.drain(100);
  BOOST_TEST(wm.queued() == 0u);
  wm.add(std::numeric_limits<std::size_t>::max());
  wm.add(5);
  BOOST_TEST(wm.queued() == std::numeric_limits<std::size_t>::max());
  BOOST_TEST(wm.busy());
}

BOOST_AUTO_TEST_CASE(high_watermark_below_low_lowers_low) {
  BOOST_TEST_MESSAGE("Ensure that, like inet_drv, setting high below low "
                     "pulls low down, and setting low above high raises "
                     "high");
  watermarks wm{4, 8};
  wm.set_high(2);
  BOOST_TEST(wm.high() == 2u);
  BOOST_TEST(wm.low() == 2u);
  wm.set_low(20);
  BOOST_TEST(wm.low() == 20u);
  BOOST_TEST(wm.high() == 20u);
  wm.set(10, 5); // both at once: high wins
  BOOST_TEST(wm.low() == 5u);
  BOOST_TEST(wm.high() == 5u);
  watermarks inverted{10, 5};
  BOOST_TEST(inverted.low() == 5u);
  BOOST_TEST(inverted.high() == 5u);
  wm.set(1, 3);
  BOOST_TEST(wm.low() == 1u);
  BOOST_TEST(wm.high() == 3u);
}

BOOST_AUTO_TEST_CASE(setopts_watermarks_apply_at_the_next_queue_change) {
  BOOST_TEST_MESSAGE("Ensure that new watermarks keep the busy state until "
                     "re-evaluated, and drain(0) re-evaluates");
  watermarks wm{4, 8};
  wm.add(8);
  BOOST_TEST(wm.busy());
  wm.set(16, 32);
  BOOST_TEST(wm.busy());
  BOOST_TEST(wm.drain(0)); // 8 < 16: released
  BOOST_TEST(!wm.busy());
  wm.set(1, 2);
  BOOST_TEST(!wm.busy());
  BOOST_TEST(wm.add(0)); // 8 >= 2: busy
}

BOOST_AUTO_TEST_SUITE_END()
