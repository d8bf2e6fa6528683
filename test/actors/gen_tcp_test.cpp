// gen_tcp basics over real loopback sockets: listen, accept, connect, send,
// recv, close, shutdown, errors.

#include <thread>

#include <boost/test/unit_test.hpp>

#include "support/loopback.hpp"

using namespace otpnet;
using namespace otpnet::test;
using namespace std::chrono_literals;

BOOST_FIXTURE_TEST_SUITE(gen_tcp_suite, loopback_fixture)

BOOST_AUTO_TEST_CASE(listen_on_port_0_picks_an_ephemeral_port) {
  BOOST_TEST_MESSAGE("Ensure that listen(0) binds a real port that inet:port reports");
  auto ls = listen();
  auto port = port_of(ls);
  BOOST_TEST(port > 0);
  auto addr = inet::sockname(self(), ls);
  BOOST_REQUIRE(addr);
  BOOST_TEST(addr->port == port);
  BOOST_TEST((addr->addr == inet::ip_address::loopback_v4()));
}

BOOST_AUTO_TEST_CASE(listen_on_a_used_port_is_eaddrinuse) {
  BOOST_TEST_MESSAGE("Ensure that a second listen on a bound port fails with eaddrinuse");
  auto ls = listen();
  auto again = gen_tcp::listen(self(), port_of(ls),
                               {inet::ip{inet::ip_address::loopback_v4()}});
  BOOST_REQUIRE(!again);
  BOOST_TEST((again.error() == errc::eaddrinuse));
}

BOOST_AUTO_TEST_CASE(listen_rejects_bad_port_and_options) {
  BOOST_TEST_MESSAGE("Ensure that a port outside 0..65535 or a bad option is einval");
  auto r1 = gen_tcp::listen(self(), 70000);
  BOOST_TEST((r1.error() == errc::einval));
  auto r2 = gen_tcp::listen(self(), 0, {inet::backlog{-1}});
  BOOST_TEST((r2.error() == errc::einval));
  auto r3 = gen_tcp::listen(self(), 0, {inet::packet(3)});
  BOOST_TEST((r3.error() == errc::einval));
}

BOOST_AUTO_TEST_CASE(connect_and_accept_exchange_data_both_ways) {
  BOOST_TEST_MESSAGE("Ensure that data sent by gen_tcp:send arrives as {tcp,S,Data} at the other otpnet socket");
  auto ls = listen({inet::active(false)});
  auto c = gen_tcp::connect(self(), "127.0.0.1", port_of(ls),
                            {inet::active(false)}, budget);
  BOOST_REQUIRE(c);
  auto s = gen_tcp::accept(self(), ls, budget);
  BOOST_REQUIRE(s);
  BOOST_REQUIRE(gen_tcp::send(self(), *c, binary{"ping"}));
  auto got = gen_tcp::recv(self(), *s, 4, budget);
  BOOST_REQUIRE(got);
  BOOST_TEST(got->view() == "ping");
  BOOST_REQUIRE(gen_tcp::send(self(), *s, binary{"pong"}));
  auto back = gen_tcp::recv(self(), *c, 4, budget);
  BOOST_REQUIRE(back);
  BOOST_TEST(back->view() == "pong");
  auto peer = inet::peername(self(), *c);
  BOOST_REQUIRE(peer);
  BOOST_TEST(peer->port == port_of(ls));
}

BOOST_AUTO_TEST_CASE(connect_by_hostname_localhost) {
  BOOST_TEST_MESSAGE("Ensure that connect resolves a host name");
  auto ls = listen();
  auto c = gen_tcp::connect(self(), "localhost", port_of(ls), {}, budget);
  BOOST_REQUIRE_MESSAGE(c, why(c));
}

BOOST_AUTO_TEST_CASE(connect_to_a_closed_port_is_econnrefused) {
  BOOST_TEST_MESSAGE("Ensure that connecting where nobody listens returns econnrefused");
  auto ls = listen();
  auto port = port_of(ls);
  BOOST_REQUIRE(gen_tcp::close(self(), ls));
  auto c = gen_tcp::connect(self(), "127.0.0.1", port, {}, budget);
  BOOST_REQUIRE(!c);
  BOOST_TEST((c.error() == errc::econnrefused));
  BOOST_TEST(inet::format_error(errc_of(c.error())) == "Connection refused");
}

BOOST_AUTO_TEST_CASE(ipv6_loopback_works) {
  BOOST_TEST_MESSAGE("Ensure that listen/connect/send work over ::1");
  auto ls = gen_tcp::listen(self(), 0,
                            {inet::inet6, inet::ip{inet::ip_address::loopback_v6()},
                             inet::active(false)});
  BOOST_REQUIRE_MESSAGE(ls, why(ls));
  auto port = port_of(*ls);
  auto c = gen_tcp::connect(self(), "::1", port, {inet::inet6}, budget);
  BOOST_REQUIRE_MESSAGE(c, why(c));
  auto s = gen_tcp::accept(self(), *ls, budget);
  BOOST_REQUIRE(s);
  auto peer = inet::peername(self(), *s);
  BOOST_REQUIRE(peer);
  BOOST_TEST((peer->addr == inet::ip_address::loopback_v6()));
  BOOST_REQUIRE(gen_tcp::send(self(), *c, binary{"six"}));
  auto got = gen_tcp::recv(self(), *s, 3, budget);
  BOOST_REQUIRE(got);
  BOOST_TEST(got->view() == "six");
}

BOOST_AUTO_TEST_CASE(accept_times_out_and_keeps_later_connections) {
  BOOST_TEST_MESSAGE("Ensure that accept returns timeout and a later connection is still accepted");
  auto ls = listen();
  auto s = gen_tcp::accept(self(), ls, 20ms);
  BOOST_REQUIRE(!s);
  BOOST_TEST((s.error() == errc::timeout));
  auto [sock, peer] = accept_peer(ls);
  BOOST_TEST(static_cast<bool>(sock));
}

BOOST_AUTO_TEST_CASE(connections_in_the_backlog_are_accepted_in_order) {
  BOOST_TEST_MESSAGE("Ensure that connections already waiting in the backlog are accepted in arrival order with the listen socket's options, and that accept then waits for the next one");
  auto ls = listen({inet::active(false), inet::packet(2), inet::nodelay(true)});
  std::vector<raw_peer> peers;
  for (int i = 0; i < 3; ++i) {
    auto p = raw_peer::connect(port_of(ls));
    BOOST_REQUIRE(p);
    std::string body = "p" + std::to_string(i);
    BOOST_REQUIRE(p->write(std::string{'\0', '\2'} + body));
    peers.push_back(std::move(*p));
  }
  // Let the kernel finish the handshakes: all three wait in the backlog.
  std::this_thread::sleep_for(50ms);
  for (int i = 0; i < 3; ++i) {
    auto s = gen_tcp::accept(self(), ls, budget);
    BOOST_REQUIRE_MESSAGE(s, "accept failed: " << why(s));
    auto got = gen_tcp::recv(self(), *s, 0, budget);
    BOOST_REQUIRE(got);
    BOOST_TEST(got->view() == "p" + std::to_string(i));
    auto opts = inet::getopts(self(), *s, {inet::option_name::nodelay});
    BOOST_REQUIRE(opts);
    BOOST_REQUIRE_EQUAL(opts->size(), 1u);
    BOOST_TEST((std::get<inet::nodelay>(opts->front()).value == true));
  }
  auto none = gen_tcp::accept(self(), ls, 20ms);
  BOOST_REQUIRE(!none);
  BOOST_TEST((none.error() == errc::timeout));
  auto [late, peer] = accept_peer(ls);
  BOOST_TEST(static_cast<bool>(late));
}

BOOST_AUTO_TEST_CASE(accept_on_a_closed_listen_socket_is_closed) {
  BOOST_TEST_MESSAGE("Ensure that a pending accept returns closed when the listen socket closes");
  auto ls = listen();
  auto waiter = sys().spawn([](caf::event_based_actor* self, otpnet::socket ls) {
    return caf::behavior{[self, ls](caf::actor reply_to) {
      gen_tcp::accept(self, ls).then([self, reply_to](caf::expected<otpnet::socket> s) {
        self->send(reply_to, std::string{to_atom(s ? errc::ok : errc_of(s.error()))});
      });
      // The accept request is in the listen actor's mailbox now: a close
      // sent after this message arrives is queued behind it.
      self->send(reply_to, caf::ok_atom::value);
    }};
  }, ls);
  self()->send(waiter, caf::actor_cast<caf::actor>(self()));
  expect<caf::ok_atom>();
  BOOST_REQUIRE(gen_tcp::close(self(), ls));
  BOOST_TEST(expect<std::string>() == "closed");
  self()->send_exit(waiter, caf::exit_reason::user_shutdown);
}

BOOST_AUTO_TEST_CASE(eight_acceptors_on_one_listen_socket_each_get_one) {
  BOOST_TEST_MESSAGE("Ensure that 8 actors accepting on one listen socket each get exactly one connection");
  auto ls = listen();
  std::vector<caf::actor> acceptors;
  auto me = caf::actor_cast<caf::actor>(self());
  for (int i = 0; i < 8; ++i)
    acceptors.push_back(sys().spawn([](caf::event_based_actor* self, otpnet::socket ls, caf::actor me) {
      gen_tcp::accept(self, ls, budget).await([self, me](caf::expected<otpnet::socket> s) {
        self->send(me, s ? s->id() : uint64_t{0});
        self->become([](tcp_msg&) {}, [](tcp_closed_msg&) {});
      });
      return caf::behavior{[](int) {}};
    }, ls, me));
  std::vector<raw_peer> peers;
  for (int i = 0; i < 8; ++i) {
    auto p = raw_peer::connect(port_of(ls));
    BOOST_REQUIRE(p);
    peers.push_back(std::move(*p));
  }
  std::set<uint64_t> ids;
  for (int i = 0; i < 8; ++i) {
    auto id = expect<uint64_t>();
    BOOST_TEST(id != 0u);
    ids.insert(id);
  }
  BOOST_TEST(ids.size() == 8u);
  for (auto& a : acceptors)
    self()->send_exit(a, caf::exit_reason::user_shutdown);
}

BOOST_AUTO_TEST_CASE(close_is_seen_by_the_peer_and_later_calls_return_closed) {
  BOOST_TEST_MESSAGE("Ensure that close sends FIN to the peer and later calls on the socket return closed");
  auto ls = listen();
  auto [s, peer] = accept_peer(ls);
  BOOST_REQUIRE(gen_tcp::send(self(), s, binary{"bye"}));
  BOOST_REQUIRE(gen_tcp::close(self(), s));
  BOOST_TEST(peer.read_exact(3).value_or("") == "bye");
  BOOST_TEST(peer.read_eof());
  auto r = gen_tcp::send(self(), s, binary{"x"});
  BOOST_REQUIRE(!r);
  BOOST_TEST((r.error() == errc::closed));
  BOOST_TEST(static_cast<bool>(gen_tcp::close(self(), s)));
}

BOOST_AUTO_TEST_CASE(a_socket_value_outliving_its_actor_still_answers_closed) {
  BOOST_TEST_MESSAGE("Ensure that calls on a socket whose actor has ended (its state destroyed) return closed from blocking and event-based callers; the gate they read lives as long as the value");
  auto ls = listen();
  auto [s, peer] = accept_peer(ls);
  self()->monitor(s.actor());
  BOOST_REQUIRE(gen_tcp::close(self(), s));
  expect<caf::down_msg>(); // CAF destroyed the actor's state before this
  BOOST_REQUIRE(s.shared() != nullptr);
  auto r = gen_tcp::send(self(), s, binary{"x"});
  BOOST_REQUIRE(!r);
  BOOST_TEST((r.error() == errc::closed));
  auto o = inet::setopts(self(), s, {inet::active(inet::once)});
  BOOST_REQUIRE(!o);
  BOOST_TEST((o.error() == errc::closed));
  auto me = caf::actor{self()};
  // Arguments rather than captures: CAF 0.17 binds a null reference when
  // it spawns a function without any (UBSan reports it).
  self()->spawn([](caf::event_based_actor* a, caf::actor me, otpnet::socket s) {
    gen_tcp::send(a, s, binary{"x"}).then([a, me, s](caf::expected<void> x) {
      auto sent = why(x);
      inet::setopts(a, s, {inet::active(inet::once)})
        .then([a, me, sent](caf::expected<void> y) {
          a->send(me, sent + " " + why(y));
          a->quit();
        });
    });
  }, me, s);
  BOOST_TEST(expect<std::string>() == "closed closed");
}

BOOST_AUTO_TEST_CASE(shutdown_write_sends_fin_after_queued_data_and_keeps_reading) {
  BOOST_TEST_MESSAGE("Ensure that shutdown(write) delivers queued data, then FIN, and reading still works");
  auto ls = listen({inet::active(false)});
  auto [s, peer] = accept_peer(ls);
  std::string big(200000, 'z');
  BOOST_REQUIRE(gen_tcp::send(self(), s, binary{big}));
  BOOST_REQUIRE(gen_tcp::shutdown(self(), s, gen_tcp::shutdown_how::write));
  auto got = peer.read_exact(big.size());
  BOOST_REQUIRE(got);
  BOOST_TEST((*got == big));
  BOOST_TEST(peer.read_eof());
  BOOST_REQUIRE(peer.write("still"));
  auto r = gen_tcp::recv(self(), s, 5, budget);
  BOOST_REQUIRE(r);
  BOOST_TEST(r->view() == "still");
  auto w = gen_tcp::send(self(), s, binary{"late"});
  BOOST_TEST(!w);
}

BOOST_AUTO_TEST_CASE(shutdown_read_takes_effect_at_once_and_writing_goes_on) {
  BOOST_TEST_MESSAGE("Ensure that after shutdown(read) recv reports closed at once, and the socket can still send");
  auto ls = listen({inet::active(false), inet::exit_on_close{false}});
  auto [s, peer] = accept_peer(ls);
  BOOST_REQUIRE(gen_tcp::shutdown(self(), s, gen_tcp::shutdown_how::read));
  auto r = gen_tcp::recv(self(), s, 0, budget);
  BOOST_REQUIRE(!r);
  BOOST_TEST((r.error() == errc::closed));
  BOOST_REQUIRE(gen_tcp::send(self(), s, binary{"still"}));
  BOOST_TEST(peer.read_exact(5).value_or("") == "still");
}

BOOST_AUTO_TEST_CASE(send_from_a_non_owner_actor_works) {
  BOOST_TEST_MESSAGE("Ensure that any actor, not only the owner, may send on a socket");
  auto ls = listen();
  auto [s, peer] = accept_peer(ls);
  caf::scoped_actor other{sys()};
  BOOST_REQUIRE(gen_tcp::send(other, s, binary{"from another"}));
  BOOST_TEST(peer.read_exact(12).value_or("") == "from another");
}

BOOST_AUTO_TEST_CASE(calls_on_a_null_socket_are_badarg) {
  BOOST_TEST_MESSAGE("Ensure that a default-constructed socket gives badarg, not a crash");
  otpnet::socket none;
  BOOST_TEST((gen_tcp::send(self(), none, binary{"x"}).error() == errc::badarg));
  BOOST_TEST((gen_tcp::recv(self(), none, 0, 10ms).error() == errc::badarg));
  BOOST_TEST((gen_tcp::accept(self(), none, 10ms).error() == errc::badarg));
}

BOOST_AUTO_TEST_CASE(recv_on_a_listen_socket_is_enotconn) {
  BOOST_TEST_MESSAGE("Ensure that data calls on a listen socket fail cleanly");
  auto ls = listen();
  BOOST_TEST((gen_tcp::recv(self(), ls, 0, 10ms).error() == errc::enotconn));
  BOOST_TEST((gen_tcp::send(self(), ls, binary{"x"}).error() == errc::enotconn));
}

BOOST_AUTO_TEST_CASE(closing_during_a_read_never_reads_the_next_connection) {
  BOOST_TEST_MESSAGE("Ensure that closing a socket while its peer streams (a read may be under way on the I/O thread) never lets that read touch the descriptor a new connection reuses: the next connection gets exactly its own bytes; repeated to meet the race");
  auto ls = listen({inet::active(true)});
  std::string burst(32 * 1024, 'x');
  for (int i = 0; i < 50; ++i) {
    auto [a, peer_a] = accept_peer(ls);
    BOOST_REQUIRE(peer_a.write(burst));
    auto first = expect<tcp_msg>();
    BOOST_REQUIRE((first.socket == a));
    BOOST_REQUIRE(gen_tcp::close(self(), a));
    // Likely on the descriptor `a` had: a stale read would take its bytes.
    auto [b, peer_b] = accept_peer(ls);
    auto want = "round " + std::to_string(i);
    BOOST_REQUIRE(peer_b.write(want));
    std::string got;
    while (got.size() < want.size()) {
      auto m = expect<tcp_msg>();
      if (m.socket == b)
        got += m.data.to_string();
      else // delivered by `a` before its close: allowed, not counted
        BOOST_REQUIRE((m.socket == a));
    }
    BOOST_REQUIRE_EQUAL(got, want);
    BOOST_REQUIRE(gen_tcp::close(self(), b));
  }
}

BOOST_AUTO_TEST_SUITE_END()
