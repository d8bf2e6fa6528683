#include "otpnet/net/shared_options.hpp"

#include <boost/test/unit_test.hpp>

using otpnet::net::shared_options;
using otpnet::net::socket_options;

BOOST_AUTO_TEST_SUITE(shared_options_suite)

BOOST_AUTO_TEST_CASE(copies_share_one_record_until_one_is_set) {
  BOOST_TEST_MESSAGE("Ensure that copies of a shared_options read one "
                     "record (what an accepted socket takes from its "
                     "listen socket), that set() gives only the one it is "
                     "called on a new record, and that the others keep the "
                     "values they had");
  socket_options x;
  x.packet_size = 100;
  shared_options listen{x};
  auto a = listen;
  auto b = listen;
  BOOST_TEST(a.shares_with(listen));
  BOOST_TEST(b.shares_with(a));
  BOOST_TEST(a->packet_size == 100u);
  auto changed = *a;
  changed.packet_size = 7;
  a.set(changed);
  BOOST_TEST(!a.shares_with(listen));
  BOOST_TEST(b.shares_with(listen));
  BOOST_TEST(a->packet_size == 7u);
  BOOST_TEST(b->packet_size == 100u);
  BOOST_TEST(listen->packet_size == 100u);
}

BOOST_AUTO_TEST_CASE(defaults_are_one_record) {
  BOOST_TEST_MESSAGE("Ensure that default-made shared_options read the "
                     "spec's defaults from one record");
  shared_options x;
  shared_options y;
  BOOST_TEST(x.shares_with(y));
  BOOST_TEST((*x == socket_options{}));
}

BOOST_AUTO_TEST_SUITE_END()
