#include "otpnet/net/fifo.hpp"

#include <memory>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "support/allocation_probe.hpp"

using otpnet::net::fifo;

namespace {

std::vector<int> contents(const fifo<int>& q) {
  std::vector<int> out;
  q.for_each([&out](int x) { out.push_back(x); });
  return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(fifo_suite)

BOOST_AUTO_TEST_CASE(an_unused_fifo_allocates_nothing) {
  otpnet::test::allocation_probe probe;
  fifo<std::string> q;
  fifo<std::string> moved{std::move(q)};
  BOOST_TEST(moved.empty());
  BOOST_TEST(probe.largest() == 0u);
}

BOOST_AUTO_TEST_CASE(elements_leave_in_the_order_they_came) {
  fifo<int> q;
  for (int i = 0; i < 100; ++i)
    q.push_back(i);
  BOOST_TEST(q.size() == 100u);
  for (int i = 0; i < 100; ++i) {
    BOOST_TEST(q.front() == i);
    q.pop_front();
  }
  BOOST_TEST(q.empty());
}

BOOST_AUTO_TEST_CASE(order_survives_growth_while_the_ring_wraps) {
  fifo<int> q;
  int next_in = 0;
  int next_out = 0;
  // Keep the head moving so that growth happens with wrapped contents.
  for (int round = 0; round < 50; ++round) {
    for (int i = 0; i < 3; ++i)
      q.push_back(next_in++);
    for (int i = 0; i < 2; ++i) {
      BOOST_TEST(q.front() == next_out++);
      q.pop_front();
    }
  }
  while (!q.empty()) {
    BOOST_TEST(q.front() == next_out++);
    q.pop_front();
  }
  BOOST_TEST(next_out == next_in);
}

BOOST_AUTO_TEST_CASE(push_front_puts_an_element_before_the_others) {
  fifo<int> q;
  q.push_back(2);
  q.push_back(3);
  q.push_front(1);
  q.push_front(0);
  BOOST_TEST(contents(q) == (std::vector<int>{0, 1, 2, 3}));
  BOOST_TEST(q[2] == 2);
}

BOOST_AUTO_TEST_CASE(erase_keeps_the_order_of_the_rest) {
  fifo<int> q;
  q.push_back(9); // moves the head so that erase crosses the wrap
  q.pop_front();
  for (int i = 0; i < 4; ++i)
    q.push_back(i);
  q.erase(1);
  BOOST_TEST(contents(q) == (std::vector<int>{0, 2, 3}));
  q.erase(2);
  BOOST_TEST(contents(q) == (std::vector<int>{0, 2}));
  q.erase(0);
  q.erase(0);
  BOOST_TEST(q.empty());
  q.push_back(7);
  BOOST_TEST(contents(q) == (std::vector<int>{7}));
}

BOOST_AUTO_TEST_CASE(elements_are_destroyed_exactly_once) {
  auto token = std::make_shared<int>(0);
  {
    fifo<std::shared_ptr<int>> q;
    for (int i = 0; i < 10; ++i)
      q.push_back(token); // grows several times
    q.pop_front();
    q.erase(3);
    BOOST_TEST(token.use_count() == 9);
    fifo<std::shared_ptr<int>> other;
    other = std::move(q);
    BOOST_TEST(token.use_count() == 9);
    other.clear();
    BOOST_TEST(token.use_count() == 1);
    other.push_back(token);
  }
  BOOST_TEST(token.use_count() == 1);
}

BOOST_AUTO_TEST_CASE(a_used_fifo_reuses_its_ring) {
  fifo<int> q;
  q.push_back(1);
  q.pop_front();
  otpnet::test::allocation_probe probe;
  for (int i = 0; i < 1000; ++i) {
    q.push_back(i);
    q.pop_front();
  }
  BOOST_TEST(probe.largest() == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
