// gen_tcp:controlling_process seen from both owners, over both fixtures.

#include "kit/kit_support.hpp"

using namespace otpnet;
using namespace otpnet::testing;
using namespace otpnet::kit_test;

BOOST_AUTO_TEST_SUITE(controlling_process)

BOOST_FIXTURE_TEST_CASE_TEMPLATE(only_the_owner_may_transfer, F,
                                 both_fixtures, F) {
  BOOST_TEST_MESSAGE("Ensure that controlling_process from another actor is not_owner and a dead new owner is badarg (" << F::kind << ")");
  F& fx = *this;
  auto owner = fx.make_probe("owner");
  auto other = fx.make_probe("other");
  auto dead = fx.make_probe("dead");
  auto c = open_connection(fx, owner, {inet::active(true)});
  auto r = other.controlling_process(c.s, other);
  BOOST_REQUIRE(!r);
  BOOST_TEST((r.error() == errc::not_owner));
  dead.kill();
  fx.run_until([&] { return !dead.alive(); });
  auto r2 = owner.controlling_process(c.s, dead);
  BOOST_REQUIRE(!r2);
  BOOST_TEST((r2.error() == errc::badarg));
  c.peer.send("still mine");
  expect_data(owner, "still mine");
  expect_no_more(other);
}

BOOST_FIXTURE_TEST_CASE_TEMPLATE(a_stream_moves_to_the_new_owner_losslessly,
                                 F, both_fixtures, F) {
  BOOST_TEST_MESSAGE("Ensure that under a continuous {active,true} stream the old owner's packets plus the new owner's are the stream, in order, once each (" << F::kind << ")");
  F& fx = *this;
  auto a = fx.make_probe("old owner");
  auto b = fx.make_probe("new owner");
  auto c = open_connection(fx, a, {inet::packet(2), inet::active(true)});
  std::string first, second;
  for (int i = 0; i < 40; ++i)
    first += frame(2, std::to_string(i));
  for (int i = 40; i < 80; ++i)
    second += frame(2, std::to_string(i));
  c.peer.send(first);
  auto moved = a.controlling_process_async(c.s, b);
  c.peer.send(second);
  BOOST_REQUIRE(moved.get());
  fx.run_until([&] {
    return a.packets_of(c.s).size() + b.packets_of(c.s).size() >= 80;
  });
  fx.run(); // a duplicate would come now
  auto all = a.packets_of(c.s);
  auto later = b.packets_of(c.s);
  BOOST_TEST_MESSAGE("old owner handled " << all.size() << ", new owner " << later.size());
  all.insert(all.end(), later.begin(), later.end());
  BOOST_REQUIRE_EQUAL(all.size(), 80u);
  for (int i = 0; i < 80; ++i)
    BOOST_TEST(all[size_t(i)] == std::to_string(i));
}

BOOST_FIXTURE_TEST_CASE_TEMPLATE(the_new_owner_gets_tcp_closed, F,
                                 both_fixtures, F) {
  BOOST_TEST_MESSAGE("Ensure that after a transfer the new owner, not the old one, gets tcp_closed and its death closes the socket (" << F::kind << ")");
  F& fx = *this;
  auto a = fx.make_probe("old owner");
  auto b = fx.make_probe("new owner");
  auto watcher = fx.make_probe("watcher");
  auto c = open_connection(fx, a, {inet::active(false)});
  BOOST_REQUIRE(a.controlling_process(c.s, b));
  watcher.monitor(c.s);
  BOOST_REQUIRE(b.setopts(c.s, {inet::active(true)}));
  c.peer.send("for b");
  expect_data(b, "for b");
  b.kill();
  expect_messages(watcher, {inet_down(c.s, errc::closed)});
  expect_peer_closed(c.peer);
  expect_no_more(a);
}

BOOST_AUTO_TEST_SUITE_END()
