// The runtime's resolver threads (runtime/src/blocking_pool.hpp): started
// only as jobs need them, and a pool that goes runs what is still queued
// before it joins. The bound itself is tested through the resolver
// (resolver_test.cpp: five gated jobs on two threads). Whether a thread
// that has just finished a job takes the next one or a new thread starts
// depends on timing (it counts as idle only once it waits again), so no
// test asserts it.

#include <chrono>
#include <future>
#include <memory>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "blocking_pool.hpp"

using otpnet::detail::blocking_pool;
using namespace std::chrono_literals;

namespace {

constexpr auto budget = 10s;

} // namespace

BOOST_AUTO_TEST_SUITE(blocking_pool_suite)

BOOST_AUTO_TEST_CASE(no_thread_before_the_first_job) {
  BOOST_TEST_MESSAGE("Ensure that a pool starts no thread until a job is "
                     "posted, and one for a lone job");
  blocking_pool pool{4};
  BOOST_TEST(pool.threads() == 0u);
  std::promise<void> done;
  pool.post([&] { done.set_value(); });
  BOOST_REQUIRE(done.get_future().wait_for(budget)
                == std::future_status::ready);
  BOOST_TEST(pool.threads() == 1u);
}

BOOST_AUTO_TEST_CASE(a_pool_that_goes_runs_its_queue_first) {
  BOOST_TEST_MESSAGE("Ensure that destroying a pool runs every job still "
                     "queued, in order, before joining its thread");
  std::vector<int> ran;
  std::promise<void> release;
  auto gate = release.get_future().share();
  {
    blocking_pool pool{1};
    pool.post([gate] { (void) gate.wait_for(budget); });
    for (int i = 0; i < 5; ++i)
      pool.post([&ran, i] { ran.push_back(i); });
    release.set_value();
  }
  BOOST_TEST(ran == (std::vector<int>{0, 1, 2, 3, 4}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(zero_threads_means_one) {
  BOOST_TEST_MESSAGE("Ensure that a pool configured with no threads still "
                     "runs its jobs, on one");
  blocking_pool pool{0};
  std::promise<void> done;
  pool.post([&] { done.set_value(); });
  BOOST_REQUIRE(done.get_future().wait_for(budget)
                == std::future_status::ready);
  BOOST_TEST(pool.threads() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
