// {active, true | false | once | N} seen from the owner, written once and
// run over the simulated network and real loopback.

#include "kit/kit_support.hpp"

using namespace otpnet;
using namespace otpnet::testing;
using namespace otpnet::kit_test;

BOOST_AUTO_TEST_SUITE(active_mode)

BOOST_FIXTURE_TEST_CASE_TEMPLATE(active_true_delivers_every_packet_in_order,
                                 F, both_fixtures, F) {
  BOOST_TEST_MESSAGE("Ensure that {active,true} delivers each packet as {tcp,S,Data}, in order (" << F::kind << ")");
  F& fx = *this;
  auto owner = fx.make_probe("owner");
  auto c = open_connection(fx, owner, {inet::packet(2), inet::active(true)});
  c.peer.send(frame(2, "one") + frame(2, "two") + frame(2, "three"));
  expect_messages(owner, {tcp(c.s, "one"), tcp(c.s, "two"), tcp(c.s, "three")});
  expect_no_more(owner);
}

BOOST_FIXTURE_TEST_CASE_TEMPLATE(packets_split_anywhere_arrive_whole, F,
                                 both_fixtures, F) {
  BOOST_TEST_MESSAGE("Ensure that packets cut at any offset, or byte by byte, reach the owner whole (" << F::kind << ")");
  F& fx = *this;
  auto owner = fx.make_probe("owner");
  auto c = open_connection(fx, owner, {inet::packet(2), inet::active(true)});
  c.peer.send_split(frame(2, "hello") + frame(2, "world"), {1, 3, 8});
  c.peer.send_bytewise(frame(2, "bytes"));
  expect_messages(owner, {tcp("hello"), tcp("world"), tcp("bytes")});
  expect_no_more(owner);
}

BOOST_FIXTURE_TEST_CASE_TEMPLATE(active_once_delivers_one_then_is_silent, F,
                                 both_fixtures, F) {
  BOOST_TEST_MESSAGE("Ensure that {active,once} delivers one packet and turns passive without tcp_passive (" << F::kind << ")");
  F& fx = *this;
  auto owner = fx.make_probe("owner");
  auto c = open_connection(fx, owner,
                           {inet::packet(1), inet::active(inet::once)});
  c.peer.send(frame(1, "a") + frame(1, "b"));
  expect_messages(owner, {tcp("a")});
  expect_no_more(owner);
  auto opts = owner.getopts(c.s, {inet::option_name::active});
  BOOST_REQUIRE(opts);
  BOOST_TEST(inet::to_string(opts->front()) == "{active,false}");
  BOOST_REQUIRE(owner.setopts(c.s, {inet::active(inet::once)}));
  expect_messages(owner, {tcp("b")});
  expect_no_more(owner);
}

BOOST_FIXTURE_TEST_CASE_TEMPLATE(active_n_emits_tcp_passive_at_zero, F,
                                 both_fixtures, F) {
  BOOST_TEST_MESSAGE("Ensure that {active,N} delivers N packets, then {tcp_passive,S}, then nothing (" << F::kind << ")");
  F& fx = *this;
  auto owner = fx.make_probe("owner");
  auto c = open_connection(fx, owner, {inet::packet(2), inet::active(false)});
  std::string wire;
  for (auto body : {"1", "2", "3", "4", "5"})
    wire += frame(2, body);
  c.peer.send(wire);
  BOOST_REQUIRE(owner.setopts(c.s, {inet::active(3)}));
  expect_messages(owner,
                  {tcp("1"), tcp("2"), tcp("3"), tcp_passive(c.s)});
  expect_no_more(owner);
  // Passive again: the rest waits for recv.
  auto r = owner.recv(c.s, 0);
  BOOST_REQUIRE(r);
  BOOST_TEST(r->view() == "4");
}

BOOST_FIXTURE_TEST_CASE_TEMPLATE(closed_while_passive_is_reported_when_active,
                                 F, both_fixtures, F) {
  BOOST_TEST_MESSAGE("Ensure that a peer close seen while passive yields tcp_closed once the socket is active again (" << F::kind << ")");
  F& fx = *this;
  auto owner = fx.make_probe("owner");
  auto c = open_connection(fx, owner,
                           {inet::active(false), inet::exit_on_close(false)});
  c.peer.send("tail");
  c.peer.shutdown_write();
  auto r = owner.recv(c.s, 4);
  BOOST_REQUIRE(r);
  BOOST_TEST(r->view() == "tail");
  auto eof = owner.recv(c.s, 0);
  BOOST_REQUIRE(!eof);
  BOOST_TEST((eof.error() == errc::closed));
  expect_no_more(owner);
  BOOST_REQUIRE(owner.setopts(c.s, {inet::active(inet::once)}));
  expect_messages(owner, {tcp_closed(c.s)});
  expect_no_more(owner);
}

BOOST_FIXTURE_TEST_CASE_TEMPLATE(peer_close_in_active_mode_closes_after_data,
                                 F, both_fixtures, F) {
  BOOST_TEST_MESSAGE("Ensure that a peer FIN in active mode gives every byte, then tcp_closed, then the socket is gone (" << F::kind << ")");
  F& fx = *this;
  auto owner = fx.make_probe("owner");
  auto c = open_connection(fx, owner, {inet::active(true)});
  c.peer.send("last words");
  c.peer.close();
  expect_data(owner, "last words");
  expect_messages(owner, {tcp_closed(c.s)});
  auto r = owner.send(c.s, binary{"x"});
  BOOST_REQUIRE(!r);
  BOOST_TEST((r.error() == errc::closed));
  expect_no_more(owner);
}

BOOST_FIXTURE_TEST_CASE_TEMPLATE(peer_reset_is_tcp_error_with_show_econnreset,
                                 F, both_fixtures, F) {
  BOOST_TEST_MESSAGE("Ensure that an RST gives tcp_error econnreset then tcp_closed with show_econnreset, only tcp_closed without (" << F::kind << ")");
  F& fx = *this;
  auto owner = fx.make_probe("owner");
  auto quiet = open_connection(fx, owner, {inet::active(true)});
  quiet.peer.reset();
  expect_messages(owner, {tcp_closed(quiet.s)});
  auto loud = open_connection(fx, owner, {inet::active(true),
                                          inet::show_econnreset(true)});
  loud.peer.reset();
  expect_messages(owner, {tcp_error(loud.s, errc::econnreset),
                          tcp_closed(loud.s)});
  expect_no_more(owner);
}

BOOST_AUTO_TEST_SUITE_END()
