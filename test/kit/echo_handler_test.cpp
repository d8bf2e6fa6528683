// The samples' echo handler (samples/common/echo_handler.hpp), tested as a
// user would test their own handler actor: through hand_over, with a probe
// as the acceptor, over the simulated network and real loopback. Plus the
// faults: a peer reset in the middle of a packet, a slow reader.

#include <memory>

#include <caf/exit_reason.hpp>

#include "kit/echo_support.hpp"

using namespace otpnet;
using namespace otpnet::testing;
using namespace otpnet::kit_test;

namespace {

const std::vector<std::pair<const char*, inet::active>> modes{
  {"false", inet::active(false)},
  {"true", inet::active(true)},
  {"once", inet::active(inet::once)},
  {"3", inet::active(3)},
};

} // namespace

BOOST_AUTO_TEST_SUITE(echo_handler)

BOOST_FIXTURE_TEST_CASE_TEMPLATE(echoes_every_byte_in_every_active_mode, F,
                                 both_fixtures, F) {
  BOOST_TEST_MESSAGE("Ensure that the echo handler sends back every byte, in order, with --active false, true, once and N (" << F::kind << ")");
  F& fx = *this;
  handlers hs;
  auto acceptor = fx.make_probe("acceptor");
  for (auto& [name, mode] : modes) {
    BOOST_TEST_CONTEXT("active " << name) {
      auto c = serve_one(fx, acceptor, hs, mode);
      std::string all;
      for (int i = 0; i < 10; ++i) {
        auto piece = "piece " + std::to_string(i) + ";";
        all += piece;
        c.peer.send(piece);
      }
      expect_peer_received(c.peer, all);
      expect_peer_open(c.peer);
    }
  }
  expect_no_more(acceptor);
}

BOOST_FIXTURE_TEST_CASE_TEMPLATE(echoes_whole_packets_with_packet_2, F,
                                 both_fixtures, F) {
  BOOST_TEST_MESSAGE("Ensure that with {packet,2} each packet, cut anywhere on the way in, is echoed as one framed packet (" << F::kind << ")");
  F& fx = *this;
  handlers hs;
  auto acceptor = fx.make_probe("acceptor");
  auto c = serve_one(fx, acceptor, hs, inet::active(inet::once), 2);
  auto wire = frame(2, "alpha") + frame(2, "beta") + frame(2, "gamma");
  c.peer.send_split(wire, {1, 4, 9, 10});
  expect_peer_received(c.peer, wire);
}

BOOST_FIXTURE_TEST_CASE_TEMPLATE(half_close_is_answered_then_closed, F,
                                 both_fixtures, F) {
  BOOST_TEST_MESSAGE("Ensure that after the peer's FIN the handler still echoes what came before, then closes the connection and stops (" << F::kind << ")");
  F& fx = *this;
  handlers hs;
  auto acceptor = fx.make_probe("acceptor");
  for (auto& [name, mode] : modes) {
    BOOST_TEST_CONTEXT("active " << name) {
      auto c = serve_one(fx, acceptor, hs, mode);
      c.peer.send("last words");
      c.peer.shutdown_write();
      expect_peer_received(c.peer, "last words");
      expect_peer_closed(c.peer);
    }
  }
}

BOOST_FIXTURE_TEST_CASE_TEMPLATE(an_orderly_end_stops_handler_and_socket, F,
                                 both_fixtures, F) {
  BOOST_TEST_MESSAGE("Ensure that after echoing and the peer's FIN the handler, which does not wait for close's reply, and its socket are both gone, in every active mode (" << F::kind << ")");
  F& fx = *this;
  handlers hs;
  auto acceptor = fx.make_probe("acceptor");
  auto& reg = fx.sys().registry();
  for (auto& [name, mode] : modes) {
    BOOST_TEST_CONTEXT("active " << name) {
      auto before = reg.running();
      auto c = serve_one(fx, acceptor, hs, mode, 2);
      c.peer.send(std::string{"\x00\x03", 2} + "abc");
      expect_peer_received(c.peer, std::string{"\x00\x03", 2} + "abc");
      c.peer.shutdown_write();
      expect_peer_closed(c.peer);
      BOOST_REQUIRE(acceptor.close(c.ls)); // serve_one's listen socket
      bool gone = fx.run_until([&] { return reg.running() == before; });
      BOOST_TEST(gone, "running actors: " << reg.running() << ", expected "
                                          << before);
    }
  }
}

BOOST_FIXTURE_TEST_CASE_TEMPLATE(peer_reset_mid_packet_stops_the_handler, F,
                                 both_fixtures, F) {
  BOOST_TEST_MESSAGE("Ensure that a peer reset in the middle of a {packet,2} packet echoes nothing, closes the socket and stops the handler (" << F::kind << ")");
  F& fx = *this;
  handlers hs;
  auto acceptor = fx.make_probe("acceptor");
  auto c = serve_one(fx, acceptor, hs, inet::active(inet::once), 2);
  auto watcher = fx.make_probe("watcher");
  watcher.monitor(c.s);
  auto& reg = fx.sys().registry();
  auto before = reg.running();
  // A header announcing 10 bytes, and only 4 of them.
  c.peer.send(std::string{"\x00\x0a", 2} + "half");
  fx.run();
  c.peer.reset();
  expect_messages(watcher, {inet_down(c.s, errc::closed)});
  // The accepted socket and its handler are gone.
  bool gone = fx.run_until([&] { return reg.running() == before - 2; });
  BOOST_TEST(gone, "running actors: " << reg.running() << ", expected "
                                      << before - 2);
  BOOST_TEST(c.peer.available() == 0u);
}

BOOST_AUTO_TEST_SUITE_END()

// -- simulated only: what a loopback peer cannot control exactly ---------------

BOOST_FIXTURE_TEST_SUITE(echo_handler_faults, deterministic_fixture)

BOOST_AUTO_TEST_CASE(a_slow_reader_suspends_the_handler) {
  BOOST_TEST_MESSAGE("Ensure that when the peer stops reading the handler is suspended in send, stops reading from the peer, and catches up in order when the peer reads");
  handlers hs;
  auto acceptor = make_probe("acceptor");
  auto c = serve_one(*this, acceptor, hs, inet::active(inet::once));
  c.peer.stop_reading(4096);
  std::string all;
  for (int i = 0; i < 16; ++i) {
    auto piece = pattern(size_t(i) * 4096, 4096);
    all += piece;
    c.peer.send(piece);
  }
  run();
  // The handler is stuck in a send (watermark reached): it re-arms nothing,
  // so the socket leaves most bytes unread in the simulated kernel.
  auto unread = c.peer.unread_by_actor();
  BOOST_TEST_MESSAGE("bytes the suspended handler left unread: " << unread);
  BOOST_TEST(unread >= 16u * 4096u - 4096u - 8192u - 4096u);
  BOOST_TEST(c.peer.available() == 4096u);
  c.peer.resume_reading();
  expect_peer_received(c.peer, all);
  BOOST_TEST(c.peer.unread_by_actor() == 0u);
}

BOOST_AUTO_TEST_CASE(a_write_error_ends_the_connection) {
  BOOST_TEST_MESSAGE("Ensure that an epipe while echoing makes the handler close the connection and stop");
  handlers hs;
  auto acceptor = make_probe("acceptor");
  auto c = serve_one(*this, acceptor, hs, inet::active(true));
  auto watcher = make_probe("watcher");
  watcher.monitor(c.s);
  c.peer.fail_next_write(errc::epipe);
  c.peer.send("first");
  run();
  c.peer.send("second");
  expect_messages(watcher, {inet_down(c.s, errc::closed)});
  BOOST_TEST(c.peer.available() == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
