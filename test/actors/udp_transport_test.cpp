// The Asio datagram_transport (runtime/src/asio_udp_transport.hpp) over
// real UDP sockets on loopback, driven directly, without a socket actor.

#include <chrono>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include <boost/test/unit_test.hpp>

#include <caf/atom.hpp>

#include "otpnet/runtime.hpp"
#include "otpnet/runtime/transport.hpp"

#include "net/inet_printers.hpp"

using namespace otpnet;
using namespace std::literals;

namespace {

constexpr auto budget = std::chrono::seconds{5};

struct received {
  errc err;
  inet::socket_address from;
  binary data;
};

struct udp_fixture {
  runtime_config cfg;
  std::unique_ptr<runtime> rt;

  udp_fixture() {
    cfg.set("scheduler.max-threads", 2);
    cfg.set("logger.verbosity", caf::atom("quiet"));
    rt = std::make_unique<runtime>(cfg);
  }

  ~udp_fixture() {
    rt.reset();
  }

  static net::socket_options options_for(const inet::ip_address& ip) {
    net::socket_options opts;
    opts.ip = ip;
    opts.family = ip.is_v6() ? inet::family_kind::inet6
                             : inet::family_kind::inet;
    return opts;
  }

  net::result<datagram_transport_ptr> try_open(const inet::ip_address& ip,
                                               uint16_t port = 0) {
    return open_udp(*rt, port, options_for(ip));
  }

  datagram_transport_ptr open(const inet::ip_address& ip
                              = inet::ip_address::loopback_v4()) {
    auto tr = try_open(ip);
    BOOST_REQUIRE_MESSAGE(tr, "open_udp failed: " << to_atom(tr.error()));
    return *tr;
  }

  static inet::socket_address name_of(const datagram_transport& tr) {
    auto name = tr.sockname();
    BOOST_REQUIRE_MESSAGE(name, "sockname failed: " << to_atom(name.error()));
    return *name;
  }

  /// Starts an async_receive; the future is ready once it completes.
  static std::future<received> start_receive(datagram_transport& tr,
                                             size_t max_bytes) {
    auto p = std::make_shared<std::promise<received>>();
    auto f = p->get_future();
    tr.async_receive(max_bytes, [p](errc err, inet::socket_address from,
                                    binary data) {
      p->set_value(received{err, from, std::move(data)});
    });
    return f;
  }

  static received await(std::future<received>& f) {
    BOOST_REQUIRE_MESSAGE(f.wait_for(budget) == std::future_status::ready,
                          "async_receive did not complete");
    return f.get();
  }

  static received receive(datagram_transport& tr, size_t max_bytes = 1500) {
    auto f = start_receive(tr, max_bytes);
    return await(f);
  }

  static errc send_async(datagram_transport& tr,
                         std::optional<inet::socket_address> to,
                         binary data) {
    auto p = std::make_shared<std::promise<errc>>();
    auto f = p->get_future();
    tr.async_send(to, std::move(data), [p](errc err) { p->set_value(err); });
    BOOST_REQUIRE_MESSAGE(f.wait_for(budget) == std::future_status::ready,
                          "async_send did not complete");
    return f.get();
  }

  /// try_receive until something other than eagain, for at most `budget`.
  static errc poll_receive(datagram_transport& tr, size_t max_bytes,
                           inet::socket_address& from, binary& out) {
    auto deadline = std::chrono::steady_clock::now() + budget;
    for (;;) {
      auto err = tr.try_receive(max_bytes, from, out);
      if (err != errc::eagain || std::chrono::steady_clock::now() > deadline)
        return err;
      std::this_thread::sleep_for(1ms);
    }
  }

  /// Both transports exchange a datagram each way.
  void exchange(datagram_transport& a, datagram_transport& b) {
    auto a_name = name_of(a);
    auto b_name = name_of(b);
    BOOST_TEST(to_atom(a.try_send(b_name, "ping")) == "ok");
    auto r = receive(b);
    BOOST_TEST(to_atom(r.err) == "ok");
    BOOST_TEST(r.from == a_name);
    BOOST_TEST(r.data.view() == "ping");
    BOOST_TEST(to_atom(send_async(b, a_name, "pong")) == "ok");
    r = receive(a);
    BOOST_TEST(to_atom(r.err) == "ok");
    BOOST_TEST(r.from == b_name);
    BOOST_TEST(r.data.view() == "pong");
  }
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(udp_transport_suite, udp_fixture)

BOOST_AUTO_TEST_CASE(datagrams_go_both_ways_with_their_sender) {
  auto a = open();
  auto b = open();
  auto a_name = name_of(*a);
  BOOST_TEST(a_name.addr == inet::ip_address::loopback_v4());
  BOOST_TEST(a_name.port != 0);
  exchange(*a, *b);
  // An empty datagram is a datagram, not the end of anything.
  BOOST_TEST(to_atom(a->try_send(name_of(*b), binary{})) == "ok");
  auto r = receive(*b);
  BOOST_TEST(to_atom(r.err) == "ok");
  BOOST_TEST(r.data.empty());
  a->close();
  b->close();
}

BOOST_AUTO_TEST_CASE(large_datagrams_keep_their_bytes) {
  // Above half the receive buffer: the received binary keeps that buffer,
  // and the next receive must not write into it.
  auto a = open();
  auto b = open();
  auto b_name = name_of(*b);
  std::string first(40000, 'a');
  std::string second(40000, 'b');
  BOOST_TEST(to_atom(a->try_send(b_name, first)) == "ok");
  BOOST_TEST(to_atom(a->try_send(b_name, second)) == "ok");
  auto r1 = receive(*b, 65536);
  auto r2 = receive(*b, 65536);
  BOOST_TEST(to_atom(r1.err) == "ok");
  BOOST_TEST(to_atom(r2.err) == "ok");
  BOOST_TEST(r1.data.size() == first.size());
  BOOST_TEST((r1.data.view() == first));
  BOOST_TEST((r2.data.view() == second));
  a->close();
  b->close();
}

BOOST_AUTO_TEST_CASE(try_receive_says_eagain_until_a_datagram_is_there) {
  auto a = open();
  auto b = open();
  inet::socket_address from;
  binary data;
  BOOST_TEST(to_atom(b->try_receive(1500, from, data)) == "eagain");
  BOOST_TEST(to_atom(a->try_send(name_of(*b), "fast")) == "ok");
  BOOST_TEST(to_atom(poll_receive(*b, 1500, from, data)) == "ok");
  BOOST_TEST(from == name_of(*a));
  BOOST_TEST(data.view() == "fast");
  BOOST_TEST(to_atom(b->try_receive(1500, from, data)) == "eagain");
  a->close();
  b->close();
}

BOOST_AUTO_TEST_CASE(a_longer_datagram_is_cut_to_max_bytes) {
  auto a = open();
  auto b = open();
  auto b_name = name_of(*b);
  std::string payload = "0123456789abcdefghij";
  BOOST_TEST(to_atom(a->try_send(b_name, payload)) == "ok");
  BOOST_TEST(to_atom(a->try_send(b_name, "next")) == "ok");
  auto r = receive(*b, 10);
  BOOST_TEST(to_atom(r.err) == "ok");
  BOOST_TEST(r.data.view() == "0123456789");
  // The rest is lost: the next receive gets the next datagram.
  r = receive(*b, 10);
  BOOST_TEST(r.data.view() == "next");
  // Likewise on the fast path.
  BOOST_TEST(to_atom(a->try_send(b_name, payload)) == "ok");
  inet::socket_address from;
  binary data;
  BOOST_TEST(to_atom(poll_receive(*b, 4, from, data)) == "ok");
  BOOST_TEST(data.view() == "0123");
  a->close();
  b->close();
}

BOOST_AUTO_TEST_CASE(connect_fixes_the_peer) {
  auto a = open();
  auto b = open();
  auto c = open();
  auto a_name = name_of(*a);
  auto b_name = name_of(*b);
  auto before = a->peername();
  BOOST_TEST(to_atom(before.error()) == "enotconn");
  BOOST_TEST(to_atom(a->try_send(std::nullopt, "nowhere")) == "edestaddrreq");
  BOOST_TEST(to_atom(a->connect(b_name)) == "ok");
  auto after = a->peername();
  BOOST_REQUIRE_MESSAGE(after, "peername failed: " << to_atom(after.error()));
  BOOST_TEST(*after == b_name);
  BOOST_TEST(to_atom(a->try_send(std::nullopt, "hi")) == "ok");
  auto r = receive(*b);
  BOOST_TEST(to_atom(r.err) == "ok");
  BOOST_TEST(r.from == a_name);
  BOOST_TEST(r.data.view() == "hi");
  BOOST_TEST(to_atom(send_async(*a, std::nullopt, "again")) == "ok");
  r = receive(*b);
  BOOST_TEST(r.data.view() == "again");
  // The kernel drops what others send: c's datagram never shows.
  BOOST_TEST(to_atom(c->try_send(a_name, "stranger")) == "ok");
  BOOST_TEST(to_atom(b->try_send(a_name, "peer")) == "ok");
  r = receive(*a);
  BOOST_TEST(r.from == b_name);
  BOOST_TEST(r.data.view() == "peer");
  a->close();
  b->close();
  c->close();
}

BOOST_AUTO_TEST_CASE(a_refused_datagram_fails_the_receive) {
  auto a = open();
  auto gone = open();
  auto gone_name = name_of(*gone);
  gone->close();
  BOOST_TEST(to_atom(a->connect(gone_name)) == "ok");
  auto f = start_receive(*a, 1500);
  BOOST_TEST(to_atom(a->try_send(std::nullopt, "anyone?")) == "ok");
  auto r = await(f);
  BOOST_TEST(to_atom(r.err) == "econnrefused");
  a->close();
}

BOOST_AUTO_TEST_CASE(an_address_of_the_other_family_is_eafnosupport) {
  auto a = open();
  inet::socket_address v6{inet::ip_address::loopback_v6(), 9};
  BOOST_TEST(to_atom(a->try_send(v6, "x")) == "eafnosupport");
  BOOST_TEST(to_atom(send_async(*a, v6, "x")) == "eafnosupport");
  BOOST_TEST(to_atom(a->connect(v6)) == "eafnosupport");
  a->close();
}

BOOST_AUTO_TEST_CASE(close_completes_an_outstanding_receive) {
  auto a = open();
  auto a_name = name_of(*a);
  auto f = start_receive(*a, 1500);
  a->close();
  auto r = await(f);
  BOOST_TEST(to_atom(r.err) == "closed");
  a->close(); // idempotent
  inet::socket_address from;
  binary data;
  BOOST_TEST(to_atom(a->try_receive(1500, from, data)) == "closed");
  BOOST_TEST(to_atom(a->try_send(a_name, "x")) == "closed");
  BOOST_TEST(to_atom(send_async(*a, a_name, "x")) == "closed");
  BOOST_TEST(to_atom(receive(*a).err) == "closed");
  BOOST_TEST(to_atom(a->sockname().error()) == "closed");
  // The port is free as soon as close returns.
  auto again = try_open(inet::ip_address::loopback_v4(), a_name.port);
  BOOST_TEST(to_atom(again.error()) == "ok");
  if (again)
    (*again)->close();
}

BOOST_AUTO_TEST_CASE(kernel_options_are_applied) {
  auto opts = options_for(inet::ip_address::loopback_v4());
  opts.recbuf = 32768;
  opts.sndbuf = 32768;
  opts.tos = 0x10;
  auto tr = open_udp(*rt, 0, opts);
  BOOST_REQUIRE_MESSAGE(tr, "open_udp failed: " << to_atom(tr.error()));
  auto& a = **tr;
  auto rb = a.recbuf();
  auto sb = a.sndbuf();
  BOOST_REQUIRE(rb);
  BOOST_REQUIRE(sb);
  BOOST_TEST(*rb >= 32768u);
  BOOST_TEST(*sb >= 32768u);
  opts.recbuf = 100000;
  BOOST_TEST(to_atom(a.apply_options(opts)) == "ok");
  rb = a.recbuf();
  BOOST_REQUIRE(rb);
  BOOST_TEST(*rb >= 100000u);
  a.close();
}

BOOST_AUTO_TEST_CASE(ipv6_loopback_works) {
  auto a = try_open(inet::ip_address::loopback_v6());
  if (!a && (a.error() == errc::eaddrnotavail
             || a.error() == errc::eafnosupport)) {
    BOOST_TEST_MESSAGE("skipped: no IPv6 loopback (" << to_atom(a.error())
                                                     << ")");
    return;
  }
  BOOST_REQUIRE_MESSAGE(a, "open_udp on ::1 failed: " << to_atom(a.error()));
  auto b = open(inet::ip_address::loopback_v6());
  BOOST_TEST(name_of(**a).addr == inet::ip_address::loopback_v6());
  exchange(**a, *b);
  inet::socket_address v4{inet::ip_address::loopback_v4(), 9};
  BOOST_TEST(to_atom((*a)->try_send(v4, "x")) == "eafnosupport");
  (*a)->close();
  b->close();
}

BOOST_AUTO_TEST_CASE(sends_with_ancillary_data) {
  BOOST_TEST_MESSAGE("Ensure that try_send_ancillary and "
                     "async_send_ancillary (to an address, and to the "
                     "connected peer) set IP_TOS and IP_TTL for their "
                     "datagram alone: plain sends before and after arrive "
                     "with the same defaults");
  auto opts = options_for(inet::ip_address::loopback_v4());
  opts.recvtos = true;
  opts.recvttl = true;
  auto b = open_udp(*rt, 0, opts);
  BOOST_REQUIRE(b);
  auto& rx = **b;
  auto a = open();
  auto b_name = name_of(rx);
  // "Packet AncData" of the next datagram at rx.
  auto next = [&rx] {
    auto p = std::make_shared<std::promise<std::string>>();
    auto f = p->get_future();
    rx.async_receive_ancillary(
      1500, [p](errc err, inet::socket_address, binary data,
                std::optional<inet::ancillary_data> anc) {
        p->set_value(err != errc::ok ? std::string{to_atom(err)}
                                     : std::string{data.view()} + " "
                                         + (anc ? inet::to_string(*anc)
                                                : "none"));
      });
    BOOST_REQUIRE_MESSAGE(f.wait_for(budget) == std::future_status::ready,
                          "async_receive_ancillary did not complete");
    return f.get();
  };
  auto send_anc_async = [&a](std::optional<inet::socket_address> to,
                             binary data, inet::ancillary_data anc) {
    auto p = std::make_shared<std::promise<errc>>();
    auto f = p->get_future();
    a->async_send_ancillary(to, std::move(data), anc,
                            [p](errc err) { p->set_value(err); });
    BOOST_REQUIRE_MESSAGE(f.wait_for(budget) == std::future_status::ready,
                          "async_send_ancillary did not complete");
    return f.get();
  };
  BOOST_TEST(to_atom(a->try_send(b_name, "p")) == "ok");
  auto plain = next(); // "p [{ttl,T},{tos,0}]"
  auto defaults = plain.substr(2);
  inet::ancillary_data anc;
  anc.set(inet::ancillary_kind::tos, 16);
  anc.set(inet::ancillary_kind::ttl, 5);
  BOOST_TEST(to_atom(a->try_send_ancillary(b_name, "try", anc)) == "ok");
  BOOST_TEST(next() == "try [{ttl,5},{tos,16}]");
  anc.set(inet::ancillary_kind::tos, 8);
  BOOST_TEST(to_atom(send_anc_async(b_name, "async", anc)) == "ok");
  BOOST_TEST(next() == "async [{ttl,5},{tos,8}]");
  BOOST_TEST(to_atom(send_async(*a, b_name, "plain")) == "ok");
  BOOST_TEST(next() == "plain " + defaults);
  BOOST_TEST(to_atom(a->connect(b_name)) == "ok");
  BOOST_TEST(to_atom(send_anc_async(std::nullopt, "peer", anc)) == "ok");
  BOOST_TEST(next() == "peer [{ttl,5},{tos,8}]");
  BOOST_TEST(to_atom(a->try_send(std::nullopt, "last")) == "ok");
  BOOST_TEST(next() == "last " + defaults);
  a->close();
  rx.close();
}

BOOST_AUTO_TEST_SUITE_END()
