// inet::ancillary_data: the ordered {tos | ttl | tclass, Byte} list a UDP
// socket with a recv* option delivers, printed as the Erlang term.

#include <boost/test/unit_test.hpp>

#include "otpnet/inet/ancillary_data.hpp"

using namespace otpnet;
using inet::ancillary_data;
using inet::ancillary_kind;

BOOST_AUTO_TEST_SUITE(ancillary_data_suite)

BOOST_AUTO_TEST_CASE(keeps_the_kernels_order_and_prints_as_erlang) {
  BOOST_TEST_MESSAGE("Ensure that items keep the order they were added in "
                     "(Linux sends ttl before tos; OTP 25 shows "
                     "[{ttl,64},{tos,16}]), print as Erlang's list, and "
                     "that the empty list prints []");
  ancillary_data x;
  BOOST_TEST(x.empty());
  BOOST_TEST(inet::to_string(x) == "[]");
  x.set(ancillary_kind::ttl, 64);
  x.set(ancillary_kind::tos, 16);
  BOOST_TEST(inet::to_string(x) == "[{ttl,64},{tos,16}]");
  x.set(ancillary_kind::tclass, 255);
  BOOST_TEST(x.size() == 3u);
  BOOST_TEST(inet::to_string(x) == "[{ttl,64},{tos,16},{tclass,255}]");
  BOOST_TEST(*x.ttl() == 64);
  BOOST_TEST(*x.tos() == 16);
  BOOST_TEST(*x.tclass() == 255);
}

BOOST_AUTO_TEST_CASE(holds_each_key_once) {
  BOOST_TEST_MESSAGE("Ensure that setting a key again replaces its value "
                     "in place (a list never has two of one key, so three "
                     "items always fit), and that equality compares "
                     "order and values");
  ancillary_data x;
  x.set(ancillary_kind::tos, 1);
  x.set(ancillary_kind::tos, 2);
  BOOST_TEST(x.size() == 1u);
  BOOST_TEST(*x.tos() == 2);
  BOOST_TEST(!x.ttl().has_value());
  BOOST_TEST(!x.tclass().has_value());
  ancillary_data y;
  y.set(ancillary_kind::tos, 2);
  BOOST_TEST((x == y));
  y.set(ancillary_kind::ttl, 1);
  BOOST_TEST((x != y));
  ancillary_data z;
  z.set(ancillary_kind::ttl, 1);
  z.set(ancillary_kind::tos, 2);
  BOOST_TEST((y != z)); // same items, other order
  z.clear();
  BOOST_TEST(z.empty());
}

BOOST_AUTO_TEST_SUITE_END()
