// {packet, http | http_bin | httph | httph_bin} on real sockets: {http, S,
// HttpPacket} messages in every active mode, recv_http, a body read in raw
// mode between two requests, the line limit, and controlling_process
// carrying http messages. Expected sequences are what OTP 25's gen_tcp
// delivered for the same bytes over loopback.

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "support/loopback.hpp"

using namespace otpnet;
using namespace otpnet::test;

namespace {

const char* two_requests = "GET /a HTTP/1.1\r\nHost: x\r\n"
                           "Content-Length: 3\r\n\r\nabc"
                           "GET /b HTTP/1.0\r\n\r\n";

const char* first_head[] = {
  "{http_request,'GET',{abs_path,<<\"/a\">>},{1,1}}",
  "{http_header,14,'Host',<<\"Host\">>,<<\"x\">>}",
  "{http_header,38,'Content-Length',<<\"Content-Length\">>,<<\"3\">>}",
  "http_eoh",
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(http_packet_suite, loopback_fixture)

BOOST_AUTO_TEST_CASE(an_active_socket_sends_http_messages) {
  BOOST_TEST_MESSAGE("Ensure that {active,true} with {packet,http_bin} "
                     "delivers one {http,S,HttpPacket} per line, then "
                     "tcp_closed at the peer's close");
  auto ls = listen({inet::packet(net::packet_type::http_bin),
                    inet::active(true)});
  auto [s, peer] = accept_peer(ls);
  BOOST_REQUIRE(peer.write(two_requests));
  for (auto want : first_head) {
    auto m = expect<http_msg>();
    BOOST_TEST((m.socket == s));
    BOOST_TEST(net::to_string(m.packet) == want);
  }
  // Nothing switched to raw for the body: as in OTP, it runs into the next
  // request line.
  BOOST_TEST(net::to_string(expect<http_msg>().packet)
             == "{http_request,<<\"abcGET\">>,{abs_path,<<\"/b\">>},{1,0}}");
  BOOST_TEST(net::to_string(expect<http_msg>().packet) == "http_eoh");
  peer.close();
  expect<tcp_closed_msg>();
}

BOOST_AUTO_TEST_CASE(once_and_n_count_http_messages) {
  BOOST_TEST_MESSAGE("Ensure that {active,once} gives one http message per "
                     "re-arm and {active,2} two, then tcp_passive");
  auto ls = listen({inet::packet(net::packet_type::http), inet::active(2)});
  auto [s, peer] = accept_peer(ls);
  BOOST_REQUIRE(peer.write(two_requests));
  BOOST_TEST(net::to_string(expect<http_msg>().packet) == first_head[0]);
  BOOST_TEST(net::to_string(expect<http_msg>().packet) == first_head[1]);
  expect<tcp_passive_msg>();
  BOOST_TEST(mailbox_empty_after_sync(s));
  for (int i = 2; i < 4; ++i) {
    BOOST_REQUIRE(inet::setopts(self(), s, {inet::active(inet::once)}));
    BOOST_TEST(net::to_string(expect<http_msg>().packet) == first_head[i]);
    BOOST_TEST(mailbox_empty_after_sync(s));
  }
}

BOOST_AUTO_TEST_CASE(recv_http_then_a_raw_body_then_the_next_request) {
  BOOST_TEST_MESSAGE("Ensure that recv_http returns the head line by line, "
                     "the body is read with recv in raw mode, and recv_http "
                     "after switching back decodes the next request");
  auto ls = listen({inet::packet(net::packet_type::http_bin),
                    inet::active(false)});
  auto [s, peer] = accept_peer(ls);
  BOOST_REQUIRE(peer.write(two_requests));
  for (auto want : first_head) {
    auto p = gen_tcp::recv_http(self(), s, budget);
    BOOST_REQUIRE(p);
    BOOST_TEST(net::to_string(*p) == want);
  }
  BOOST_REQUIRE(inet::setopts(self(), s, {inet::packet(0)}));
  auto body = gen_tcp::recv(self(), s, 3, budget);
  BOOST_REQUIRE(body);
  BOOST_TEST(body->view() == "abc");
  BOOST_REQUIRE(
    inet::setopts(self(), s, {inet::packet(net::packet_type::http_bin)}));
  auto next = gen_tcp::recv_http(self(), s, budget);
  BOOST_REQUIRE(next);
  BOOST_TEST(net::to_string(*next)
             == "{http_request,'GET',{abs_path,<<\"/b\">>},{1,0}}");
  auto eoh = gen_tcp::recv_http(self(), s, budget);
  BOOST_REQUIRE(eoh);
  BOOST_TEST(std::holds_alternative<net::http_eoh>(*eoh));
  auto none = gen_tcp::recv_http(self(), s, std::chrono::milliseconds{0});
  BOOST_TEST((none.error() == errc::timeout));
}

BOOST_AUTO_TEST_CASE(recv_and_recv_http_each_want_their_packet_type) {
  BOOST_TEST_MESSAGE("Ensure that recv on an http socket and recv_http on "
                     "any other are einval and lose no data");
  auto ls = listen({inet::packet(net::packet_type::httph),
                    inet::active(false)});
  auto [s, peer] = accept_peer(ls);
  BOOST_REQUIRE(peer.write("Host: x\r\nraw"));
  auto r = gen_tcp::recv(self(), s, 0, budget);
  BOOST_TEST((r.error() == errc::einval));
  auto h = gen_tcp::recv_http(self(), s, budget);
  BOOST_REQUIRE(h);
  BOOST_TEST(net::to_string(*h) == "{http_header,14,'Host',<<\"Host\">>,"
                                   "<<\"x\">>}");
  BOOST_REQUIRE(inet::setopts(self(), s, {inet::packet(0)}));
  auto wrong = gen_tcp::recv_http(self(), s, budget);
  BOOST_TEST((wrong.error() == errc::einval));
  auto rest = gen_tcp::recv(self(), s, 3, budget);
  BOOST_REQUIRE(rest);
  BOOST_TEST(rest->view() == "raw");
}

BOOST_AUTO_TEST_CASE(a_waiting_recv_http_is_einval_if_the_type_changes) {
  BOOST_TEST_MESSAGE("Ensure that a recv_http waiting for a line answers "
                     "einval when another actor sets a byte packet type, and "
                     "the bytes stay for recv");
  auto ls = listen({inet::packet(net::packet_type::http_bin),
                    inet::active(false)});
  auto [s, peer] = accept_peer(ls);
  // One actor asks for both: the socket gets the recv_http first.
  auto me = caf::actor_cast<caf::actor>(self());
  sys().spawn(
    [](caf::event_based_actor* self, caf::actor me, otpnet::socket s) {
      gen_tcp::recv_http(self, s, budget)
        .then([=](caf::expected<net::http_packet> r) {
          self->send(me, r ? std::string{"packet"} : to_string(r.error()));
        });
      inet::setopts(self, s, {inet::packet(0)})
        .then([=](caf::expected<void> r) {
          self->send(me, r ? std::string{"setopts ok"} : to_string(r.error()));
        });
    },
    me, s);
  std::vector<std::string> got;
  for (int i = 0; i < 2; ++i)
    self()->receive([&](std::string& x) { got.push_back(x); },
                    caf::after(budget) >> [&] { got.push_back("timeout"); });
  BOOST_TEST(got.size() == 2u);
  BOOST_TEST((got[0] == to_string(make_error(errc::einval))
              || got[1] == to_string(make_error(errc::einval))));
  BOOST_TEST((got[0] == "setopts ok" || got[1] == "setopts ok"));
  BOOST_REQUIRE(peer.write("GET / HTTP/1.1\r\n"));
  auto raw = gen_tcp::recv(self(), s, 16, budget);
  BOOST_REQUIRE(raw);
  BOOST_TEST(raw->view() == "GET / HTTP/1.1\r\n");
}

BOOST_AUTO_TEST_CASE(a_line_over_packet_size_is_emsgsize_and_closes) {
  BOOST_TEST_MESSAGE("Ensure that a line longer than packet_size gives "
                     "tcp_error emsgsize and tcp_closed (recv_http: "
                     "emsgsize) and closes, as in OTP");
  const std::string line = "GET /aaaaaaaaaaaaaaa HTTP/1.1\r\n";
  {
    auto ls = listen({inet::packet(net::packet_type::http_bin),
                      inet::packet_size{10}, inet::active(true)});
    auto [s, peer] = accept_peer(ls);
    BOOST_REQUIRE(peer.write(line));
    BOOST_TEST((expect<tcp_error_msg>().reason == errc::emsgsize));
    expect<tcp_closed_msg>();
    BOOST_TEST(peer.read_eof());
  }
  {
    auto ls = listen({inet::packet(net::packet_type::http_bin),
                      inet::packet_size{10}, inet::active(false)});
    auto [s, peer] = accept_peer(ls);
    BOOST_REQUIRE(peer.write(line));
    auto r = gen_tcp::recv_http(self(), s, budget);
    BOOST_TEST((r.error() == errc::emsgsize));
    BOOST_TEST(peer.read_eof());
  }
}

BOOST_AUTO_TEST_CASE(controlling_process_moves_queued_http_messages) {
  BOOST_TEST_MESSAGE("Ensure that http messages the old owner had not "
                     "handled move to the new owner, in order, with the "
                     "ones that arrive later");
  auto ls = listen({inet::packet(net::packet_type::http_bin),
                    inet::active(true)});
  auto [s, peer] = accept_peer(ls);
  BOOST_REQUIRE(peer.write("GET /0 HTTP/1.1\r\n"));
  for (int i = 0; i < 20; ++i)
    BOOST_REQUIRE(peer.write("H" + std::to_string(i) + ": v\r\n"));
  auto me = caf::actor_cast<caf::actor>(self());
  auto b = sys().spawn(
    [](caf::event_based_actor*, caf::actor me) {
      return caf::behavior{[=](http_msg& m) {
        caf::anon_send(me, net::to_string(m.packet));
      }};
    },
    me);
  // The first message is ours: the others are in our mailbox, or on their
  // way, when the transfer starts.
  BOOST_TEST(net::to_string(expect<http_msg>().packet)
             == "{http_request,'GET',{abs_path,<<\"/0\">>},{1,1}}");
  BOOST_REQUIRE(gen_tcp::controlling_process(self(), s, b));
  BOOST_REQUIRE(peer.write("\r\n"));
  std::vector<std::string> got;
  for (int i = 0; i < 21; ++i)
    self()->receive([&](std::string& x) { got.push_back(x); },
                    caf::after(budget) >> [&] { got.push_back("timeout"); });
  for (int i = 0; i < 20; ++i) {
    auto f = "H" + std::to_string(i);
    BOOST_TEST(got[i] == "{http_header,0,<<\"" + f + "\">>,<<\"" + f
                           + "\">>,<<\"v\">>}");
  }
  BOOST_TEST(got[20] == "http_eoh");
  self()->send_exit(b, caf::exit_reason::user_shutdown);
}

BOOST_AUTO_TEST_SUITE_END()
