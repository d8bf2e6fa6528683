// An owner's death closes its sockets, over both fixtures.

#include "kit/kit_support.hpp"

using namespace otpnet;
using namespace otpnet::testing;
using namespace otpnet::kit_test;

BOOST_AUTO_TEST_SUITE(owner_death)

BOOST_FIXTURE_TEST_CASE_TEMPLATE(owner_death_closes_the_socket, F,
                                 both_fixtures, F) {
  BOOST_TEST_MESSAGE("Ensure that when the owner dies the socket closes: monitors get DOWN closed, the peer sees the close (" << F::kind << ")");
  F& fx = *this;
  auto owner = fx.make_probe("owner");
  auto watcher = fx.make_probe("watcher");
  auto c = open_connection(fx, owner, {inet::active(true)});
  watcher.monitor(c.s);
  c.peer.send("unread");
  owner.kill();
  expect_messages(watcher, {inet_down(c.s, errc::closed)});
  expect_peer_closed(c.peer);
  expect_no_more(watcher);
}

BOOST_FIXTURE_TEST_CASE_TEMPLATE(listen_owner_death_wakes_the_acceptors, F,
                                 both_fixtures, F) {
  BOOST_TEST_MESSAGE("Ensure that when a listen socket's owner dies, actors waiting in accept get closed (" << F::kind << ")");
  F& fx = *this;
  auto owner = fx.make_probe("owner");
  auto acceptor = fx.make_probe("acceptor");
  auto ls = owner.listen(0);
  BOOST_REQUIRE(ls);
  auto waiting = acceptor.accept_async(*ls);
  fx.run();
  BOOST_TEST(!waiting.done());
  owner.kill();
  BOOST_TEST(to_atom(waiting.reason()) == "closed");
}

BOOST_AUTO_TEST_SUITE_END()
