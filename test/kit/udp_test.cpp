// gen_udp through the test kit: probes own UDP sockets over real loopback
// and record their datagram messages; expectations match them. The
// simulated network has no UDP, and says so with eafnosupport.

#include "kit/kit_support.hpp"

#include <otpnet/gen_udp.hpp>

using namespace otpnet;
using namespace otpnet::testing;

namespace {

const inet::ip_address lo = inet::ip_address::loopback_v4();

gen_udp::option_list on_loopback(gen_udp::option_list opts) {
  opts.insert(opts.begin(), inet::ip{lo});
  return opts;
}

} // namespace

BOOST_AUTO_TEST_SUITE(udp_sockets)

BOOST_FIXTURE_TEST_CASE(a_probe_receives_datagrams_and_passes_them_on,
                        loopback_fixture) {
  BOOST_TEST_MESSAGE("Ensure that a probe owning a UDP socket records "
                     "{udp, S, IP, Port, Data} and udp_passive, recv gives "
                     "the sender, and controlling_process hands the socket "
                     "to another probe");
  auto owner = make_probe("owner");
  auto sender = make_probe("sender");
  auto heir = make_probe("heir");
  auto s = owner.udp_open(0, on_loopback({inet::active(2)}));
  auto from = sender.udp_open(0, on_loopback({inet::active(false)}));
  BOOST_REQUIRE(s);
  BOOST_REQUIRE(from);
  auto port = owner.port(*s);
  auto from_port = sender.port(*from);
  BOOST_REQUIRE(port);
  BOOST_REQUIRE(from_port);
  for (auto text : {"a", "b", "c"})
    BOOST_REQUIRE(sender.udp_send(*from, lo, *port, binary{text}));
  expect_messages(owner, {udp(*s, "a"), udp(*s, "b"), udp_passive(*s)});
  auto first = owner.messages().front();
  BOOST_TEST(first.text
             == "{udp," + to_string(*s) + ",127.0.0.1,"
                  + std::to_string(*from_port) + ",\"a\"}");
  auto c = owner.udp_recv(*s, 0, std::chrono::seconds{5});
  BOOST_REQUIRE(c);
  BOOST_TEST(c->data.to_string() == "c");
  BOOST_TEST(c->port == *from_port);
  BOOST_REQUIRE(owner.setopts(*s, {inet::active(true)}));
  BOOST_REQUIRE(owner.controlling_process(*s, heir));
  BOOST_REQUIRE(sender.udp_send(*from, lo, *port, binary{"d"}));
  expect_messages(heir, {udp(*s, "d")});
  expect_no_more(owner);
}

BOOST_FIXTURE_TEST_CASE(a_refused_datagram_shows_as_udp_error,
                        loopback_fixture) {
  BOOST_TEST_MESSAGE("Ensure that a probe records udp_error econnrefused "
                     "after sending to a connected peer's closed port");
  auto owner = make_probe("owner");
  auto gone = owner.udp_open(0, on_loopback({}));
  BOOST_REQUIRE(gone);
  auto gone_port = owner.port(*gone);
  BOOST_REQUIRE(gone_port);
  BOOST_REQUIRE(owner.close(*gone));
  auto s = owner.udp_open(0, on_loopback({}));
  BOOST_REQUIRE(s);
  auto sock = *s;
  auto p = *gone_port;
  auto r = owner
             .start<void>(
               [sock, p](caf::event_based_actor* self) {
                 return gen_udp::connect(self, sock, lo, p);
               },
               "connect")
             .get();
  BOOST_REQUIRE(r);
  auto sent = owner
                .start<void>(
                  [sock](caf::event_based_actor* self) {
                    return gen_udp::send(self, sock, binary{"ping"});
                  },
                  "send")
                .get();
  BOOST_REQUIRE(sent);
  expect_messages(owner, {udp_error(*s, errc::econnrefused)});
  BOOST_TEST(udp_error(errc::econnrefused).to_string()
             == "{udp_error,_,econnrefused}");
  BOOST_TEST(udp("x").to_string() == "{udp,_,_,_,\"x\"}");
}

BOOST_FIXTURE_TEST_CASE(the_simulated_network_has_no_udp,
                        deterministic_fixture) {
  BOOST_TEST_MESSAGE("Ensure that gen_udp:open on the simulated network is "
                     "a clear eafnosupport, not a hang");
  auto owner = make_probe("owner");
  auto s = owner.udp_open(0);
  BOOST_REQUIRE(!s);
  BOOST_TEST(to_atom(errc_of(s.error())) == "eafnosupport");
}

BOOST_AUTO_TEST_SUITE_END()
