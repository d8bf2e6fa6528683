// gen_udp:send/4,5 with ancillary data over loopback: [{tos, N}],
// [{ttl, N}] and [{tclass, N}] mark that one datagram, as OTP 25 does
// (checked with escripts: [{tos,16}] arrives as {tos,16}; [{ttl,5},{tos,8}]
// as both; [] and the plain sends after with the socket's own values;
// {tos,256} and {ttl,0} are einval and send nothing; tclass on IPv4 and
// tos or ttl on IPv6 are accepted and change nothing; of [{tos,1},{tos,2}]
// the first counts). The receivers are otpnet sockets with recvtos,
// recvttl or recvtclass, which recv_ancillary_test checks against POSIX
// senders.

#include <cstdint>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include <otpnet/gen_udp.hpp>

#include "support/loopback.hpp"
#include "support/spawn.hpp"
#include "support/udp_ancillary.hpp"

using namespace otpnet;
using namespace otpnet::test;

namespace {

using done_atom = caf::atom_constant<caf::atom("done")>;

constexpr auto tos = inet::ancillary_kind::tos;
constexpr auto ttl = inet::ancillary_kind::ttl;
constexpr auto tclass = inet::ancillary_kind::tclass;


struct fixture : udp_ancillary_fixture {
  /// A passive IPv4 socket that reports each datagram's TTL and TOS.
  otpnet::socket receiver4() {
    return udp_open({inet::ip{lo4}, inet::active(false), inet::recvtos(true),
                     inet::recvttl(true)});
  }

  /// A passive IPv6 socket that reports each datagram's traffic class.
  otpnet::socket receiver6() {
    return udp_open({inet::ip{lo6}, inet::active(false),
                     inet::recvtclass(true)});
  }

  /// The next datagram at `r` as "Packet AncData".
  std::string next(const otpnet::socket& r) {
    auto d = gen_udp::recv(self(), r, 0, budget);
    if (!d)
      return "error " + why(d);
    return d->data.to_string() + " " + anc_text(d->ancillary);
  }

  /// The TTL of a plain datagram from `tx` to `r` (the host's default),
  /// as text.
  std::string default_ttl(const otpnet::socket& tx, const otpnet::socket& r) {
    BOOST_REQUIRE(gen_udp::send(self(), tx, lo4, port_of(r), binary{"ttl?"}));
    auto d = gen_udp::recv(self(), r, 0, budget);
    BOOST_REQUIRE_MESSAGE(d, "recv failed: " << why(d));
    BOOST_REQUIRE(d->ancillary && d->ancillary->ttl());
    return std::to_string(*d->ancillary->ttl());
  }
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(send_ancillary_suite, fixture)

BOOST_AUTO_TEST_CASE(tos_marks_that_datagram_only) {
  BOOST_TEST_MESSAGE("Ensure that send/5 with [{tos,16}] from a socket "
                     "with {tos,32} sends that datagram with TOS 16, and "
                     "that the plain sends around it and a send with [] "
                     "keep the socket's 32");
  auto r = receiver4();
  auto tx = udp_open({inet::ip{lo4}, inet::tos(32)});
  auto t = default_ttl(tx, r);
  auto port = port_of(r);
  BOOST_REQUIRE(gen_udp::send(self(), tx, lo4, port, binary{"before"}));
  BOOST_TEST(next(r) == "before [{ttl," + t + "},{tos,32}]");
  BOOST_REQUIRE(gen_udp::send(self(), tx, lo4, port, {{tos, 16}},
                              binary{"marked"}));
  BOOST_TEST(next(r) == "marked [{ttl," + t + "},{tos,16}]");
  BOOST_REQUIRE(gen_udp::send(self(), tx, lo4, port, binary{"after"}));
  BOOST_TEST(next(r) == "after [{ttl," + t + "},{tos,32}]");
  BOOST_REQUIRE(gen_udp::send(self(), tx, lo4, port, {}, binary{"empty"}));
  BOOST_TEST(next(r) == "empty [{ttl," + t + "},{tos,32}]");
}

BOOST_AUTO_TEST_CASE(ttl_and_tos_together) {
  BOOST_TEST_MESSAGE("Ensure that [{ttl,5},{tos,8}] sends one datagram "
                     "with TTL 5 and TOS 8, and the next plain one with "
                     "the defaults again");
  auto r = receiver4();
  auto tx = udp_open({inet::ip{lo4}});
  auto t = default_ttl(tx, r);
  BOOST_REQUIRE(t != "5");
  BOOST_REQUIRE(gen_udp::send(self(), tx, lo4, port_of(r),
                              {{ttl, 5}, {tos, 8}}, binary{"both"}));
  BOOST_TEST(next(r) == "both [{ttl,5},{tos,8}]");
  BOOST_REQUIRE(gen_udp::send(self(), tx, lo4, port_of(r), binary{"plain"}));
  BOOST_TEST(next(r) == "plain [{ttl," + t + "},{tos,0}]");
}

BOOST_AUTO_TEST_CASE(the_first_value_of_a_key_counts) {
  BOOST_TEST_MESSAGE("Ensure that of two values with one key the first "
                     "counts, as in OTP 25 ([{tos,1},{tos,2}] arrives with "
                     "TOS 1), also with another key between them");
  auto r = receiver4();
  auto tx = udp_open({inet::ip{lo4}});
  auto t = default_ttl(tx, r);
  BOOST_REQUIRE(gen_udp::send(self(), tx, lo4, port_of(r),
                              {{tos, 1}, {tos, 2}}, binary{"dup"}));
  BOOST_TEST(next(r) == "dup [{ttl," + t + "},{tos,1}]");
  BOOST_REQUIRE(gen_udp::send(self(), tx, lo4, port_of(r),
                              {{ttl, 9}, {tos, 4}, {ttl, 10}},
                              binary{"three"}));
  BOOST_TEST(next(r) == "three [{ttl,9},{tos,4}]");
}

BOOST_AUTO_TEST_CASE(wrong_values_are_einval_and_send_nothing) {
  BOOST_TEST_MESSAGE("Ensure that a tos or tclass outside 0..255 or a ttl "
                     "outside 1..255, first or later in the list, is "
                     "einval and sends nothing: the next datagram to "
                     "arrive is the next valid one");
  auto r = receiver4();
  auto tx = udp_open({inet::ip{lo4}});
  auto t = default_ttl(tx, r);
  std::vector<gen_udp::ancillary_list> wrong{
    {{tos, 256}},           {{tos, -1}},
    {{ttl, 0}},             {{ttl, 256}},
    {{tclass, 256}},        {{tclass, -1}},
    {{ttl, 5}, {ttl, 0}},   {{tos, 1}, {tos, 256}},
    {{tos, 4294967312}}, // 2^32 + 16: not cut to 16
  };
  int i = 0;
  for (const auto& anc : wrong) {
    auto tag = std::to_string(i++);
    BOOST_TEST(why(gen_udp::send(self(), tx, lo4, port_of(r), anc,
                                 binary{"bad " + tag}))
                 == "einval",
               "list " << tag);
    BOOST_REQUIRE(gen_udp::send(self(), tx, lo4, port_of(r), {{tos, 4}},
                                binary{"good " + tag}));
    BOOST_TEST(next(r) == "good " + tag + " [{ttl," + t + "},{tos,4}]");
  }
}

BOOST_AUTO_TEST_CASE(ipv6_sets_the_traffic_class) {
  BOOST_TEST_MESSAGE("Ensure that [{tclass,8}] on an IPv6 socket sends "
                     "that datagram with traffic class 8, that [{tos,32}] "
                     "and [{ttl,32}] there, and [{tclass,8}] on IPv4, are "
                     "sent and change nothing, as in OTP 25");
  auto r = receiver6();
  auto tx = udp_open({inet::inet6, inet::ip{lo6}});
  auto port = port_of(r);
  BOOST_REQUIRE(gen_udp::send(self(), tx, lo6, port, {{tclass, 8}},
                              binary{"class"}));
  BOOST_TEST(next(r) == "class [{tclass,8}]");
  BOOST_REQUIRE(gen_udp::send(self(), tx, lo6, port, binary{"plain"}));
  BOOST_TEST(next(r) == "plain [{tclass,0}]");
  BOOST_REQUIRE(gen_udp::send(self(), tx, lo6, port, {{tos, 32}},
                              binary{"tos"}));
  BOOST_TEST(next(r) == "tos [{tclass,0}]");
  BOOST_REQUIRE(gen_udp::send(self(), tx, lo6, port, {{ttl, 32}},
                              binary{"ttl"}));
  BOOST_TEST(next(r) == "ttl [{tclass,0}]");
  auto r4 = receiver4();
  auto tx4 = udp_open({inet::ip{lo4}});
  auto t = default_ttl(tx4, r4);
  BOOST_REQUIRE(gen_udp::send(self(), tx4, lo4, port_of(r4), {{tclass, 8}},
                              binary{"v4"}));
  BOOST_TEST(next(r4) == "v4 [{ttl," + t + "},{tos,0}]");
}

BOOST_AUTO_TEST_CASE(event_based_actors_send_with_pending) {
  BOOST_TEST_MESSAGE("Ensure that the event-based send/5 (an address, and "
                     "a host name resolved off the scheduler) marks its "
                     "datagram and answers einval for a wrong list, "
                     "sending nothing");
  auto r = receiver4();
  auto tx = udp_open({inet::ip{lo4}});
  auto t = default_ttl(tx, r);
  auto me = caf::actor{self()};
  auto port = port_of(r);
  spawn_lambda(sys(), [me, tx, port](caf::event_based_actor* e) {
    gen_udp::send(e, tx, lo4, port, {{tos, 16}}, binary{"ev"})
      .await([e, me, tx, port](caf::expected<void> a) {
        gen_udp::send(e, tx, lo4, port, {{ttl, 0}}, binary{"bad"})
          .await([e, me, tx, port, a](caf::expected<void> b) {
            gen_udp::send(e, tx, std::string{"localhost"}, port,
                          {{ttl, 7}}, binary{"name"})
              .await([e, me, a, b](caf::expected<void> c) {
                e->send(me, done_atom::value, why(a) + " " + why(b) + " "
                                                + why(c));
              });
          });
      });
  });
  std::string results = "<timeout>";
  self()->receive([&](done_atom, std::string& x) { results = x; },
                  caf::after(budget) >> [] {});
  BOOST_TEST(results == "ok einval ok");
  BOOST_TEST(next(r) == "ev [{ttl," + t + "},{tos,16}]");
  BOOST_TEST(next(r) == "name [{ttl,7},{tos,0}]");
}

BOOST_AUTO_TEST_CASE(destination_and_host_forms) {
  BOOST_TEST_MESSAGE("Ensure that send(S, {Address, Port}, AncData, "
                     "Packet) and send/5 to a host as text mark their "
                     "datagrams as send/5 to an address does");
  auto r = receiver4();
  auto tx = udp_open({inet::ip{lo4}});
  auto t = default_ttl(tx, r);
  auto port = port_of(r);
  BOOST_REQUIRE(gen_udp::send(self(), tx, inet::socket_address{lo4, port},
                              {{tos, 4}}, binary{"dest"}));
  BOOST_TEST(next(r) == "dest [{ttl," + t + "},{tos,4}]");
  BOOST_REQUIRE(gen_udp::send(self(), tx, std::string{"127.0.0.1"}, port,
                              {{tos, 12}, {ttl, 3}}, binary{"host"}));
  BOOST_TEST(next(r) == "host [{ttl,3},{tos,12}]");
  BOOST_TEST(why(gen_udp::send(self(), tx, inet::socket_address{lo4, port},
                               {{tos, 300}}, binary{"bad"}))
             == "einval");
  BOOST_TEST(why(gen_udp::send(self(), tx, std::string{"127.0.0.1"}, port,
                               {{ttl, 0}}, binary{"bad"}))
             == "einval");
  BOOST_REQUIRE(gen_udp::send(self(), tx, lo4, port, binary{"last"}));
  BOOST_TEST(next(r) == "last [{ttl," + t + "},{tos,0}]");
}

BOOST_AUTO_TEST_CASE(connected_sockets_send_to_the_address_given) {
  BOOST_TEST_MESSAGE("Ensure that send/5 on a connected socket sends to "
                     "the address given, marked, as OTP 25 does, and "
                     "send/3 to the peer stays plain");
  auto r = receiver4();
  auto tx = udp_open({inet::ip{lo4}});
  auto t = default_ttl(tx, r);
  BOOST_REQUIRE(gen_udp::connect(self(), tx, lo4, port_of(r)));
  BOOST_REQUIRE(gen_udp::send(self(), tx, lo4, port_of(r), {{tos, 8}},
                              binary{"to"}));
  BOOST_TEST(next(r) == "to [{ttl," + t + "},{tos,8}]");
  BOOST_REQUIRE(gen_udp::send(self(), tx, binary{"peer"}));
  BOOST_TEST(next(r) == "peer [{ttl," + t + "},{tos,0}]");
}

BOOST_AUTO_TEST_CASE(received_ancillary_data_is_sent_on_as_is) {
  BOOST_TEST_MESSAGE("Ensure that the AncData of a received datagram "
                     "(inet::ancillary_data) is send/5's AncData as is, as "
                     "in Erlang: a relay that passes it on marks its "
                     "datagram with the TTL and TOS it received");
  auto relay = receiver4();
  auto r = receiver4();
  auto tx = udp_open({inet::ip{lo4}});
  BOOST_REQUIRE(gen_udp::send(self(), tx, lo4, port_of(relay),
                              {{tos, 40}, {ttl, 7}}, binary{"hop"}));
  auto d = gen_udp::recv(self(), relay, 0, budget);
  BOOST_REQUIRE_MESSAGE(d, "recv failed: " << why(d));
  BOOST_REQUIRE(d->ancillary.has_value());
  BOOST_REQUIRE(gen_udp::send(self(), relay, lo4, port_of(r), *d->ancillary,
                              d->data));
  BOOST_TEST(next(r) == "hop [{ttl,7},{tos,40}]");
  // The empty list of a datagram without ancillary values is a plain send.
  gen_udp::ancillary_list none{inet::ancillary_data{}};
  BOOST_TEST(none.empty());
}

BOOST_AUTO_TEST_SUITE_END()
