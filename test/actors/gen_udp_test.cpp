// gen_udp over loopback: datagrams with their senders in every active
// mode and through recv, connect, kernel errors, the UDP option rules,
// controlling_process, and inet's functions on UDP sockets.

#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "support/spawn.hpp"

#include <otpnet/gen_udp.hpp>

#include "support/loopback.hpp"

using namespace otpnet;
using namespace otpnet::test;

namespace {

using done_atom = caf::atom_constant<caf::atom("done")>;

struct udp_fixture : loopback_fixture {
  const inet::ip_address lo = inet::ip_address::loopback_v4();

  otpnet::socket open(gen_udp::option_list opts = {}) {
    opts.insert(opts.begin(), inet::ip{lo});
    auto s = gen_udp::open(self(), 0, opts);
    BOOST_REQUIRE_MESSAGE(s, "open failed: " << why(s));
    return *s;
  }

  void send_to(const otpnet::socket& from, const otpnet::socket& to,
               const std::string& data) {
    auto r = gen_udp::send(self(), from, lo, port_of(to), binary{data});
    BOOST_REQUIRE_MESSAGE(r, "send failed: " << why(r));
  }

  /// True if no message waits after a round trip to `s` (see
  /// mailbox_empty_after_sync).
  bool quiet(const otpnet::socket& s) {
    return mailbox_empty_after_sync(s);
  }
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(gen_udp_suite, udp_fixture)

BOOST_AUTO_TEST_CASE(active_socket_delivers_each_datagram_with_its_sender) {
  BOOST_TEST_MESSAGE("Ensure that an active (default) UDP socket sends its "
                     "owner one udp_msg per datagram, in order, with the "
                     "sender's address and port");
  auto a = open({inet::active(false)});
  auto b = open();
  for (auto text : {"one", "two", "three"})
    send_to(a, b, text);
  for (auto text : {"one", "two", "three"}) {
    auto m = expect<udp_msg>();
    BOOST_TEST((m.socket == b));
    BOOST_TEST(m.data.to_string() == text);
    BOOST_TEST((m.ip == lo));
    BOOST_TEST(m.port == port_of(a));
  }
  auto printed = to_string(caf::make_message(udp_msg{b, lo, 7, binary{"x"}}));
  BOOST_TEST(printed.find("udp(") != std::string::npos);
  BOOST_TEST(printed.find("127.0.0.1") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(passive_recv_returns_sender_and_data) {
  BOOST_TEST_MESSAGE("Ensure that recv on a passive socket returns {IP, "
                     "Port, Packet}, truncates to a given length, times "
                     "out when nothing comes, and is einval when active");
  auto a = open({inet::active(false)});
  auto b = open({inet::active(false)});
  send_to(a, b, "hello world");
  auto d = gen_udp::recv(self(), b, 0, budget);
  BOOST_REQUIRE_MESSAGE(d, why(d));
  BOOST_TEST(d->data.to_string() == "hello world");
  BOOST_TEST((d->ip == lo));
  BOOST_TEST(d->port == port_of(a));
  send_to(a, b, "truncated");
  auto t = gen_udp::recv(self(), b, 5, budget);
  BOOST_REQUIRE(t);
  BOOST_TEST(t->data.to_string() == "trunc");
  BOOST_TEST(why(gen_udp::recv(self(), b, 0, std::chrono::milliseconds{1}))
             == "timeout");
  auto active = open();
  BOOST_TEST(why(gen_udp::recv(self(), active, 0, budget)) == "einval");
  // A datagram arriving after a recv timed out is kept for the next one.
  send_to(a, b, "late");
  auto late = gen_udp::recv(self(), b, 0, budget);
  BOOST_REQUIRE(late);
  BOOST_TEST(late->data.to_string() == "late");
}

BOOST_AUTO_TEST_CASE(active_once_and_n_deliver_only_what_was_allowed) {
  BOOST_TEST_MESSAGE("Ensure that {active, once} delivers one datagram and "
                     "{active, N} N then udp_passive, the rest staying for "
                     "recv, in order");
  auto a = open({inet::active(false)});
  auto b = open({inet::active(inet::once)});
  for (auto text : {"1", "2", "3", "4"})
    send_to(a, b, text);
  BOOST_TEST(expect<udp_msg>().data.to_string() == "1");
  BOOST_TEST(quiet(b));
  BOOST_REQUIRE(inet::setopts(self(), b, {inet::active(2)}));
  BOOST_TEST(expect<udp_msg>().data.to_string() == "2");
  BOOST_TEST(expect<udp_msg>().data.to_string() == "3");
  BOOST_TEST((expect<udp_passive_msg>().socket == b));
  BOOST_TEST(quiet(b));
  auto rest = gen_udp::recv(self(), b, 0, budget);
  BOOST_REQUIRE(rest);
  BOOST_TEST(rest->data.to_string() == "4");
}

BOOST_AUTO_TEST_CASE(connect_fixes_the_peer) {
  BOOST_TEST_MESSAGE("Ensure that send without an address needs connect "
                     "(edestaddrreq), goes to the peer after it, and that "
                     "peername and info report the connection");
  auto a = open({inet::active(false)});
  auto b = open({inet::active(false)});
  BOOST_TEST(why(gen_udp::send(self(), a, binary{"x"})) == "edestaddrreq");
  BOOST_TEST(why(inet::peername(self(), a)) == "enotconn");
  BOOST_REQUIRE(gen_udp::connect(self(), a, lo, port_of(b)));
  BOOST_REQUIRE(gen_udp::send(self(), a, binary{"via peer"}));
  auto d = gen_udp::recv(self(), b, 0, budget);
  BOOST_REQUIRE(d);
  BOOST_TEST(d->data.to_string() == "via peer");
  auto peer = inet::peername(self(), a);
  BOOST_REQUIRE(peer);
  BOOST_TEST(peer->port == port_of(b));
  auto info = inet::info(self(), a);
  BOOST_REQUIRE(info);
  BOOST_TEST(inet::fmt_status(info->states) == "CONNECTED(O)");
}

BOOST_AUTO_TEST_CASE(a_refused_datagram_is_reported) {
  BOOST_TEST_MESSAGE("Ensure that sending to a connected peer's closed "
                     "port reports econnrefused: udp_error_msg when active, "
                     "recv's error when passive; the socket stays usable");
  auto gone = open();
  auto port = port_of(gone);
  BOOST_REQUIRE(gen_udp::close(self(), gone));
  auto active = open();
  BOOST_REQUIRE(gen_udp::connect(self(), active, lo, port));
  BOOST_REQUIRE(gen_udp::send(self(), active, binary{"ping"}));
  auto err = expect<udp_error_msg>();
  BOOST_TEST((err.socket == active));
  BOOST_TEST(to_atom(err.reason) == "econnrefused");
  auto passive = open({inet::active(false)});
  BOOST_REQUIRE(gen_udp::connect(self(), passive, lo, port));
  BOOST_REQUIRE(gen_udp::send(self(), passive, binary{"ping"}));
  BOOST_TEST(why(gen_udp::recv(self(), passive, 0, budget))
             == "econnrefused");
  BOOST_TEST(why(inet::sockname(self(), passive)) == "ok");
}

BOOST_AUTO_TEST_CASE(tcp_options_are_einval_on_udp) {
  BOOST_TEST_MESSAGE("Ensure that packet framing and TCP options are einval "
                     "for open, setopts and getopts on a UDP socket, while "
                     "its own options work");
  BOOST_TEST(why(gen_udp::open(self(), 0, {inet::packet(2)})) == "einval");
  BOOST_TEST(why(gen_udp::open(self(), 0, {inet::nodelay(true)})) == "einval");
  BOOST_TEST(why(gen_udp::open(self(), 0, {inet::backlog(5)})) == "einval");
  BOOST_TEST(why(gen_udp::open(self(), 70000)) == "einval");
  auto s = open({inet::recbuf(65536), inet::reuseaddr(true)});
  BOOST_TEST(why(inet::setopts(self(), s, {inet::packet(2)})) == "einval");
  BOOST_TEST(why(inet::setopts(self(), s, {inet::high_watermark(10)}))
             == "einval");
  BOOST_TEST(
    why(inet::getopts(self(), s, {inet::option_name::nodelay})) == "einval");
  auto got = inet::getopts(self(), s, {inet::option_name::active,
                                       inet::option_name::recbuf});
  BOOST_REQUIRE(got);
  BOOST_TEST(to_string((*got)[0]) == "{active,true}");
  BOOST_REQUIRE(inet::setopts(self(), s, {inet::active(false)}));
  auto now = inet::getopts(self(), s, {inet::option_name::active});
  BOOST_REQUIRE(now);
  BOOST_TEST(to_string(now->front()) == "{active,false}");
}

BOOST_AUTO_TEST_CASE(sends_to_names_and_oversized_datagrams) {
  BOOST_TEST_MESSAGE("Ensure that send takes a host as text (a literal or "
                     "a name, blocking and event-based) and that a datagram "
                     "over the IPv4 limit is emsgsize");
  auto a = open({inet::active(false)});
  auto b = open({inet::active(false)});
  BOOST_REQUIRE(gen_udp::send(self(), a, std::string{"127.0.0.1"},
                              port_of(b), binary{"literal"}));
  BOOST_REQUIRE(gen_udp::send(self(), a, std::string{"localhost"},
                              port_of(b), binary{"name"}));
  auto me = caf::actor{self()};
  auto port = port_of(b);
  spawn_lambda(sys(), [me, a, port](caf::event_based_actor* e) {
    gen_udp::send(e, a, std::string{"localhost"}, port, binary{"event"})
      .await([e, me](caf::expected<void> r) {
        e->send(me, done_atom::value, static_cast<bool>(r));
      });
  });
  bool sent = false;
  self()->receive([&](done_atom, bool ok) { sent = ok; },
                  caf::after(budget) >> [] {});
  BOOST_TEST(sent);
  for (auto text : {"literal", "name", "event"}) {
    auto d = gen_udp::recv(self(), b, 0, budget);
    BOOST_REQUIRE(d);
    BOOST_TEST(d->data.to_string() == text);
  }
  BOOST_TEST(why(gen_udp::send(self(), a, lo, port_of(b),
                               binary{std::string(70000, 'x')}))
             == "emsgsize");
  BOOST_TEST(why(gen_udp::send(self(), a, std::string{"no such"}, 1,
                               binary{"x"}))
             == "einval");
}

BOOST_AUTO_TEST_CASE(controlling_process_moves_waiting_datagrams) {
  BOOST_TEST_MESSAGE("Ensure that controlling_process moves the datagram "
                     "messages the old owner had not handled to the new "
                     "owner, in order, and later ones go there directly");
  auto a = open({inet::active(false)});
  auto b = open();
  for (auto text : {"1", "2", "3"})
    send_to(a, b, text);
  // Wait until b has delivered all three (getstat counts a datagram as it
  // sends it): they are then in this actor's mailbox, unhandled.
  auto deadline = std::chrono::steady_clock::now() + budget;
  for (;;) {
    auto n = inet::getstat(self(), b, {inet::stat_option::recv_cnt});
    BOOST_REQUIRE(n);
    if (n->front().second == 3u)
      break;
    BOOST_REQUIRE(std::chrono::steady_clock::now() < deadline);
  }
  // (Not mailbox().size(): see mailbox_empty_after_sync.)
  BOOST_REQUIRE(!self()->mailbox().empty());
  auto me = caf::actor{self()};
  auto heir = spawn_lambda(sys(), [me](caf::event_based_actor* e) {
    auto got = std::make_shared<std::vector<std::string>>();
    return caf::behavior{[e, me, got](udp_msg& m) {
      got->push_back(m.data.to_string());
      if (got->size() == 4) {
        std::string all;
        for (auto& x : *got)
          all += x;
        e->send(me, done_atom::value, all);
      }
    }};
  });
  BOOST_REQUIRE(gen_udp::controlling_process(self(), b, heir));
  send_to(a, b, "4");
  std::string all;
  self()->receive([&](done_atom, std::string& x) { all = x; },
                  caf::after(budget) >> [] {});
  BOOST_TEST(all == "1234");
  BOOST_TEST(self()->mailbox().empty());
  self()->send_exit(heir, caf::exit_reason::user_shutdown);
}

BOOST_AUTO_TEST_CASE(inet_functions_work_on_udp_sockets) {
  BOOST_TEST_MESSAGE("Ensure that getstat counts datagrams, info and i show "
                     "a UDP socket (inet_udp, DGRAM, IDLE), monitor reports "
                     "its close and i forgets it");
  auto a = open({inet::active(false)});
  auto b = open({inet::active(false)});
  send_to(a, b, "12345");
  BOOST_REQUIRE(gen_udp::recv(self(), b, 0, budget));
  auto stats = inet::getstat(self(), b, {inet::stat_option::recv_cnt,
                                         inet::stat_option::recv_oct});
  BOOST_REQUIRE(stats);
  BOOST_TEST((*stats)[0].second == 1u);
  BOOST_TEST((*stats)[1].second == 5u);
  auto sent = inet::getstat(self(), a, {inet::stat_option::send_oct});
  BOOST_REQUIRE(sent);
  BOOST_TEST(sent->front().second == 5u);
  auto table = inet::format_i(self(), inet::socket_protocol::udp,
                              inet::all_i_items(true));
  BOOST_TEST(table.find("inet_udp") != std::string::npos);
  BOOST_TEST(table.find("DGRAM") != std::string::npos);
  BOOST_TEST(table.find("IDLE") != std::string::npos);
  BOOST_TEST(table.find("localhost:" + std::to_string(port_of(b)))
             != std::string::npos);
  BOOST_TEST(inet::format_i(self(), inet::socket_protocol::tcp).empty());
  auto ref = inet::monitor(self(), b);
  BOOST_REQUIRE(inet::close(self(), b));
  auto down = expect<inet_down_msg>();
  BOOST_TEST((down.ref == ref));
  BOOST_REQUIRE(gen_udp::close(self(), a));
  BOOST_TEST(inet::format_i(self(), inet::socket_protocol::udp).empty());
  BOOST_TEST(why(gen_udp::recv(self(), a, 0, budget)) == "closed");
}

BOOST_AUTO_TEST_CASE(the_socket_closes_when_its_owner_dies) {
  BOOST_TEST_MESSAGE("Ensure that a UDP socket closes when its owner "
                     "terminates (a monitor reports it)");
  auto me = caf::actor{self()};
  auto owner = spawn_lambda(sys(), [me](caf::event_based_actor* e) {
    gen_udp::open(e, 0, {inet::ip{inet::ip_address::loopback_v4()}})
      .then([e, me](caf::expected<otpnet::socket> s) {
        if (s)
          e->send(me, done_atom::value, *s);
        e->quit();
      });
  });
  otpnet::socket s;
  self()->receive([&](done_atom, otpnet::socket& x) { s = x; },
                  caf::after(budget) >> [] {});
  BOOST_REQUIRE(static_cast<bool>(s));
  inet::monitor(self(), s);
  auto down = expect<inet_down_msg>();
  BOOST_TEST((down.socket == s));
}

BOOST_AUTO_TEST_CASE(event_based_calls_chain_with_await) {
  BOOST_TEST_MESSAGE("Ensure that an event-based actor can open, connect, "
                     "send, recv and close with await, with the blocking "
                     "calls' results");
  auto peer = open({inet::active(false)});
  auto me = caf::actor{self()};
  auto lo4 = lo;
  uint16_t peer_port = port_of(peer);
  spawn_lambda(sys(), [me, lo4, peer_port](caf::event_based_actor* e) {
    auto opts = gen_udp::option_list{inet::ip{lo4}, inet::active(false)};
    gen_udp::open(e, 0, opts).await([=](caf::expected<otpnet::socket> s) {
      if (!s)
        return e->send(me, done_atom::value, std::string{"open failed"});
      gen_udp::connect(e, *s, lo4, peer_port).await([=](caf::expected<void>) {
        gen_udp::send(e, *s, binary{"ping"}).await([=](caf::expected<void>) {
          gen_udp::recv(e, *s, 0, budget).await(
            [=](caf::expected<gen_udp::datagram> d) {
              auto text = d ? d->data.to_string() : std::string{"no reply"};
              gen_udp::close(e, *s).await([=](caf::expected<void> r) {
                e->send(me, done_atom::value, text + (r ? " closed" : ""));
              });
            });
        });
      });
    });
  });
  auto ping = gen_udp::recv(self(), peer, 0, budget);
  BOOST_REQUIRE(ping);
  BOOST_TEST(ping->data.to_string() == "ping");
  BOOST_REQUIRE(gen_udp::send(self(), peer, ping->ip, ping->port,
                              binary{"pong"}));
  std::string result;
  self()->receive([&](done_atom, std::string& x) { result = x; },
                  caf::after(budget) >> [] {});
  BOOST_TEST(result == "pong closed");
}

BOOST_AUTO_TEST_CASE(ipv6_datagrams_on_loopback) {
  BOOST_TEST_MESSAGE("Ensure that inet6 UDP sockets exchange datagrams on "
                     "::1 with IPv6 sender addresses");
  auto six = inet::ip_address::loopback_v6();
  auto a = gen_udp::open(self(), 0, {inet::inet6, inet::ip{six},
                                     inet::active(false)});
  if (!a && why(a) == "eaddrnotavail") {
    BOOST_TEST_MESSAGE("no ::1 here: skipped");
    return;
  }
  BOOST_REQUIRE_MESSAGE(a, why(a));
  auto b = gen_udp::open(self(), 0, {inet::inet6, inet::ip{six}});
  BOOST_REQUIRE(b);
  BOOST_REQUIRE(gen_udp::send(self(), *a, six, port_of(*b), binary{"six"}));
  auto m = expect<udp_msg>();
  BOOST_TEST(m.data.to_string() == "six");
  BOOST_TEST((m.ip == six));
  BOOST_TEST(why(gen_udp::send(self(), *a, lo, 9, binary{"x"}))
             == "eafnosupport");
}

BOOST_AUTO_TEST_SUITE_END()
