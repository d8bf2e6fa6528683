// Blanks around line-based requests (otpnet/net/trim.hpp).

#include <boost/test/unit_test.hpp>

#include <otpnet/net/trim.hpp>

using otpnet::net::is_blank;
using otpnet::net::trim;

BOOST_AUTO_TEST_SUITE(trim_suite)

BOOST_AUTO_TEST_CASE(trim_drops_blanks_at_both_ends_only) {
  BOOST_TEST_MESSAGE("Ensure that trim removes spaces, tabs, CRs and LFs before and after the text and keeps those inside");
  BOOST_TEST(trim(" \t i tcp [port] \r\n") == "i tcp [port]");
  BOOST_TEST(trim("info <0.1.2>") == "info <0.1.2>");
  BOOST_TEST(trim("a \t b") == "a \t b");
  BOOST_TEST(trim(" \r\n\t ").empty());
  BOOST_TEST(trim("").empty());
}

BOOST_AUTO_TEST_CASE(only_four_characters_are_blanks) {
  BOOST_TEST_MESSAGE("Ensure that space, tab, CR and LF are blanks and that other control characters (vertical tab, form feed, NUL) are kept as text");
  for (char c : {' ', '\t', '\r', '\n'})
    BOOST_TEST(is_blank(c), int(c));
  for (char c : {'\v', '\f', '\0', 'x', '\x7f'})
    BOOST_TEST(!is_blank(c), int(c));
  BOOST_TEST(trim(std::string_view{"\v x \f", 5}) == "\v x \f");
}

BOOST_AUTO_TEST_SUITE_END()
