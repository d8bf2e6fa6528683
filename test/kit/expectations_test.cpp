// The kit's failure messages: what a user reads when an expectation fails.

#include "kit/kit_support.hpp"

using namespace otpnet;
using namespace otpnet::testing;

BOOST_AUTO_TEST_SUITE(expectations)

BOOST_AUTO_TEST_CASE(patterns_print_like_erlang_terms) {
  BOOST_TEST_MESSAGE("Ensure that expected messages print as Erlang terms with _ for what is left open");
  BOOST_TEST(tcp("abc").to_string() == "{tcp,_,\"abc\"}");
  BOOST_TEST(tcp_passive().to_string() == "{tcp_passive,_}");
  BOOST_TEST(tcp_error(errc::econnreset).to_string()
             == "{tcp_error,_,econnreset}");
  BOOST_TEST(inet_down(errc::closed).to_string()
             == "{'DOWN',_,port,_,closed}");
  BOOST_TEST(any_message().to_string() == "_");
}

BOOST_AUTO_TEST_CASE(patterns_match_what_they_say) {
  BOOST_TEST_MESSAGE("Ensure that a pattern matches on tag, data and reason and leaves the socket open unless given");
  recorded_message m{"tcp", 7, "abc", errc::ok, "{tcp,#Socket<7>,\"abc\"}", 7};
  BOOST_TEST(tcp("abc").matches(m));
  BOOST_TEST(!tcp("abd").matches(m));
  BOOST_TEST(!tcp_closed().matches(m));
  BOOST_TEST(any_message().matches(m));
  recorded_message e{"tcp_error", 7, "", errc::etimedout, "", 7};
  BOOST_TEST(tcp_error(errc::etimedout).matches(e));
  BOOST_TEST(!tcp_error(errc::econnreset).matches(e));
}

BOOST_AUTO_TEST_CASE(a_mismatch_shows_expected_and_arrived_in_order) {
  BOOST_TEST_MESSAGE("Ensure that a failed expect_messages lists both sequences, in order, and points at the first difference");
  std::vector<message_pattern> want{tcp("abc"), tcp_passive()};
  std::vector<recorded_message> got{
    {"tcp", 7, "abc", errc::ok, "{tcp,#Socket<7>,\"abc\"}", 7},
    {"tcp_closed", 7, "", errc::ok, "{tcp_closed,#Socket<7>}", 7}};
  auto text = describe_mismatch(want, got, 1);
  BOOST_TEST(text
             == "message 2 differs\n"
                "  expected, in order:\n"
                "      {tcp,_,\"abc\"}\n"
                "    > {tcp_passive,_}\n"
                "  arrived, in order:\n"
                "      {tcp,#Socket<7>,\"abc\"}\n"
                "    > {tcp_closed,#Socket<7>}");
}

BOOST_AUTO_TEST_CASE(bytes_print_readably) {
  BOOST_TEST_MESSAGE("Ensure that bytes in traces and messages show control bytes escaped and long data cut with its size");
  BOOST_TEST(printable(std::string{"\x00\x0ahi\"", 5}) == "\"\\x00\\x0ahi\\\"\"");
  BOOST_TEST(printable(std::string(60, 'a'), 4) == "\"aaaa\"...(60 bytes)");
}

BOOST_AUTO_TEST_SUITE_END()
