// gen_tcp:recv in passive mode: lengths, time-outs, errors.

#include <boost/test/unit_test.hpp>

#include "support/loopback.hpp"

using namespace otpnet;
using namespace otpnet::test;
using namespace std::chrono_literals;

BOOST_FIXTURE_TEST_SUITE(recv_suite, loopback_fixture)

BOOST_AUTO_TEST_CASE(recv_length_returns_exactly_that_many_bytes) {
  BOOST_TEST_MESSAGE("Ensure that recv(S, N) in raw mode returns exactly N bytes, across TCP segments");
  auto ls = listen({inet::active(false)});
  auto [s, peer] = accept_peer(ls);
  BOOST_REQUIRE(peer.write("hel"));
  auto r1 = gen_tcp::recv(self(), s, 5, 0ms);
  BOOST_TEST((!r1 && r1.error() == errc::timeout));
  BOOST_REQUIRE(peer.write("lo world"));
  auto a = gen_tcp::recv(self(), s, 5, budget);
  BOOST_REQUIRE(a);
  BOOST_TEST(a->view() == "hello");
  auto b = gen_tcp::recv(self(), s, 6, budget);
  BOOST_REQUIRE(b);
  BOOST_TEST(b->view() == " world");
}

BOOST_AUTO_TEST_CASE(recv_zero_returns_what_is_there) {
  BOOST_TEST_MESSAGE("Ensure that recv(S, 0) returns the available bytes");
  auto ls = listen({inet::active(false)});
  auto [s, peer] = accept_peer(ls);
  BOOST_REQUIRE(peer.write("abc"));
  std::string got;
  while (got.size() < 3) {
    auto r = gen_tcp::recv(self(), s, 0, budget);
    BOOST_REQUIRE(r);
    BOOST_TEST(!r->empty());
    got += r->to_string();
  }
  BOOST_TEST(got == "abc");
}

BOOST_AUTO_TEST_CASE(recv_timeout_loses_no_data) {
  BOOST_TEST_MESSAGE("Ensure that a timed-out recv returns timeout and the data that comes later is not lost");
  auto ls = listen({inet::active(false)});
  auto [s, peer] = accept_peer(ls);
  auto r = gen_tcp::recv(self(), s, 0, 10ms);
  BOOST_REQUIRE(!r);
  BOOST_TEST((r.error() == errc::timeout));
  BOOST_REQUIRE(peer.write("later"));
  auto r2 = gen_tcp::recv(self(), s, 5, budget);
  BOOST_REQUIRE(r2);
  BOOST_TEST(r2->view() == "later");
}

BOOST_AUTO_TEST_CASE(recv_in_active_mode_is_einval) {
  BOOST_TEST_MESSAGE("Ensure that recv on an active socket returns einval");
  auto ls = listen({inet::active(true)});
  auto [s, peer] = accept_peer(ls);
  auto r = gen_tcp::recv(self(), s, 0, 10ms);
  BOOST_REQUIRE(!r);
  BOOST_TEST((r.error() == errc::einval));
  BOOST_REQUIRE(inet::setopts(self(), s, {inet::active(inet::once)}));
  r = gen_tcp::recv(self(), s, 0, 10ms);
  BOOST_TEST((r.error() == errc::einval));
}

BOOST_AUTO_TEST_CASE(recv_length_with_a_packet_type_is_einval) {
  BOOST_TEST_MESSAGE("Ensure that a length is only meaningful in raw mode");
  auto ls = listen({inet::active(false), inet::packet(2)});
  auto [s, peer] = accept_peer(ls);
  auto r = gen_tcp::recv(self(), s, 4, 10ms);
  BOOST_TEST((r.error() == errc::einval));
}

BOOST_AUTO_TEST_CASE(recv_at_end_of_stream_is_closed) {
  BOOST_TEST_MESSAGE("Ensure that recv returns the data, then closed, after the peer closes");
  auto ls = listen({inet::active(false)});
  auto [s, peer] = accept_peer(ls);
  BOOST_REQUIRE(peer.write("xy"));
  peer.close();
  auto r = gen_tcp::recv(self(), s, 2, budget);
  BOOST_REQUIRE(r);
  BOOST_TEST(r->view() == "xy");
  auto e = gen_tcp::recv(self(), s, 0, budget);
  BOOST_REQUIRE(!e);
  BOOST_TEST((e.error() == errc::closed));
}

BOOST_AUTO_TEST_CASE(short_recv_at_end_of_stream_is_closed) {
  BOOST_TEST_MESSAGE("Ensure that recv(S, N) returns closed when the stream ends before N bytes");
  auto ls = listen({inet::active(false)});
  auto [s, peer] = accept_peer(ls);
  BOOST_REQUIRE(peer.write("abc"));
  peer.close();
  auto r = gen_tcp::recv(self(), s, 10, budget);
  BOOST_REQUIRE(!r);
  BOOST_TEST((r.error() == errc::closed));
}

BOOST_AUTO_TEST_CASE(recv_from_a_non_owner_works) {
  BOOST_TEST_MESSAGE("Ensure that any actor may recv on a passive socket");
  auto ls = listen({inet::active(false)});
  auto [s, peer] = accept_peer(ls);
  BOOST_REQUIRE(peer.write("zz"));
  caf::scoped_actor other{sys()};
  auto r = gen_tcp::recv(other, s, 2, budget);
  BOOST_REQUIRE(r);
  BOOST_TEST(r->view() == "zz");
}

BOOST_AUTO_TEST_SUITE_END()
