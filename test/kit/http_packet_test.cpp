// {packet, http*} seen from the owner through the test kit, over the
// simulated network and real loopback: expected HttpPackets written as C++
// values, and recv_http on a probe.

#include "kit/kit_support.hpp"

using namespace otpnet;
using namespace otpnet::testing;
using namespace otpnet::kit_test;

namespace {

net::http_request get(const std::string& path, net::http_version v) {
  net::http_request r;
  r.method = {"GET", true};
  r.uri.type = net::http_uri::kind::abs_path;
  r.uri.path = path;
  r.version = v;
  return r;
}

net::http_header header(int bit, const std::string& field,
                        const std::string& value) {
  return {bit, {field, bit != 0}, field, value};
}

} // namespace

BOOST_AUTO_TEST_SUITE(http_packet)

BOOST_FIXTURE_TEST_CASE_TEMPLATE(a_head_sent_byte_by_byte_decodes_whole, F,
                                 both_fixtures, F) {
  BOOST_TEST_MESSAGE("Ensure that a request head arriving byte by byte, a "
                     "folded header included, reaches an {active,true} "
                     "owner as one {http,S,HttpPacket} per line (" << F::kind
                     << ")");
  F& fx = *this;
  auto owner = fx.make_probe("owner");
  auto c = open_connection(fx, owner,
                           {inet::packet(net::packet_type::http),
                            inet::active(true)});
  c.peer.send_bytewise("GET /x HTTP/1.1\r\nHost: h\r\nX-Long: a\r\n b\r\n"
                       "\r\n");
  expect_messages(owner, {http(c.s, get("/x", {1, 1})),
                          http(c.s, header(14, "Host", "h")),
                          http(c.s, header(0, "X-Long", "a\r\n b")),
                          http(c.s, net::http_eoh{})});
  expect_no_more(owner);
}

BOOST_FIXTURE_TEST_CASE_TEMPLATE(recv_http_serves_a_passive_owner, F,
                                 both_fixtures, F) {
  BOOST_TEST_MESSAGE("Ensure that a passive owner gets each line from "
                     "recv_http, and the peer's close as closed (" << F::kind
                     << ")");
  F& fx = *this;
  auto owner = fx.make_probe("owner");
  auto c = open_connection(fx, owner,
                           {inet::packet(net::packet_type::http_bin),
                            inet::active(false)});
  c.peer.send("HTTP/1.1 204 No Content\r\nDate: today\r\n\r\n");
  auto status = owner.recv_http(c.s);
  BOOST_REQUIRE(status);
  net::http_response want{{1, 1}, 204, "No Content"};
  BOOST_TEST((std::get<net::http_response>(*status) == want));
  auto date = owner.recv_http(c.s);
  BOOST_REQUIRE(date);
  BOOST_TEST((std::get<net::http_header>(*date)
              == header(3, "Date", "today")));
  auto eoh = owner.recv_http(c.s);
  BOOST_REQUIRE(eoh);
  BOOST_TEST(std::holds_alternative<net::http_eoh>(*eoh));
  c.peer.close();
  auto end = owner.recv_http(c.s);
  BOOST_TEST((end.error() == errc::closed));
  expect_no_more(owner);
}

BOOST_AUTO_TEST_SUITE_END()
