// gen_udp through the test kit: probes own UDP sockets, on the simulated
// network and over real loopback, and record their datagram messages;
// expectations match them. On the simulated network the test's UDP peers
// send and receive datagrams too.

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

/// The simulated network's UDP faults: an owner probe with an
/// {active, true} socket at `port` and a test peer.
struct udp_fault_fixture : deterministic_fixture {
  probe owner = make_probe("owner");
  std::optional<otpnet::socket> s;
  std::optional<uint16_t> port;
  std::optional<simulated_udp_peer> peer;

  udp_fault_fixture() {
    auto opened = owner.udp_open(0, {inet::active(true)});
    BOOST_REQUIRE(opened);
    s = *opened;
    auto bound = owner.port(*s);
    BOOST_REQUIRE(bound);
    port = *bound;
    peer = net().open_udp_peer();
    BOOST_REQUIRE(peer);
  }
};

} // namespace

BOOST_AUTO_TEST_SUITE(udp_sockets)

BOOST_AUTO_TEST_CASE_TEMPLATE(a_probe_receives_datagrams_and_passes_them_on,
                              Fixture, kit_test::both_fixtures) {
  BOOST_TEST_MESSAGE("Ensure that a probe owning a UDP socket records "
                     "{udp, S, IP, Port, Data} and udp_passive, recv gives "
                     "the sender, and controlling_process hands the socket "
                     "to another probe (fixture: " << Fixture::kind << ")");
  Fixture fx;
  auto owner = fx.make_probe("owner");
  auto sender = fx.make_probe("sender");
  auto heir = fx.make_probe("heir");
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

BOOST_AUTO_TEST_CASE_TEMPLATE(a_refused_datagram_shows_as_udp_error,
                              Fixture, kit_test::both_fixtures) {
  BOOST_TEST_MESSAGE("Ensure that a probe records udp_error econnrefused "
                     "after sending to a connected peer's closed port "
                     "(fixture: " << Fixture::kind << ")");
  Fixture fx;
  auto owner = fx.make_probe("owner");
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
             .template start<void>(
               [sock, p](caf::event_based_actor* self) {
                 return gen_udp::connect(self, sock, lo, p);
               },
               "connect")
             .get();
  BOOST_REQUIRE(r);
  auto sent = owner
                .template start<void>(
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

BOOST_FIXTURE_TEST_CASE(recv_options_give_empty_lists_on_the_simulated_network,
                        deterministic_fixture) {
  BOOST_TEST_MESSAGE("Ensure that on the simulated network, which has no IP "
                     "headers, recvtos/recvttl are accepted and read back, "
                     "recvtclass is einval on IPv4 as over loopback, and "
                     "datagrams come in the 6-tuple form with an empty "
                     "list, in order, in both recv and active mode "
                     "(testing/README.md)");
  auto owner = make_probe("owner");
  auto s = owner.udp_open(0, {inet::active(2), inet::recvtos(true),
                              inet::recvttl(true)});
  BOOST_REQUIRE(s);
  auto v4_tclass = owner.udp_open(0, {inet::recvtclass(true)});
  BOOST_REQUIRE(!v4_tclass);
  BOOST_TEST(to_atom(errc_of(v4_tclass.error())) == "einval");
  auto opts = owner.getopts(*s, {inet::option_name::recvtos,
                                 inet::option_name::recvttl,
                                 inet::option_name::recvtclass});
  BOOST_REQUIRE(opts);
  BOOST_TEST(opts->size() == 2u); // no recvtclass on IPv4
  BOOST_TEST(inet::to_string(opts->front()) == "{recvtos,true}");
  auto port = owner.port(*s);
  BOOST_REQUIRE(port);
  auto peer = net().open_udp_peer();
  BOOST_REQUIRE(peer);
  for (auto* d : {"a", "b", "c"})
    peer->send_to(*port, d);
  expect_messages(owner, {udp(*s, "a"), udp(*s, "b"), udp_passive(*s)});
  BOOST_TEST(owner.messages().front().text
             == "{udp," + to_string(*s) + ",127.0.0.1,"
                  + std::to_string(peer->port()) + ",[],\"a\"}");
  auto got = owner.udp_recv(*s, 0);
  BOOST_REQUIRE(got);
  BOOST_TEST(gen_udp::to_string(*got)
             == "{{127,0,0,1}," + std::to_string(peer->port())
                  + ",[],<<\"c\">>}");
  BOOST_REQUIRE(owner.setopts(*s, {inet::recvtos(false),
                                   inet::recvttl(false)}));
  peer->send_to(*port, "d");
  got = owner.udp_recv(*s, 0);
  BOOST_REQUIRE(got);
  BOOST_TEST(!got->ancillary.has_value());
}

BOOST_AUTO_TEST_CASE_TEMPLATE(send_with_ancillary_data_on_both_networks,
                              Fixture, kit_test::both_fixtures) {
  BOOST_TEST_MESSAGE("Ensure that gen_udp:send/5 works on both networks: "
                     "a valid AncData sends the datagram, a wrong one is "
                     "einval and sends nothing (the simulated network, "
                     "without IP headers, checks the list and ignores it; "
                     "fixture: " << Fixture::kind << ")");
  Fixture fx;
  auto owner = fx.make_probe("owner");
  auto sender = fx.make_probe("sender");
  auto s = owner.udp_open(0, on_loopback({inet::active(false)}));
  auto from = sender.udp_open(0, on_loopback({}));
  BOOST_REQUIRE(s);
  BOOST_REQUIRE(from);
  auto port = owner.port(*s);
  BOOST_REQUIRE(port);
  using k = inet::ancillary_kind;
  BOOST_REQUIRE(sender.udp_send(*from, lo, *port, {{k::tos, 16}, {k::ttl, 5}},
                                binary{"marked"}));
  auto bad = sender.udp_send(*from, lo, *port, {{k::ttl, 0}}, binary{"bad"});
  BOOST_REQUIRE(!bad);
  BOOST_TEST(to_atom(errc_of(bad.error())) == "einval");
  BOOST_REQUIRE(sender.udp_send(*from, lo, *port, {}, binary{"plain"}));
  for (auto text : {"marked", "plain"}) {
    auto d = owner.udp_recv(*s, 0, std::chrono::seconds{5});
    BOOST_REQUIRE(d);
    BOOST_TEST(d->data.to_string() == text);
  }
}

BOOST_FIXTURE_TEST_CASE(udp_peers_talk_to_probes_on_the_simulated_network,
                        deterministic_fixture) {
  BOOST_TEST_MESSAGE("Ensure that a test's UDP peer sends datagrams a probe "
                     "receives as {udp, S, IP, Port, Data} in order, and "
                     "receives what the probe sends back with its port");
  auto owner = make_probe("owner");
  auto s = owner.udp_open(0, {inet::active(2)});
  BOOST_REQUIRE(s);
  auto port = owner.port(*s);
  BOOST_REQUIRE(port);
  auto peer = net().open_udp_peer();
  BOOST_REQUIRE(peer);
  for (auto* d : {"a", "b", "c"})
    peer->send_to(*port, d);
  expect_messages(owner, {udp(*s, "a"), udp(*s, "b"), udp_passive(*s)});
  auto got = owner.udp_recv(*s, 0);
  BOOST_REQUIRE(got);
  BOOST_TEST(got->data.to_string() == "c");
  BOOST_TEST(got->port == peer->port());
  BOOST_TEST((got->ip == lo));
  BOOST_REQUIRE(owner.udp_send(*s, lo, peer->port(), binary{"back"}));
  run();
  auto back = peer->receive();
  BOOST_REQUIRE(back);
  BOOST_TEST(back->data == "back");
  BOOST_TEST(back->from_port == *port);
  BOOST_TEST(!peer->receive());
  // A datagram to a port nobody has is lost, as UDP loses it.
  BOOST_REQUIRE(owner.udp_send(*s, lo, 9, binary{"void"}));
  run();
  BOOST_TEST(peer->available() == 0u);
  expect_no_more(owner);
}

BOOST_FIXTURE_TEST_CASE(simulated_udp_keeps_the_kernel_rules,
                        deterministic_fixture) {
  BOOST_TEST_MESSAGE("Ensure that on the simulated network a taken port is "
                     "eaddrinuse, a connected socket drops datagrams from "
                     "others, a long datagram is cut to the receive length, "
                     "and IPv6 sockets talk over ::1 only");
  auto owner = make_probe("owner");
  auto s = owner.udp_open(0, {inet::active(false)});
  BOOST_REQUIRE(s);
  auto port = owner.port(*s);
  BOOST_REQUIRE(port);
  auto taken = owner.udp_open(*port);
  BOOST_TEST(to_atom(taken ? errc::ok : errc_of(taken.error())) == "eaddrinuse");
  BOOST_TEST(!net().open_udp_peer(*port));
  auto friend_peer = net().open_udp_peer();
  auto stranger = net().open_udp_peer();
  BOOST_REQUIRE(friend_peer && stranger);
  auto sock = *s;
  auto fp = friend_peer->port();
  BOOST_REQUIRE(owner
                  .start<void>(
                    [sock, fp](caf::event_based_actor* self) {
                      return gen_udp::connect(self, sock, lo, fp);
                    },
                    "connect")
                  .get());
  stranger->send_to(*port, "dropped");
  friend_peer->send_to(*port, "0123456789");
  auto got = owner.udp_recv(*s, 4);
  BOOST_REQUIRE(got);
  BOOST_TEST(got->data.to_string() == "0123");
  BOOST_TEST(got->port == fp);
  // The stranger's datagram never arrives: the next recv times out.
  auto none = owner.start<gen_udp::datagram>(
    [sock](caf::event_based_actor* self) {
      return gen_udp::recv(self, sock, 0, timeout{50});
    },
    "recv");
  run();
  advance(std::chrono::milliseconds{100});
  BOOST_TEST(to_atom(none.reason()) == "timeout");
  auto s6 = owner.udp_open(0, {inet::inet6, inet::active(true)});
  BOOST_REQUIRE(s6);
  auto port6 = owner.port(*s6);
  BOOST_REQUIRE(port6);
  auto peer6 = net().open_udp_peer(0, true);
  BOOST_REQUIRE(peer6);
  peer6->send_to(*port6, "six");
  friend_peer->send_to(*port6, "four"); // other family: nobody there
  expect_messages(owner, {udp(*s6, "six")});
  expect_no_more(owner);
}

BOOST_FIXTURE_TEST_CASE(lost_datagrams_never_arrive, udp_fault_fixture) {
  BOOST_TEST_MESSAGE("Ensure that lose_datagrams loses the next datagrams "
                     "to a port, whoever sends them (a test peer to an "
                     "actor, an actor to a test peer), and counts them; "
                     "the sender's send succeeds");
  net().lose_datagrams(*port);
  for (auto* d : {"a", "b", "c"})
    peer->send_to(*port, d);
  expect_messages(owner, {udp(*s, "b"), udp(*s, "c")});
  expect_no_more(owner);
  BOOST_TEST(net().lost_datagrams(*port) == 1u);
  net().lose_datagrams(peer->port(), 2);
  for (auto* d : {"x", "y", "z"})
    BOOST_REQUIRE(owner.udp_send(*s, lo, peer->port(), binary{d}));
  run();
  auto got = peer->receive();
  BOOST_REQUIRE(got);
  BOOST_TEST(got->data == "z");
  BOOST_TEST(got->from_port == *port);
  BOOST_TEST(!peer->receive());
  BOOST_TEST(net().lost_datagrams(peer->port()) == 2u);
}

BOOST_FIXTURE_TEST_CASE(duplicated_datagrams_arrive_twice,
                        udp_fault_fixture) {
  BOOST_TEST_MESSAGE("Ensure that duplicate_datagrams delivers each of the "
                     "next datagrams to a port twice, in place, and only "
                     "as many as asked");
  net().duplicate_datagrams(*port, 2);
  for (auto* d : {"a", "b", "c"})
    peer->send_to(*port, d);
  expect_messages(owner, {udp(*s, "a"), udp(*s, "a"), udp(*s, "b"),
                          udp(*s, "b"), udp(*s, "c")});
  expect_no_more(owner);
  BOOST_TEST(net().duplicated_datagrams(*port) == 2u);
  BOOST_TEST(net().lost_datagrams(*port) == 0u);
}

BOOST_FIXTURE_TEST_CASE(a_reordered_datagram_arrives_after_the_next_one,
                        udp_fault_fixture) {
  BOOST_TEST_MESSAGE("Ensure that reorder_next_datagram holds the next "
                     "datagram to a port until the one after it has "
                     "arrived, so the two swap places, and that the rest "
                     "keep their order");
  net().reorder_next_datagram(*port);
  peer->send_to(*port, "a");
  expect_no_more(owner); // held back
  for (auto* d : {"b", "c"})
    peer->send_to(*port, d);
  expect_messages(owner, {udp(*s, "b"), udp(*s, "a"), udp(*s, "c")});
  expect_no_more(owner);
}

BOOST_FIXTURE_TEST_CASE(a_failing_send_returns_its_error_and_sends_nothing,
                        udp_fault_fixture) {
  BOOST_TEST_MESSAGE("Ensure that fail_next_udp_send makes the actor's next "
                     "gen_udp::send from that port return the error with "
                     "nothing sent, and only that send: the socket stays "
                     "open and the next send arrives");
  net().fail_next_udp_send(*port, errc::enobufs);
  auto failed = owner.udp_send(*s, lo, peer->port(), binary{"first"});
  BOOST_REQUIRE(!failed);
  BOOST_TEST(to_atom(errc_of(failed.error())) == "enobufs");
  BOOST_TEST(peer->available() == 0u);
  BOOST_REQUIRE(owner.udp_send(*s, lo, peer->port(), binary{"second"}));
  auto got = peer->receive();
  BOOST_REQUIRE(got);
  BOOST_TEST(got->data == "second");
  expect_no_more(owner);
}

BOOST_FIXTURE_TEST_CASE(netns_is_taken_without_effect_on_the_simulation,
                        deterministic_fixture) {
  BOOST_TEST_MESSAGE("Ensure that the simulated network, which has no "
                     "namespaces, takes {netns, Path} without looking at "
                     "it (testing/README.md), for UDP and TCP, and getopts "
                     "answers it as given");
  auto owner = make_probe("owner");
  auto s = owner.udp_open(0, {inet::netns("/var/run/netns/blue")});
  BOOST_REQUIRE(s);
  auto opts = owner.getopts(*s, {inet::option_name::netns});
  BOOST_REQUIRE(opts);
  BOOST_REQUIRE(opts->size() == 1u);
  BOOST_TEST(inet::to_string(opts->front())
             == "{netns,\"/var/run/netns/blue\"}");
  auto ls = owner.listen(0, {inet::netns("/var/run/netns/blue")});
  BOOST_TEST(static_cast<bool>(ls));
}

BOOST_AUTO_TEST_SUITE_END()
