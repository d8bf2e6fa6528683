// {active, true | false | once | N} exactly as inet:setopts/2 describes.

#include <boost/test/unit_test.hpp>

#include "support/loopback.hpp"

using namespace otpnet;
using namespace otpnet::test;
using namespace std::chrono_literals;

BOOST_FIXTURE_TEST_SUITE(active_mode_suite, loopback_fixture)

BOOST_AUTO_TEST_CASE(active_true_delivers_every_packet_as_tcp_msg) {
  BOOST_TEST_MESSAGE("Ensure that {active,true} delivers each packet as {tcp,S,Data} in order");
  auto ls = listen({inet::packet(2), inet::active(true)});
  auto [s, peer] = accept_peer(ls);
  BOOST_REQUIRE(peer.write(frame(2, "one") + frame(2, "two") + frame(2, "three")));
  for (auto want : {"one", "two", "three"}) {
    auto m = expect<tcp_msg>();
    BOOST_TEST((m.socket == s));
    BOOST_TEST(m.data.view() == want);
  }
}

BOOST_AUTO_TEST_CASE(active_once_delivers_one_packet_then_is_passive_silently) {
  BOOST_TEST_MESSAGE("Ensure that {active,once} delivers one message and then turns passive without tcp_passive");
  auto ls = listen({inet::packet(1), inet::active(inet::once)});
  auto [s, peer] = accept_peer(ls);
  BOOST_REQUIRE(peer.write(frame(1, "a") + frame(1, "b")));
  BOOST_TEST(expect<tcp_msg>().data.view() == "a");
  BOOST_TEST(mailbox_empty_after_sync(s));
  auto opts = inet::getopts(self(), s, {inet::option_name::active});
  BOOST_REQUIRE(opts);
  BOOST_TEST(inet::to_string(opts->front()) == "{active,false}");
  BOOST_REQUIRE(inet::setopts(self(), s, {inet::active(inet::once)}));
  BOOST_TEST(expect<tcp_msg>().data.view() == "b");
}

BOOST_AUTO_TEST_CASE(active_n_emits_tcp_passive_at_zero) {
  BOOST_TEST_MESSAGE("Ensure that {active,N} delivers N messages, then {tcp_passive,S}, then nothing");
  auto ls = listen({inet::packet(2), inet::active(false)});
  auto [s, peer] = accept_peer(ls);
  BOOST_REQUIRE(peer.write(frame(2, "1") + frame(2, "2") + frame(2, "3")
                           + frame(2, "4") + frame(2, "5")));
  BOOST_REQUIRE(inet::setopts(self(), s, {inet::active(3)}));
  BOOST_TEST(expect<tcp_msg>().data.view() == "1");
  BOOST_TEST(expect<tcp_msg>().data.view() == "2");
  BOOST_TEST(expect<tcp_msg>().data.view() == "3");
  BOOST_TEST((expect<tcp_passive_msg>().socket == s));
  BOOST_TEST(mailbox_empty_after_sync(s));
  // In passive mode the rest is there for recv.
  auto r = gen_tcp::recv(self(), s, 0, budget);
  BOOST_REQUIRE(r);
  BOOST_TEST(r->view() == "4");
}

BOOST_AUTO_TEST_CASE(active_n_values_add_up) {
  BOOST_TEST_MESSAGE("Ensure that successive {active,N} values are added to the counter");
  auto ls = listen({inet::packet(2), inet::active(false)});
  auto [s, peer] = accept_peer(ls);
  BOOST_REQUIRE(inet::setopts(self(), s, {inet::active(2)}));
  BOOST_REQUIRE(inet::setopts(self(), s, {inet::active(3)}));
  auto opts = inet::getopts(self(), s, {inet::option_name::active});
  BOOST_REQUIRE(opts);
  BOOST_TEST(inet::to_string(opts->front()) == "{active,5}");
  std::string all;
  for (int i = 0; i < 6; ++i)
    all += frame(2, std::to_string(i));
  BOOST_REQUIRE(peer.write(all));
  for (int i = 0; i < 5; ++i)
    BOOST_TEST(expect<tcp_msg>().data.view() == std::to_string(i));
  expect<tcp_passive_msg>();
}

BOOST_AUTO_TEST_CASE(negative_active_n_clamps_to_zero_and_notifies) {
  BOOST_TEST_MESSAGE("Ensure that a negative N whose magnitude reaches the count sets it to 0 and sends tcp_passive");
  auto ls = listen({inet::active(false)});
  auto [s, peer] = accept_peer(ls);
  BOOST_REQUIRE(inet::setopts(self(), s, {inet::active(4)}));
  BOOST_REQUIRE(inet::setopts(self(), s, {inet::active(-10)}));
  BOOST_TEST((expect<tcp_passive_msg>().socket == s));
  auto opts = inet::getopts(self(), s, {inet::option_name::active});
  BOOST_REQUIRE(opts);
  BOOST_TEST(inet::to_string(opts->front()) == "{active,false}");
}

BOOST_AUTO_TEST_CASE(active_n_out_of_range_is_einval) {
  BOOST_TEST_MESSAGE("Ensure that {active,N} outside -32768..32767 is einval and changes nothing");
  auto ls = listen({inet::active(false)});
  auto [s, peer] = accept_peer(ls);
  auto r = inet::setopts(self(), s, {inet::active(32768)});
  BOOST_REQUIRE(!r);
  BOOST_TEST((r.error() == errc::einval));
  auto opts = inet::getopts(self(), s, {inet::option_name::active});
  BOOST_REQUIRE(opts);
  BOOST_TEST(inet::to_string(opts->front()) == "{active,false}");
}

BOOST_AUTO_TEST_CASE(active_n_counter_overflow_is_einval) {
  BOOST_TEST_MESSAGE("Ensure that adding to an {active,N} counter beyond 32767 is einval and keeps the count");
  auto ls = listen({inet::active(false)});
  auto [s, peer] = accept_peer(ls);
  BOOST_REQUIRE(inet::setopts(self(), s, {inet::active(32767)}));
  auto r = inet::setopts(self(), s, {inet::active(1)});
  BOOST_TEST((r.error() == errc::einval));
  auto r2 = inet::setopts(self(), s, {inet::nodelay{true}, inet::active(1)});
  BOOST_TEST((r2.error() == errc::einval));
  auto opts = inet::getopts(self(), s, {inet::option_name::active, inet::option_name::nodelay});
  BOOST_REQUIRE(opts);
  BOOST_TEST(inet::to_string((*opts)[0]) + inet::to_string((*opts)[1])
             == "{active,32767}{nodelay,false}");
}

BOOST_AUTO_TEST_CASE(closed_while_passive_is_reported_when_active_again) {
  BOOST_TEST_MESSAGE("Ensure that a peer close detected in passive mode yields tcp_closed once the socket is active again");
  auto ls = listen({inet::active(false), inet::exit_on_close{false}});
  auto [s, peer] = accept_peer(ls);
  BOOST_REQUIRE(peer.write("tail"));
  peer.shutdown_write();
  auto r = gen_tcp::recv(self(), s, 4, budget);
  BOOST_REQUIRE(r);
  BOOST_TEST(r->view() == "tail");
  auto eof = gen_tcp::recv(self(), s, 0, budget);
  BOOST_REQUIRE(!eof);
  BOOST_TEST((eof.error() == errc::closed));
  BOOST_TEST(mailbox_empty_after_sync(s));
  BOOST_REQUIRE(inet::setopts(self(), s, {inet::active(inet::once)}));
  BOOST_TEST((expect<tcp_closed_msg>().socket == s));
}

BOOST_AUTO_TEST_CASE(peer_close_in_active_mode_is_tcp_closed_and_closes) {
  BOOST_TEST_MESSAGE("Ensure that a peer FIN in active mode gives tcp_closed after all data, then the socket is gone");
  auto ls = listen({inet::active(true)});
  auto [s, peer] = accept_peer(ls);
  BOOST_REQUIRE(peer.write("last words"));
  peer.close();
  BOOST_TEST(expect_bytes(10) == "last words");
  BOOST_TEST((expect<tcp_closed_msg>().socket == s));
  auto r = gen_tcp::send(self(), s, binary{"x"});
  BOOST_TEST((r.error() == errc::closed));
}

BOOST_AUTO_TEST_CASE(a_send_right_after_tcp_closed_is_always_closed) {
  BOOST_TEST_MESSAGE("Ensure that a send made as soon as tcp_closed arrives (exit_on_close) fails with closed, also when it races with the socket's last turn; repeated to meet the race");
  auto ls = listen({inet::active(true)});
  for (int i = 0; i < 200; ++i) {
    auto [s, peer] = accept_peer(ls);
    peer.close();
    BOOST_REQUIRE((expect<tcp_closed_msg>().socket == s));
    auto r = gen_tcp::send(self(), s, binary{"x"});
    BOOST_REQUIRE_MESSAGE(!r, "send succeeded after tcp_closed, round " << i);
    BOOST_TEST((r.error() == errc::closed));
  }
}

BOOST_AUTO_TEST_CASE(exit_on_close_false_keeps_the_socket_for_sending) {
  BOOST_TEST_MESSAGE("Ensure that with {exit_on_close,false} the owner gets tcp_closed and may still send");
  auto ls = listen({inet::active(true), inet::exit_on_close{false}});
  auto [s, peer] = accept_peer(ls);
  peer.shutdown_write();
  expect<tcp_closed_msg>();
  BOOST_REQUIRE(gen_tcp::send(self(), s, binary{"after fin"}));
  BOOST_TEST(peer.read_exact(9).value_or("") == "after fin");
  BOOST_REQUIRE(gen_tcp::close(self(), s));
  BOOST_TEST(peer.read_eof());
}

BOOST_AUTO_TEST_CASE(peer_reset_is_a_close_unless_show_econnreset) {
  BOOST_TEST_MESSAGE("Ensure that an RST is tcp_closed by default and tcp_error econnreset + tcp_closed with show_econnreset");
  {
    auto ls = listen({inet::active(true)});
    auto [s, peer] = accept_peer(ls);
    peer.reset();
    expect<tcp_closed_msg>();
  }
  {
    auto ls = listen({inet::active(true), inet::show_econnreset{true}});
    auto [s, peer] = accept_peer(ls);
    peer.reset();
    auto e = expect<tcp_error_msg>();
    BOOST_TEST((e.reason == errc::econnreset));
    expect<tcp_closed_msg>();
  }
}

BOOST_AUTO_TEST_SUITE_END()
