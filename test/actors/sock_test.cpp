// The socket module (otpnet::sock) over loopback: the spec's asynchronous
// calls (select and abort messages, the current user's lock-out, cancel),
// blocking calls with time-outs, datagrams, options, ownership and the
// socket registry.

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include <otpnet/sock.hpp>
#include <otpnet/sock_info.hpp>

#include "support/sock_fixture.hpp"
#include "support/spawn.hpp"

using namespace otpnet;
using namespace otpnet::test;
using namespace std::literals;

namespace {

using next_atom = caf::atom_constant<caf::atom("next")>;

/// A runtime factory without OS sockets (a transport_factory that does
/// not override open_os_socket).
struct no_os_factory : transport_factory {
  stream_transport_ptr make_tcp_transport() override {
    return nullptr;
  }
  net::result<listen_transport_ptr>
  open_tcp_listener(uint16_t, const net::socket_options&) override {
    return errc::eafnosupport;
  }
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(sock_suite, sock_fixture)

BOOST_AUTO_TEST_CASE(open_reports_its_kind_and_refuses_bad_pairs) {
  BOOST_TEST_MESSAGE("Ensure that open picks the type's protocol, getopt "
                     "reports domain, type and protocol, and a protocol the "
                     "type has not is eprotonosupport");
  auto s = open();
  auto u = open(sock::domain::inet6, sock::type::dgram);
  using sock::level;
  using sock::name;
  BOOST_TEST((sock::getopt(self(), s, {level::socket, name::type})
              == sock::value{sock::type::stream}));
  BOOST_TEST((sock::getopt(self(), s, {level::socket, name::protocol})
              == sock::value{sock::protocol::tcp}));
  BOOST_TEST((sock::getopt(self(), u, {level::socket, name::protocol})
              == sock::value{sock::protocol::udp}));
  BOOST_TEST((sock::getopt(self(), u, {level::socket, name::domain})
              == sock::value{sock::domain::inet6}));
  auto bad = sock::open(self(), sock::domain::inet, sock::type::dgram,
                        sock::protocol::tcp);
  BOOST_TEST(why(bad) == "eprotonosupport");
  BOOST_TEST(ok(sock::close(self(), s)));
  BOOST_TEST(ok(sock::close(self(), u)));
}

BOOST_AUTO_TEST_CASE(registry_lists_open_sockets_only) {
  BOOST_TEST_MESSAGE("Ensure that number_of and which_sockets list the "
                     "socket module's open sockets (not gen_tcp's), and "
                     "that a closed socket answers closed");
  BOOST_TEST(sock::number_of(sys()) == 0u);
  auto ls = listen(); // a gen_tcp socket: not in this registry
  auto a = open();
  auto b = open(sock::domain::inet, sock::type::dgram);
  BOOST_TEST(sock::number_of(sys()) == 2u);
  auto all = sock::which_sockets(sys());
  BOOST_TEST(all.size() == 2u);
  BOOST_TEST((std::find(all.begin(), all.end(), a) != all.end()));
  BOOST_TEST((std::find(all.begin(), all.end(), b) != all.end()));
  BOOST_TEST(ok(sock::close(self(), a)));
  BOOST_TEST(sock::number_of(sys()) == 1u);
  BOOST_TEST(why(sock::sockname(self(), a)) == "closed");
  BOOST_TEST(why(sock::close(self(), a)) == "closed");
  BOOST_TEST(ok(sock::close(self(), b)));
  BOOST_TEST(ok(gen_tcp::close(self(), ls)));
}

BOOST_AUTO_TEST_CASE(use_registry_false_keeps_a_socket_unlisted) {
  BOOST_TEST_MESSAGE("Ensure that a socket opened with use_registry false "
                     "works but number_of and which_sockets leave it out, "
                     "{otp, use_registry} says so, the sockets it accepts "
                     "are unlisted too, and use_registry/2 sets the default "
                     "for later opens only, an explicit choice winning");
  using sock::level;
  using sock::name;
  sock::open_options unlisted;
  unlisted.use_registry = false;
  auto l = sock::open(self(), sock::domain::inet, sock::type::stream,
                      unlisted);
  BOOST_REQUIRE(l);
  BOOST_TEST(sock::number_of(sys()) == 0u);
  BOOST_TEST(sock::which_sockets(sys()).empty());
  BOOST_TEST((sock::getopt(self(), *l, {level::otp, name::use_registry})
              == sock::value{false}));
  BOOST_REQUIRE(sock::bind(self(), *l, lo4));
  BOOST_REQUIRE(sock::listen(self(), *l));
  auto c = open(); // listed, as by default
  BOOST_TEST(sock::number_of(sys()) == 1u);
  BOOST_REQUIRE(sock::connect(self(), c, name_of(*l), budget));
  auto a = sock::accept(self(), *l, budget);
  BOOST_REQUIRE(a);
  BOOST_TEST(sock::number_of(sys()) == 1u);
  BOOST_TEST((sock::getopt(self(), *a, {level::otp, name::use_registry})
              == sock::value{false}));
  send(c, "hello");
  auto got = sock::recv(self(), *a, 5, budget);
  BOOST_REQUIRE(got);
  BOOST_TEST(got->to_string() == "hello");

  sock::use_registry(sys(), false);
  auto d = open();
  sock::open_options listed;
  listed.use_registry = true;
  auto e = sock::open(self(), sock::domain::inet, sock::type::dgram,
                      sock::protocol::udp, listed);
  BOOST_REQUIRE(e);
  sock::use_registry(sys(), true);
  auto all = sock::which_sockets(sys());
  BOOST_TEST(all.size() == 2u);
  BOOST_TEST((std::find(all.begin(), all.end(), c) != all.end()));
  BOOST_TEST((std::find(all.begin(), all.end(), *e) != all.end()));
  BOOST_TEST((sock::getopt(self(), d, {level::otp, name::use_registry})
              == sock::value{false}));
  for (auto& x : {*a, *l, d})
    BOOST_TEST(ok(sock::close(self(), x)));
  BOOST_TEST(sock::number_of(sys()) == 2u);
  for (auto& x : {c, *e})
    BOOST_TEST(ok(sock::close(self(), x)));
  BOOST_TEST(sock::number_of(sys()) == 0u);
}

BOOST_AUTO_TEST_CASE(an_accepted_socket_inherits_the_otp_settings) {
  BOOST_TEST_MESSAGE("Ensure that a socket accepted by a listen socket "
                     "whose {otp, rcvbuf | rcvctrlbuf | sndctrlbuf} were set "
                     "starts with the same values, as OTP 25's esock does, "
                     "while the connecting socket keeps the defaults");
  using sock::level;
  using sock::name;
  sock::option rcvbuf{level::otp, name::rcvbuf};
  sock::option rcvctrlbuf{level::otp, name::rcvctrlbuf};
  sock::option sndctrlbuf{level::otp, name::sndctrlbuf};
  auto l = listener();
  BOOST_REQUIRE(sock::setopt(self(), l, rcvbuf, 1234));
  BOOST_REQUIRE(sock::setopt(self(), l, rcvctrlbuf, 555));
  BOOST_REQUIRE(sock::setopt(self(), l, sndctrlbuf, 666));
  auto c = open();
  BOOST_REQUIRE(sock::connect(self(), c, name_of(l), budget));
  auto a = sock::accept(self(), l, budget);
  BOOST_REQUIRE(a);
  BOOST_TEST((sock::getopt(self(), *a, rcvbuf) == sock::value{1234}));
  BOOST_TEST((sock::getopt(self(), *a, rcvctrlbuf) == sock::value{555}));
  BOOST_TEST((sock::getopt(self(), *a, sndctrlbuf) == sock::value{666}));
  BOOST_TEST((sock::getopt(self(), c, rcvbuf) == sock::value{8192}));
  for (auto& x : {*a, c, l})
    BOOST_TEST(ok(sock::close(self(), x)));
}

BOOST_AUTO_TEST_CASE(accept_nowait_selects_then_accepts) {
  BOOST_TEST_MESSAGE("Ensure that accept(nowait) with no connection waiting "
                     "returns a select_info tagged accept, that the select "
                     "message with its handle comes when a client connects, "
                     "and that accept then returns the connection (recv on "
                     "a listening socket is enotconn, as in OTP)");
  auto l = listener();
  BOOST_TEST(why(sock::recv(self(), l, 0, 0ms)) == "enotconn");
  auto r = sock::accept(self(), l, nowait);
  BOOST_REQUIRE(r);
  BOOST_REQUIRE(!r->completed());
  BOOST_TEST((r->select->tag == sock::select_tag::accept));
  auto c = open();
  BOOST_REQUIRE(sock::connect(self(), c, name_of(l), budget));
  expect_select(l, *r->select);
  auto again = sock::accept(self(), l, nowait);
  BOOST_REQUIRE(again);
  BOOST_REQUIRE(again->completed());
  auto s = again->value;
  BOOST_TEST((sock::peername(self(), s) == name_of(c)));
  BOOST_TEST(sock::number_of(sys()) == 3u);
  for (auto& x : {c, s, l})
    BOOST_TEST(ok(sock::close(self(), x)));
}

BOOST_AUTO_TEST_CASE(connect_nowait_completes_with_connect_1) {
  BOOST_TEST_MESSAGE("Ensure that connect(nowait) either connects at once "
                     "or returns a select_info tagged connect whose select "
                     "message leads connect/1 to ok, and that connect/1 "
                     "reports econnrefused for a closed port and einval "
                     "when no connect was started");
  auto l = listener();
  auto c = open();
  BOOST_TEST(why(sock::connect(self(), c)) == "einval");
  auto r = sock::connect(self(), c, name_of(l), nowait);
  BOOST_REQUIRE_MESSAGE(r, why(r));
  if (*r) {
    BOOST_TEST(((*r)->tag == sock::select_tag::connect));
    expect_select(c, **r);
    BOOST_TEST(ok(sock::connect(self(), c)));
  }
  BOOST_TEST((sock::peername(self(), c) == name_of(l)));
  // A port nobody listens on: a socket bound and closed frees it.
  auto gone = open();
  BOOST_REQUIRE(sock::bind(self(), gone, lo4));
  auto port = name_of(gone);
  BOOST_REQUIRE(sock::close(self(), gone));
  auto d = open();
  auto r2 = sock::connect(self(), d, port, nowait);
  if (!r2) {
    BOOST_TEST(why(r2) == "econnrefused");
  } else {
    BOOST_REQUIRE(*r2);
    expect_select(d, **r2);
    BOOST_TEST(why(sock::connect(self(), d)) == "econnrefused");
  }
  for (auto& x : {c, d, l})
    BOOST_TEST(ok(sock::close(self(), x)));
}

BOOST_AUTO_TEST_CASE(recv_nowait_selects_then_reads) {
  BOOST_TEST_MESSAGE("Ensure that recv(0, nowait) on an empty socket "
                     "returns a select_info tagged recv, the select message "
                     "follows the peer's data, and recv then returns it");
  auto [c, s] = pair();
  auto r = sock::recv(self(), s, 0, nowait);
  BOOST_REQUIRE(r);
  BOOST_REQUIRE(!r->completed());
  BOOST_TEST((r->select->tag == sock::select_tag::recv));
  BOOST_TEST(r->value.empty());
  send(c, "hello");
  expect_select(s, *r->select);
  auto d = sock::recv(self(), s, 0, nowait);
  BOOST_REQUIRE(d);
  BOOST_REQUIRE(d->completed());
  BOOST_TEST(d->value.to_string() == "hello");
  BOOST_TEST(quiet(self(), s));
  BOOST_TEST(ok(sock::close(self(), c)));
  BOOST_TEST(ok(sock::close(self(), s)));
}

BOOST_AUTO_TEST_CASE(recv_n_nowait_returns_part_with_select) {
  BOOST_TEST_MESSAGE("Ensure that recv(N, nowait) with fewer than N bytes "
                     "there returns them with a select_info (OTP's {select, "
                     "{SelectInfo, Data}}), and the rest comes after the "
                     "select message");
  auto [c, s] = pair();
  auto first = sock::recv(self(), s, 0, nowait);
  BOOST_REQUIRE(first && !first->completed());
  send(c, "hello");
  expect_select(s, *first->select);
  auto part = sock::recv(self(), s, 10, nowait);
  BOOST_REQUIRE(part);
  BOOST_REQUIRE(!part->completed());
  BOOST_TEST(part->value.to_string() == "hello");
  send(c, "world");
  expect_select(s, *part->select);
  auto rest = sock::recv(self(), s, 5, nowait);
  BOOST_REQUIRE(rest && rest->completed());
  BOOST_TEST(rest->value.to_string() == "world");
  BOOST_TEST(ok(sock::close(self(), c)));
  BOOST_TEST(ok(sock::close(self(), s)));
}

BOOST_AUTO_TEST_CASE(blocking_recv_times_out_and_loses_nothing) {
  BOOST_TEST_MESSAGE("Ensure that recv with a time-out returns timeout, "
                     "recv(0, 0) on an empty socket times out at once, and "
                     "the bytes a timed-out recv(N) gathered come with the "
                     "next recv");
  auto [c, s] = pair();
  BOOST_TEST(why(sock::recv(self(), s, 0, 0ms)) == "timeout");
  send(c, "abc");
  BOOST_TEST(why(sock::recv(self(), s, 5, 50ms)) == "timeout");
  send(c, "de");
  auto all = sock::recv(self(), s, 5, budget);
  BOOST_REQUIRE_MESSAGE(all, why(all));
  BOOST_TEST(all->to_string() == "abcde");
  BOOST_TEST(why(sock::recv(self(), s, 0, -1ms)) == "einval");
  BOOST_TEST(ok(sock::close(self(), c)));
  BOOST_TEST(ok(sock::close(self(), s)));
}

BOOST_AUTO_TEST_CASE(end_of_stream_keeps_partial_data) {
  BOOST_TEST_MESSAGE("Ensure that after the peer's shutdown(write) a "
                     "recv(N) for more than is left returns closed, the "
                     "bytes stay for recv(0), and then recv is closed");
  auto [c, s] = pair();
  send(c, "abc");
  BOOST_REQUIRE(sock::shutdown(self(), c, sock::shutdown_how::write));
  BOOST_TEST(why(sock::recv(self(), s, 10, budget)) == "closed");
  auto left = sock::recv(self(), s, 0, budget);
  BOOST_REQUIRE_MESSAGE(left, why(left));
  BOOST_TEST(left->to_string() == "abc");
  BOOST_TEST(why(sock::recv(self(), s, 0, budget)) == "closed");
  BOOST_TEST(ok(sock::close(self(), c)));
  BOOST_TEST(ok(sock::close(self(), s)));
}

BOOST_AUTO_TEST_CASE(current_user_locks_out_other_readers) {
  BOOST_TEST_MESSAGE("Ensure that while one caller waits for its select "
                     "message, another caller's recv(nowait) queues behind "
                     "it: only the current user is told of data, and the "
                     "next one gets its select message after the current "
                     "user has read");
  auto [c, s] = pair();
  caf::scoped_actor other{sys()};
  auto mine = sock::recv(self(), s, 0, nowait);
  BOOST_REQUIRE(mine && !mine->completed());
  auto theirs = sock::recv(other, s, 0, nowait);
  BOOST_REQUIRE(theirs && !theirs->completed());
  BOOST_TEST(theirs->select->handle != mine->select->handle);
  send(c, "x");
  expect_select(s, *mine->select);
  BOOST_TEST(quiet(other, s)); // locked out: told nothing
  auto got = sock::recv(self(), s, 0, nowait);
  BOOST_REQUIRE(got && got->completed());
  BOOST_TEST(got->value.to_string() == "x");
  send(c, "y");
  bool told = false;
  other->receive([&](sock::select_msg& m) {
    told = m.handle == theirs->select->handle;
  },
  caf::after(budget) >> [] {});
  BOOST_TEST(told);
  auto next = sock::recv(other, s, 0, nowait);
  BOOST_REQUIRE(next && next->completed());
  BOOST_TEST(next->value.to_string() == "y");
  BOOST_TEST(quiet(self(), s));
  BOOST_TEST(ok(sock::close(self(), c)));
  BOOST_TEST(ok(sock::close(self(), s)));
}

BOOST_AUTO_TEST_CASE(dead_current_user_leaves_the_queue) {
  BOOST_TEST_MESSAGE("Ensure that when the current user of a direction "
                     "terminates while waiting for its select message, the "
                     "next caller becomes the current user and is told of "
                     "the data");
  auto [c, s] = pair();
  auto test_actor = caf::actor_cast<caf::actor>(self());
  auto first = spawn_lambda(sys(), [s = s, test_actor](
                                     caf::event_based_actor* me) {
    sock::recv(me, s, 0, nowait).then(
      [me, test_actor](caf::expected<sock::select_result<binary>> r) {
        me->send(test_actor, std::string{r && !r->completed() ? "armed"
                                                                 : "?"});
      });
    return caf::behavior{[](int) {}};
  });
  BOOST_REQUIRE(expect<std::string>() == "armed");
  auto mine = sock::recv(self(), s, 0, nowait);
  BOOST_REQUIRE(mine && !mine->completed());
  self()->monitor(first);
  caf::anon_send_exit(first, caf::exit_reason::kill);
  expect<caf::down_msg>();
  send(c, "after");
  expect_select(s, *mine->select);
  auto got = sock::recv(self(), s, 0, nowait);
  BOOST_REQUIRE(got && got->completed());
  BOOST_TEST(got->value.to_string() == "after");
  BOOST_TEST(ok(sock::close(self(), c)));
  BOOST_TEST(ok(sock::close(self(), s)));
}

BOOST_AUTO_TEST_CASE(cancel_withdraws_a_waiting_call) {
  BOOST_TEST_MESSAGE("Ensure that cancel withdraws a nowait recv (no select "
                     "message for it, a second cancel is einval) and that "
                     "the next caller is served");
  auto [c, s] = pair();
  caf::scoped_actor other{sys()};
  auto mine = sock::recv(self(), s, 0, nowait);
  BOOST_REQUIRE(mine && !mine->completed());
  auto theirs = sock::recv(other, s, 0, nowait);
  BOOST_REQUIRE(theirs && !theirs->completed());
  BOOST_TEST(ok(sock::cancel(self(), s, *mine->select)));
  BOOST_TEST(why(sock::cancel(self(), s, *mine->select)) == "einval");
  send(c, "z");
  bool told = false;
  other->receive([&](sock::select_msg& m) {
    told = m.handle == theirs->select->handle;
  },
  caf::after(budget) >> [] {});
  BOOST_TEST(told);
  BOOST_TEST(quiet(self(), s));
  auto got = sock::recv(other, s, 0, nowait);
  BOOST_REQUIRE(got && got->completed());
  BOOST_TEST(got->value.to_string() == "z");
  BOOST_TEST(ok(sock::close(self(), c)));
  BOOST_TEST(ok(sock::close(self(), s)));
}

BOOST_AUTO_TEST_CASE(close_aborts_waiters) {
  BOOST_TEST_MESSAGE("Ensure that closing a socket (by another actor) sends "
                     "each nowait waiter an abort message with its handle "
                     "and closed, and fails a waiting blocking recv of an "
                     "event-based actor with closed");
  auto [c, s] = pair();
  auto mine = sock::recv(self(), s, 0, nowait);
  BOOST_REQUIRE(mine && !mine->completed());
  auto test_actor = caf::actor_cast<caf::actor>(self());
  auto waiter = spawn_lambda(sys(), [s = s, test_actor](
                                      caf::event_based_actor* me) {
    sock::recv(me, s, 0, infinity).then([me, test_actor](
                                          caf::expected<binary> r) {
      me->send(test_actor, std::string{"waiter:"} + why(r));
    });
    // The request is in the socket's mailbox before this message leaves.
    me->send(test_actor, std::string{"queued"});
    return caf::behavior{[](int) {}};
  });
  BOOST_REQUIRE(expect<std::string>() == "queued");
  caf::scoped_actor closer{sys()};
  BOOST_REQUIRE(sock::close(closer, s));
  std::optional<sock::abort_msg> aborted;
  std::string said;
  for (int i = 0; i < 2; ++i)
    self()->receive([&](sock::abort_msg& m) { aborted = m; },
                    [&](std::string& x) { said = x; },
                    caf::after(budget) >> [] {});
  BOOST_REQUIRE(aborted);
  BOOST_TEST((aborted->socket == s));
  BOOST_TEST(aborted->handle == mine->select->handle);
  BOOST_TEST((aborted->reason == errc::closed));
  BOOST_TEST(said == "waiter:closed");
  BOOST_TEST(why(sock::recv(self(), s, 0, nowait)) == "closed");
  BOOST_TEST(ok(sock::close(self(), c)));
  caf::anon_send_exit(waiter, caf::exit_reason::user_shutdown);
}

BOOST_AUTO_TEST_CASE(send_nowait_returns_the_rest) {
  BOOST_TEST_MESSAGE("Ensure that send(nowait) of more than the kernel "
                     "takes returns the unsent rest with a select_info, the "
                     "select message comes once the peer reads, and every "
                     "byte arrives once, in order");
  auto [c, s] = pair();
  using sock::level;
  using sock::name;
  // A small send buffer (a small receive buffer would make TCP wait for
  // its persist timer rather than for window updates).
  BOOST_REQUIRE(sock::setopt(self(), c, {level::socket, name::sndbuf}, 16384));
  std::string pattern;
  for (int i = 0; pattern.size() < (2u << 20); ++i)
    pattern += std::to_string(i) + ',';
  // A reader drains `s` meanwhile and forwards what it gets, so that the
  // test waits for the select message only.
  auto test_actor = caf::actor_cast<caf::actor>(self());
  auto reader = spawn_lambda(sys(), [s = s, test_actor](
                                      caf::event_based_actor* me) {
    me->send(me, next_atom::value);
    return caf::behavior{[me, s, test_actor](next_atom) {
      sock::recv(me, s, 0, infinity).then([me, test_actor](
                                            caf::expected<binary> r) {
        if (!r)
          return;
        me->send(test_actor, r->to_string());
        me->send(me, next_atom::value);
      });
    }};
  });
  binary rest{pattern};
  bool partial_seen = false;
  for (int round = 0; round < 100000; ++round) {
    auto r = sock::send(self(), c, rest, nowait);
    BOOST_REQUIRE_MESSAGE(r, why(r));
    if (r->completed())
      break;
    BOOST_REQUIRE((r->select->tag == sock::select_tag::send));
    BOOST_REQUIRE(r->value.size() <= rest.size());
    partial_seen |= r->value.size() < rest.size() && !r->value.empty();
    rest = r->value;
    // The reader's strings stay in the mailbox (a blocking receive skips
    // what no handler matches).
    bool told = false;
    self()->receive([&](sock::select_msg& m) {
      told = m.handle == r->select->handle;
    },
    caf::after(budget) >> [] {});
    BOOST_REQUIRE(told);
  }
  BOOST_TEST(partial_seen);
  std::string received;
  while (received.size() < pattern.size()) {
    bool got = false;
    self()->receive([&](std::string& x) {
      received += x;
      got = true;
    },
    caf::after(budget) >> [] {});
    BOOST_REQUIRE(got);
  }
  BOOST_TEST((received == pattern));
  BOOST_TEST(ok(sock::close(self(), c)));
  BOOST_TEST(ok(sock::close(self(), s)));
  caf::anon_send_exit(reader, caf::exit_reason::user_shutdown);
}

BOOST_AUTO_TEST_CASE(datagrams_with_their_source) {
  BOOST_TEST_MESSAGE("Ensure that recvfrom(nowait) on a dgram socket "
                     "selects, the select message follows a sendto, and "
                     "recvfrom returns the datagram with its source; recv "
                     "takes a whole datagram and recvfrom(N) cuts it");
  auto a = open(sock::domain::inet, sock::type::dgram);
  auto b = open(sock::domain::inet, sock::type::dgram);
  BOOST_REQUIRE(sock::bind(self(), a, lo4));
  BOOST_REQUIRE(sock::bind(self(), b, lo4));
  auto r = sock::recvfrom(self(), b, 0, nowait);
  BOOST_REQUIRE(r && !r->completed());
  BOOST_TEST((r->select->tag == sock::select_tag::recvfrom));
  auto sent = sock::sendto(self(), a, binary{"dg"}, name_of(b), nowait);
  BOOST_REQUIRE(sent);
  BOOST_TEST(!sent->has_value()); // the kernel took it at once
  expect_select(b, *r->select);
  auto d = sock::recvfrom(self(), b, 0, nowait);
  BOOST_REQUIRE(d && d->completed());
  BOOST_TEST(d->value.data.to_string() == "dg");
  BOOST_TEST((d->value.from == name_of(a)));
  std::string big(3000, 'q');
  BOOST_REQUIRE(sock::sendto(self(), a, binary{big}, name_of(b), budget));
  auto whole = sock::recv(self(), b, 0, budget);
  BOOST_REQUIRE(whole);
  BOOST_TEST(whole->size() == big.size());
  BOOST_REQUIRE(sock::sendto(self(), a, binary{"abcdef"}, name_of(b)));
  auto cut = sock::recvfrom(self(), b, 3, budget);
  BOOST_REQUIRE(cut);
  BOOST_TEST(cut->data.to_string() == "abc");
  BOOST_TEST(ok(sock::close(self(), a)));
  BOOST_TEST(ok(sock::close(self(), b)));
}

BOOST_AUTO_TEST_CASE(options_round_trip_and_bad_ones_are_einval) {
  BOOST_TEST_MESSAGE("Ensure that setopt/getopt round-trip kernel options, "
                     "{otp, rcvbuf} bounds recv(0), and an unknown, "
                     "read-only or wrongly typed option is einval");
  using sock::level;
  using sock::name;
  auto [c, s] = pair();
  sock::option nodelay{level::tcp, name::nodelay};
  BOOST_TEST((sock::getopt(self(), c, nodelay) == sock::value{false}));
  BOOST_TEST(ok(sock::setopt(self(), c, nodelay, true)));
  BOOST_TEST((sock::getopt(self(), c, nodelay) == sock::value{true}));
  sock::option linger{level::socket, name::linger};
  BOOST_TEST(ok(sock::setopt(self(), c, linger, sock::linger{true, 5})));
  BOOST_TEST((sock::getopt(self(), c, linger)
              == sock::value{sock::linger{true, 5}}));
  BOOST_TEST(why(sock::setopt(self(), c, nodelay, 1)) == "einval");
  BOOST_TEST(why(sock::setopt(self(), c, {level::socket, name::type},
                              sock::value{sock::type::dgram}))
             == "einval");
  BOOST_TEST(why(sock::getopt(self(), c, {level::ip, name::nodelay}))
             == "einval");
  BOOST_TEST(why(sock::setopt(self(), c, {level::ip, name::tos}, 256))
             == "einval");
  BOOST_TEST((sock::getopt(self(), c, {level::otp, name::use_registry})
              == sock::value{true}));
  sock::option otp_rcvbuf{level::otp, name::rcvbuf};
  BOOST_TEST((sock::getopt(self(), s, otp_rcvbuf) == sock::value{8192}));
  BOOST_REQUIRE(sock::setopt(self(), s, otp_rcvbuf, 100));
  send(c, std::string(300, 'r'));
  size_t total = 0;
  while (total < 300) {
    auto d = sock::recv(self(), s, 0, budget);
    BOOST_REQUIRE(d);
    BOOST_TEST(d->size() <= 100u);
    total += d->size();
  }
  BOOST_TEST(total == 300u);
  BOOST_TEST(sock::to_string(linger) == "{socket,linger}");
  BOOST_TEST(sock::to_string(sock::value{sock::linger{true, 5}})
             == "#{linger => 5,onoff => true}");
  BOOST_TEST(ok(sock::close(self(), c)));
  BOOST_TEST(ok(sock::close(self(), s)));
}

BOOST_AUTO_TEST_CASE(otp_rcvbuf_count_and_size_on_tcp_streams) {
  BOOST_TEST_MESSAGE("Ensure that {otp, rcvbuf} as {Count, Size} makes "
                     "recv(0) return at most Count * Size bytes, read Size "
                     "at a time, reads back as the tuple, is inherited by "
                     "an accepted socket, gives way to `default` and the "
                     "integer form, and is einval on other than TCP "
                     "streams (spec 003)");
  using sock::level;
  using sock::name;
  sock::option rcvbuf{level::otp, name::rcvbuf};
  auto l = listener();
  BOOST_REQUIRE(sock::setopt(self(), l, rcvbuf, sock::rcvbuf_reads{3, 100}));
  auto c = open();
  BOOST_REQUIRE(sock::connect(self(), c, name_of(l), budget));
  auto s = sock::accept(self(), l, budget);
  BOOST_REQUIRE(s);
  auto text = [&](const sock::socket& x) {
    auto v = sock::getopt(self(), x, rcvbuf);
    return v ? sock::to_string(*v) : why(v);
  };
  BOOST_TEST(text(*s) == "{3,100}");
  send(c, std::string(1000, 'r'));
  size_t total = 0;
  size_t largest = 0;
  while (total < 1000) {
    auto d = sock::recv(self(), *s, 0, budget);
    BOOST_REQUIRE(d);
    BOOST_TEST(d->size() <= 300u);
    largest = std::max(largest, d->size());
    total += d->size();
  }
  BOOST_TEST(total == 1000u);
  BOOST_TEST(largest > 100u); // more than one read of Size per call
  BOOST_TEST(ok(sock::setopt(self(), *s, rcvbuf, sock::use_default)));
  BOOST_TEST(text(*s) == "8192");
  BOOST_TEST(ok(sock::setopt(self(), *s, rcvbuf, sock::rcvbuf_reads{2, 5})));
  BOOST_TEST(ok(sock::setopt(self(), *s, rcvbuf, 700)));
  BOOST_TEST(text(*s) == "700");
  auto u = udp();
  BOOST_TEST(why(sock::setopt(self(), u, rcvbuf, sock::rcvbuf_reads{3, 100}))
             == "einval");
  BOOST_TEST(text(u) == "8192");
  BOOST_TEST(why(sock::setopt(self(), c, rcvbuf, sock::rcvbuf_reads{0, 100}))
             == "einval");
  for (auto& x : {*s, c, l, u})
    BOOST_TEST(ok(sock::close(self(), x)));
}

BOOST_AUTO_TEST_CASE(otp_rcvbuf_beyond_one_os_read) {
  BOOST_TEST_MESSAGE("Ensure that a recv(0) under an {otp, rcvbuf} larger "
                     "than otpnet's 64 KiB read buffer returns more than "
                     "64 KiB at once when the kernel has it (OTP 25 reads "
                     "rcvbuf bytes in one call), never more than rcvbuf, "
                     "and every byte in order");
  using sock::level;
  using sock::name;
  auto l = listener();
  // Room for the whole transfer in the receiving kernel, inherited.
  BOOST_REQUIRE(sock::setopt(self(), l, {level::socket, name::rcvbuf},
                             1 << 20));
  auto c = open();
  BOOST_REQUIRE(sock::connect(self(), c, name_of(l), budget));
  auto s = sock::accept(self(), l, budget);
  BOOST_REQUIRE(s);
  BOOST_REQUIRE(sock::setopt(self(), *s, {level::otp, name::rcvbuf},
                             200000));
  std::string sent(300000, '\0');
  for (size_t i = 0; i < sent.size(); ++i)
    sent[i] = static_cast<char>('a' + (i * 7 + i / 1000) % 26);
  send(c, sent);
  std::string got;
  size_t largest = 0;
  while (got.size() < sent.size()) {
    auto d = sock::recv(self(), *s, 0, budget);
    BOOST_REQUIRE_MESSAGE(d, why(d));
    BOOST_TEST(d->size() <= 200000u);
    largest = std::max(largest, d->size());
    got += d->to_string();
  }
  BOOST_TEST(largest > 65536u);
  BOOST_TEST((got == sent));
  for (auto& x : {*s, c, l})
    BOOST_TEST(ok(sock::close(self(), x)));
}

BOOST_AUTO_TEST_CASE(info_counts_as_otp_does) {
  BOOST_TEST_MESSAGE("Ensure that info reports the waiting callers and "
                     "counts tries, packets, bytes and waits as OTP 25's "
                     "socket:info/1 does for the same calls, prints OTP's "
                     "map, and is closed after close");
  auto l = listener();
  auto a = sock::accept(self(), l, nowait);
  BOOST_REQUIRE(a && !a->completed());
  auto li = sock::info(self(), l);
  BOOST_REQUIRE(li);
  BOOST_TEST(li->num_acceptors == 1u);
  BOOST_TEST((li->owner == self()->address()));
  auto c = open();
  BOOST_REQUIRE(sock::connect(self(), c, name_of(l), budget));
  expect_select(l, *a->select);
  auto s = sock::accept(self(), l, nowait);
  BOOST_REQUIRE(s && s->completed());
  li = sock::info(self(), l);
  BOOST_TEST(li->counters.acc_tries == 2u);
  BOOST_TEST(li->counters.acc_success == 1u);
  BOOST_TEST(li->num_acceptors == 0u);
  auto r = sock::recv(self(), s->value, 0, nowait);
  BOOST_REQUIRE(r && !r->completed());
  BOOST_TEST(sock::info(self(), s->value)->num_readers == 1u);
  send(c, "hello");
  expect_select(s->value, *r->select);
  BOOST_REQUIRE(sock::recv(self(), s->value, 0, nowait));
  BOOST_TEST(why(sock::recv(self(), s->value, 0, 0ms)) == "timeout");
  auto si = sock::info(self(), s->value);
  BOOST_REQUIRE(si);
  BOOST_TEST(si->counters.read_tries == 3u);
  BOOST_TEST(si->counters.read_pkg == 1u);
  BOOST_TEST(si->counters.read_byte == 5u);
  BOOST_TEST(si->counters.read_pkg_max == 5u);
  BOOST_TEST(si->counters.read_waits == 0u);
  BOOST_TEST(si->num_readers == 0u);
  auto ci = sock::info(self(), c);
  BOOST_TEST(ci->counters.write_tries == 1u);
  BOOST_TEST(ci->counters.write_pkg == 1u);
  BOOST_TEST(ci->counters.write_byte == 5u);
  // A caller queued behind the current user waits.
  caf::scoped_actor other{sys()};
  BOOST_REQUIRE(sock::recv(self(), s->value, 0, nowait));
  BOOST_REQUIRE(sock::recv(other, s->value, 0, nowait));
  si = sock::info(self(), s->value);
  BOOST_TEST(si->counters.read_waits == 1u);
  BOOST_TEST(si->num_readers == 2u);
  auto text = sock::to_string(*si);
  BOOST_TEST(text.rfind("#{counters => #{acc_fails => 0,acc_success => 0,", 0)
             == 0u);
  BOOST_TEST(text.find("read_byte => 5,") != std::string::npos);
  BOOST_TEST(text.find("},domain => inet,num_acceptors => 0,num_readers => 2,"
                       "num_writers => 0,owner => <0.")
             != std::string::npos);
  BOOST_TEST(text.find(".0>,protocol => tcp,type => stream}")
             != std::string::npos);
  for (auto& x : {c, s->value, l})
    BOOST_TEST(ok(sock::close(self(), x)));
  BOOST_TEST(why(sock::info(self(), c)) == "closed");
}

BOOST_AUTO_TEST_CASE(which_sockets_filters_by_info) {
  BOOST_TEST_MESSAGE("Ensure that which_sockets with a predicate over info "
                     "selects by type, domain and owner");
  auto a = open();
  auto b = open(sock::domain::inet6, sock::type::dgram);
  caf::scoped_actor other{sys()};
  auto c = sock::open(other, sock::domain::inet, sock::type::dgram);
  BOOST_REQUIRE(c);
  auto dgram = sock::which_sockets(self(), [](const sock::socket_info& i) {
    return i.type == sock::type::dgram;
  });
  BOOST_TEST(dgram.size() == 2u);
  auto v6 = sock::which_sockets(self(), [](const sock::socket_info& i) {
    return i.domain == sock::domain::inet6;
  });
  BOOST_REQUIRE(v6.size() == 1u);
  BOOST_TEST((v6.front() == b));
  auto me = self()->address();
  auto mine = sock::which_sockets(self(), [me](const sock::socket_info& i) {
    return i.owner == me;
  });
  BOOST_TEST(mine.size() == 2u);
  BOOST_TEST((std::find(mine.begin(), mine.end(), *c) == mine.end()));
  for (auto& x : {a, b})
    BOOST_TEST(ok(sock::close(self(), x)));
  BOOST_TEST(ok(sock::close(other, *c)));
}

BOOST_AUTO_TEST_CASE(owner_death_closes_and_ownership_moves) {
  BOOST_TEST_MESSAGE("Ensure that only the owner may hand a socket over, "
                     "and that the socket closes when its (new) owner "
                     "terminates");
  auto s = open();
  caf::scoped_actor other{sys()};
  auto heir = spawn_lambda(sys(), [](caf::event_based_actor*) {
    return caf::behavior{[](int) {}};
  });
  BOOST_TEST(why(sock::controlling_process(other, s, heir)) == "not_owner");
  BOOST_REQUIRE(sock::controlling_process(self(), s, heir));
  BOOST_TEST(why(sock::controlling_process(self(), s, heir)) == "not_owner");
  self()->monitor(s.actor());
  caf::anon_send_exit(heir, caf::exit_reason::user_shutdown);
  auto down = expect<caf::down_msg>();
  BOOST_TEST((down.source == s.actor().address()));
  BOOST_TEST(sock::number_of(sys()) == 0u);
}

BOOST_AUTO_TEST_CASE(ipv6_loopback_round_trip) {
  BOOST_TEST_MESSAGE("Ensure that inet6 stream sockets connect, send and "
                     "receive over ::1, and an IPv4 address is "
                     "eafnosupport on them");
  auto [c, s] = pair(sock::domain::inet6);
  send(c, "six");
  auto d = sock::recv(self(), s, 3, budget);
  BOOST_REQUIRE(d);
  BOOST_TEST(d->to_string() == "six");
  auto x = open(sock::domain::inet6);
  BOOST_TEST(why(sock::bind(self(), x, lo4)) == "eafnosupport");
  for (auto& y : {c, s, x})
    BOOST_TEST(ok(sock::close(self(), y)));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(sock_open_without_os_sockets_is_eafnosupport) {
  BOOST_TEST_MESSAGE("Ensure that on a runtime whose transport factory has "
                     "no OS sockets (open_os_socket not overridden) open is "
                     "eafnosupport");
  runtime_config cfg;
  cfg.set("logger.verbosity", caf::atom("quiet"));
  cfg.transports = std::make_shared<no_os_factory>();
  runtime rt{cfg};
  caf::scoped_actor self{rt.system()};
  auto s = sock::open(self, sock::domain::inet, sock::type::stream);
  BOOST_TEST(why(s) == "eafnosupport");
}
