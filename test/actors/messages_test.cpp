// The socket messages print as the Erlang terms they stand for (their CAF
// type names are the Erlang tags), which is what a user sees in CAF's
// logs and in a test failure.

#include <boost/test/unit_test.hpp>

#include <caf/message.hpp>

#include "support/loopback.hpp"

using namespace otpnet;
using namespace otpnet::test;

BOOST_FIXTURE_TEST_SUITE(messages_suite, loopback_fixture)

BOOST_AUTO_TEST_CASE(socket_messages_print_as_erlang_terms) {
  BOOST_TEST_MESSAGE("Ensure that tcp and http messages print their tag, "
                     "data and decoded packet");
  auto ls = listen();
  auto tcp = caf::to_string(caf::make_message(tcp_msg{ls, binary{"abc"}}));
  BOOST_TEST_MESSAGE(tcp);
  BOOST_TEST(tcp.find("tcp(") != std::string::npos);
  BOOST_TEST(tcp.find("\"abc\"") != std::string::npos);
  net::http_request req;
  req.method = {"GET", true};
  req.uri.type = net::http_uri::kind::abs_path;
  req.uri.path = "/x";
  req.version = {1, 1};
  auto http = caf::to_string(caf::make_message(http_msg{ls, req}));
  BOOST_TEST_MESSAGE(http);
  BOOST_TEST(http.find("http(") != std::string::npos);
  BOOST_TEST(http.find("{http_request,'GET',{abs_path,<<\"/x\">>},{1,1}}")
             != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
