// gen_tcp:controlling_process seen from both owners, over both fixtures.

#include "kit/kit_support.hpp"

using namespace otpnet;
using namespace otpnet::testing;
using namespace otpnet::kit_test;

namespace {

/// Sends frames 0..39, transfers the socket from `a` to `b` while frames
/// 40..79 follow, and returns what `a` and then `b` handled once at least
/// `total` packets arrived (any duplicate included).
template <class F>
std::vector<std::string> packets_across_transfer(F& fx, probe& a, probe& b,
                                                 connection<F>& c,
                                                 size_t total) {
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
    return a.packets_of(c.s).size() + b.packets_of(c.s).size() >= total;
  });
  fx.run(); // a duplicate would come now
  auto all = a.packets_of(c.s);
  auto later = b.packets_of(c.s);
  BOOST_TEST_MESSAGE("old owner handled " << all.size() << ", new owner " << later.size());
  all.insert(all.end(), later.begin(), later.end());
  return all;
}

} // namespace

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
  auto all = packets_across_transfer(fx, a, b, c, 80);
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

BOOST_FIXTURE_TEST_CASE_TEMPLATE(a_stream_moves_in_two_phases_once_delivered,
                                 F, both_fixtures, F) {
  BOOST_TEST_MESSAGE("Ensure that once the socket has delivered to its owner, a transfer under a continuous {active,true} stream drains: old plus new owner's packets are the stream, in order, once each (" << F::kind << ")");
  F& fx = *this;
  auto a = fx.make_probe("old owner");
  auto b = fx.make_probe("new owner");
  auto c = open_connection(fx, a, {inet::packet(2), inet::active(true)});
  c.peer.send(frame(2, "first"));
  expect_data(a, "first");
  auto all = packets_across_transfer(fx, a, b, c, 81);
  BOOST_REQUIRE_EQUAL(all.size(), 81u);
  BOOST_TEST(all[0] == "first");
  for (int i = 0; i < 80; ++i)
    BOOST_TEST(all[size_t(i) + 1] == std::to_string(i));
}

BOOST_FIXTURE_TEST_CASE_TEMPLATE(a_socket_that_delivered_nothing_moves_at_once,
                                 F, both_fixtures, F) {
  BOOST_TEST_MESSAGE("Ensure that an active socket that has sent its owner nothing moves in phase one: the new owner gets everything, the old owner's death no longer closes it, the new owner's does (" << F::kind << ")");
  F& fx = *this;
  auto a = fx.make_probe("old owner");
  auto b = fx.make_probe("new owner");
  auto c2 = fx.make_probe("third owner");
  auto conn = open_connection(fx, a, {inet::active(true)});
  BOOST_REQUIRE(a.controlling_process(conn.s, b));
  conn.peer.send("for b");
  expect_data(b, "for b");
  // The old owner is no longer monitored.
  a.kill();
  fx.run_until([&] { return !a.alive(); });
  conn.peer.send(" still open");
  expect_data(b, " still open");
  // b received data: its transfer is the two-phase one, and still works.
  BOOST_REQUIRE(b.controlling_process(conn.s, c2));
  conn.peer.send("for c");
  expect_data(c2, "for c");
  c2.kill();
  expect_peer_closed(conn.peer);
  expect_no_more(b);
}

BOOST_FIXTURE_TEST_CASE_TEMPLATE(one_way_transfers_chain, F, both_fixtures,
                                 F) {
  BOOST_TEST_MESSAGE("Ensure that a socket passed on twice before it delivers anything serves the last owner only (" << F::kind << ")");
  F& fx = *this;
  auto a = fx.make_probe("first");
  auto b = fx.make_probe("second");
  auto c2 = fx.make_probe("third");
  auto conn = open_connection(fx, a, {inet::active(false)});
  BOOST_REQUIRE(a.controlling_process(conn.s, b));
  // The old owner may no longer transfer it.
  auto r = a.controlling_process(conn.s, a);
  BOOST_REQUIRE(!r);
  BOOST_TEST((r.error() == errc::not_owner));
  BOOST_REQUIRE(b.controlling_process(conn.s, c2));
  BOOST_REQUIRE(c2.setopts(conn.s, {inet::active(true)}));
  conn.peer.send("for c");
  expect_data(c2, "for c");
  expect_no_more(a);
  expect_no_more(b);
}

BOOST_AUTO_TEST_SUITE_END()
