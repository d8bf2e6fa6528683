// Values as Erlang terms (otpnet/inet/terms.hpp), checked against what
// OTP 25's shell prints for the same values.

#include <boost/test/unit_test.hpp>

#include <otpnet/inet/terms.hpp>

using otpnet::errc;
using namespace otpnet::inet;

BOOST_AUTO_TEST_SUITE(terms_suite)

BOOST_AUTO_TEST_CASE(addresses_strings_and_errors_print_as_erlang_terms) {
  BOOST_TEST_MESSAGE("Ensure that addresses print as decimal tuples, strings "
                     "as escaped Erlang strings and errors as {error,R}");
  BOOST_TEST(to_term(ip_address::loopback_v4()) == "{127,0,0,1}");
  BOOST_TEST(to_term(ip_address::loopback_v6()) == "{0,0,0,0,0,0,0,1}");
  ip6_address a;
  a.groups = {0xfe80, 0, 0, 0, 0, 0, 0, 0xffff};
  BOOST_TEST(to_term(a) == "{65152,0,0,0,0,0,0,65535}");
  BOOST_TEST(string_term("::1") == "\"::1\"");
  BOOST_TEST(string_term("a\"b\\c\n") == "\"a\\\"b\\\\c\\n\"");
  BOOST_TEST(string_term(std::string_view{"\x01", 1}) == "\"\\x01\"");
  BOOST_TEST(error_term(errc::nxdomain) == "{error,nxdomain}");
  BOOST_TEST(error_term(errc::einval) == "{error,einval}");
}

BOOST_AUTO_TEST_SUITE_END()
