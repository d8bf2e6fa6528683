// The owner's death closes the socket; inet:monitor / cancel_monitor.

#include <boost/test/unit_test.hpp>

#include "support/loopback.hpp"

using namespace otpnet;
using namespace otpnet::test;
using namespace std::chrono_literals;

BOOST_FIXTURE_TEST_SUITE(owner_monitor_suite, loopback_fixture)

BOOST_AUTO_TEST_CASE(owner_death_closes_the_socket) {
  BOOST_TEST_MESSAGE("Ensure that the socket closes when its controlling actor terminates, and monitors see it");
  auto ls = listen();
  auto me = caf::actor_cast<caf::actor>(self());
  auto owner = sys().spawn([](caf::event_based_actor* self, caf::actor me, otpnet::socket ls) {
    gen_tcp::accept(self, ls, budget).await([=](caf::expected<otpnet::socket> s) {
      self->send(me, s ? *s : otpnet::socket{});
    });
    return caf::behavior{[](int) {}};
  }, me, ls);
  auto peer = raw_peer::connect(port_of(ls));
  BOOST_REQUIRE(peer);
  auto s = expect<otpnet::socket>();
  BOOST_REQUIRE(static_cast<bool>(s));
  auto ref = inet::monitor(self(), s);
  self()->send_exit(owner, caf::exit_reason::kill);
  BOOST_TEST(peer->read_eof());
  auto down = expect<inet_down_msg>();
  BOOST_TEST((down.ref == ref));
  BOOST_TEST((down.socket == s));
  BOOST_TEST((down.info == errc::closed));
}

BOOST_AUTO_TEST_CASE(monitor_fires_on_peer_close) {
  BOOST_TEST_MESSAGE("Ensure that a monitor fires when the peer closes the socket");
  auto ls = listen({inet::active(true)});
  auto [s, peer] = accept_peer(ls);
  auto ref = inet::monitor(self(), s);
  peer.close();
  expect<tcp_closed_msg>();
  auto down = expect<inet_down_msg>();
  BOOST_TEST((down.ref == ref));
}

BOOST_AUTO_TEST_CASE(each_monitor_call_makes_a_monitor_and_cancel_removes_one) {
  BOOST_TEST_MESSAGE("Ensure that two monitors give two references and a cancelled one never fires");
  auto ls = listen();
  auto [s, peer] = accept_peer(ls);
  auto m1 = inet::monitor(self(), s);
  auto m2 = inet::monitor(self(), s);
  BOOST_TEST((m1 != m2));
  BOOST_TEST(inet::cancel_monitor(self(), m1));
  BOOST_TEST(!inet::cancel_monitor(self(), m1));
  BOOST_REQUIRE(gen_tcp::close(self(), s));
  auto down = expect<inet_down_msg>();
  BOOST_TEST((down.ref == m2));
  // Both would have been sent together: m1's is not there.
  BOOST_TEST(self()->mailbox().empty());
  BOOST_TEST(!inet::cancel_monitor(self(), m2));
}

BOOST_AUTO_TEST_CASE(monitor_of_a_closed_socket_is_nosock) {
  BOOST_TEST_MESSAGE("Ensure that monitoring a socket that no longer exists gives DOWN with nosock at once");
  auto ls = listen();
  BOOST_REQUIRE(gen_tcp::close(self(), ls));
  auto ref = inet::monitor(self(), ls);
  auto down = expect<inet_down_msg>();
  BOOST_TEST((down.ref == ref));
  BOOST_TEST((down.info == errc::nosock));
}

BOOST_AUTO_TEST_CASE(runtime_shutdown_closes_every_socket) {
  BOOST_TEST_MESSAGE("Ensure that close_all_sockets closes listen and connected sockets");
  auto ls = listen();
  auto [s, peer] = accept_peer(ls);
  BOOST_TEST(rt->open_sockets() == 2u);
  rt->close_all_sockets();
  BOOST_TEST(peer.read_eof());
  auto r = gen_tcp::send(self(), s, binary{"x"});
  BOOST_TEST((r.error() == errc::closed));
}

BOOST_AUTO_TEST_SUITE_END()
