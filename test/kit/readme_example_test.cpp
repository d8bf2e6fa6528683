// The example of testing/README.md ("Testing your actors"), compiled and
// run here so that it stays true. Keep the two in sync.

#include <cctype>

#include <boost/mpl/list.hpp>
#include <boost/test/unit_test.hpp>

#include <otpnet/gen_tcp.hpp>
#include <otpnet/inet.hpp>
#include <otpnet/testing/deterministic.hpp>
#include <otpnet/testing/expectations.hpp>
#include <otpnet/testing/loopback.hpp>

using namespace otpnet;
using namespace otpnet::testing;
using namespace std::chrono_literals;

namespace {

// The actor under test: answers each line with the line in upper case.
caf::behavior shouter(caf::event_based_actor* self, otpnet::socket s) {
  return {
    [=](tcp_msg& m) {
      auto text = m.data.to_string();
      for (auto& c : text)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      // .await: no next line before this one is out (back-pressure).
      gen_tcp::send(self, s, binary{text}).await([=](caf::expected<void>) {
        inet::setopts(self, s, {inet::active(inet::once)})
          .await([](caf::expected<void>) {});
      });
    },
    [=](tcp_closed_msg&) { self->quit(); },
  };
}

} // namespace

BOOST_AUTO_TEST_SUITE(readme_example)

// 1. One deterministic test: no threads, no sockets, no sleeping.
BOOST_FIXTURE_TEST_CASE(shouts_back_line_by_line, deterministic_fixture) {
  BOOST_TEST_MESSAGE("Ensure that every line comes back in upper case");
  auto acceptor = make_probe("acceptor");
  auto ls = acceptor.listen(0, {inet::packet(net::packet_type::line),
                                inet::active(inet::once)});
  auto peer = connect_peer(*acceptor.port(*ls));
  auto s = acceptor.accept(*ls);
  auto handler = spawn(shouter, *s);
  BOOST_REQUIRE(acceptor.controlling_process(*s, handler));
  peer.send_split("hello\nwor", {3}); // arrives as "hel", "lo\nwor"
  peer.send("ld\n");
  expect_peer_received(peer, "HELLO\nWORLD\n");
  acceptor.monitor(*s);
  peer.shutdown_write(); // the handler stops, the socket closes
  expect_messages(acceptor, {inet_down(*s, errc::closed)});
}

// 2. A fault: the peer stops reading. The handler's send is suspended at
//    the watermark, so it stops asking for lines; waiting changes nothing.
BOOST_FIXTURE_TEST_CASE(a_slow_reader_holds_the_handler, deterministic_fixture) {
  BOOST_TEST_MESSAGE("Ensure that the handler reads nothing more while the peer does not read its answers");
  auto acceptor = make_probe("acceptor");
  auto ls = acceptor.listen(0, {inet::packet(net::packet_type::line),
                                inet::active(inet::once)});
  auto peer = connect_peer(*acceptor.port(*ls));
  auto s = acceptor.accept(*ls);
  BOOST_REQUIRE(acceptor.controlling_process(*s, spawn(shouter, *s)));
  peer.stop_reading(1024);
  std::string lines, shouted;
  for (int i = 0; i < 100; ++i) {
    lines += std::string(200, 'x') + "\n";
    shouted += std::string(200, 'X') + "\n";
  }
  peer.send(lines);
  advance(10s); // no time-out fires, nothing moves
  BOOST_TEST(peer.available() == 1024u); // one window full, no more
  peer.resume_reading();
  expect_peer_received(peer, shouted);
}

// 3. The same test body over the simulated network and real loopback.
using fixtures = boost::mpl::list<deterministic_fixture, loopback_fixture>;

BOOST_FIXTURE_TEST_CASE_TEMPLATE(shouts_on_both_networks, F, fixtures, F) {
  BOOST_TEST_MESSAGE("Ensure that the handler behaves the same over both networks");
  F& fx = *this;
  auto acceptor = fx.make_probe("acceptor");
  auto ls = acceptor.listen(0, {inet::packet(net::packet_type::line),
                                inet::active(inet::once)});
  auto peer = fx.connect_peer(*acceptor.port(*ls));
  auto s = acceptor.accept(*ls);
  BOOST_REQUIRE(acceptor.controlling_process(*s, fx.spawn(shouter, *s)));
  peer.send_bytewise("abc\n");
  expect_peer_received(peer, "ABC\n");
}

BOOST_AUTO_TEST_SUITE_END()
