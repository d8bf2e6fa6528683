// inet::ancillary_data: the ordered {tos | ttl | tclass, Byte} list a UDP
// socket with a recv* option delivers, printed as the Erlang term; and
// normalize_ancillary, which checks the list gen_udp's send takes.

#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "otpnet/inet/ancillary_data.hpp"

using namespace otpnet;
using inet::ancillary_data;
using inet::ancillary_kind;
using inet::normalize_ancillary;

namespace {

/// The normalised list as text, or "einval".
std::string normalized(std::vector<inet::ancillary_option> list) {
  auto x = normalize_ancillary(list);
  return x ? inet::to_string(*x) : std::string{to_atom(x.error())};
}

constexpr auto tos = ancillary_kind::tos;
constexpr auto ttl = ancillary_kind::ttl;
constexpr auto tclass = ancillary_kind::tclass;

} // namespace

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

BOOST_AUTO_TEST_CASE(send_lists_are_checked_and_the_first_value_stays) {
  BOOST_TEST_MESSAGE("Ensure that normalize_ancillary accepts tos and "
                     "tclass 0..255 and ttl 1..255, whatever the socket's "
                     "family, refuses anything else with einval (also in a "
                     "later duplicate), keeps the list's order and, of two "
                     "values with one key, the first, as OTP 25's send/5 "
                     "does");
  BOOST_TEST(normalized({}) == "[]");
  BOOST_TEST(normalized({{tos, 16}}) == "[{tos,16}]");
  BOOST_TEST(normalized({{ttl, 5}, {tos, 8}}) == "[{ttl,5},{tos,8}]");
  BOOST_TEST(normalized({{tos, 0}, {ttl, 1}, {tclass, 0}})
             == "[{tos,0},{ttl,1},{tclass,0}]");
  BOOST_TEST(normalized({{tos, 255}, {ttl, 255}, {tclass, 255}})
             == "[{tos,255},{ttl,255},{tclass,255}]");
  BOOST_TEST(normalized({{tos, 1}, {tos, 2}}) == "[{tos,1}]");
  BOOST_TEST(normalized({{ttl, 9}, {tos, 4}, {ttl, 10}})
             == "[{ttl,9},{tos,4}]");
  BOOST_TEST(normalized({{tos, 256}}) == "einval");
  BOOST_TEST(normalized({{tos, -1}}) == "einval");
  BOOST_TEST(normalized({{ttl, 0}}) == "einval");
  BOOST_TEST(normalized({{ttl, 256}}) == "einval");
  BOOST_TEST(normalized({{tclass, 256}}) == "einval");
  BOOST_TEST(normalized({{tclass, -1}}) == "einval");
  BOOST_TEST(normalized({{tos, 4294967312}}) == "einval"); // not cut to 16
  BOOST_TEST(normalized({{ttl, 5}, {ttl, 0}}) == "einval");
  BOOST_TEST(normalized({{tos, 1}, {tos, 256}}) == "einval");
}

BOOST_AUTO_TEST_SUITE_END()
