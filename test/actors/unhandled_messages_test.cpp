// A socket's messages to an actor that has no handler for them (CAF 0.17
// answers an unexpected message with an error message to its sender, and
// an actor without an error handler terminates on it): the socket must
// live on, as an Erlang port does when its owner leaves a message unread.

#include <boost/test/unit_test.hpp>

#include <otpnet/gen_udp.hpp>
#include <otpnet/sock.hpp>

#include "support/loopback.hpp"
#include "support/spawn.hpp"

using namespace otpnet;
using namespace otpnet::test;

namespace {

/// An owner that handles no socket message at all (only int requests,
/// which it answers: the test's way to know it has read what came before).
caf::actor deaf_owner(caf::actor_system& sys) {
  return spawn_lambda(sys, [](caf::event_based_actor*) {
    return caf::behavior{[](int x) { return x; }};
  });
}

/// Returns once `owner` has handled every message sent to it before.
void sync(caf::scoped_actor& self, const caf::actor& owner) {
  self->request(owner, caf::infinite, 1)
    .receive([](int) {}, [](caf::error&) {});
}

/// An owner that re-arms {active, once} after each packet and returns a
/// value from its handler (CAF would send a handler's result back to the
/// sender of a message that can be answered), telling `test` each packet
/// and whether CAF had anyone to answer for it.
caf::actor answering_owner(caf::actor_system& sys, caf::actor test) {
  return spawn_lambda(sys, [test](caf::event_based_actor* self) {
    return caf::behavior{[self, test](tcp_msg& m) -> int {
      self->send(test, m.data.to_string(),
                 self->make_response_promise().pending());
      inet::setopts(self, m.socket, {inet::active(inet::once)})
        .await([](caf::expected<void>) {});
      return 7;
    }};
  });
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(unhandled_messages_suite, loopback_fixture)

BOOST_AUTO_TEST_CASE(a_packet_message_has_nobody_to_answer) {
  BOOST_TEST_MESSAGE("Ensure that {tcp, S, Data}, delivered or staged for "
                     "a re-arm, cannot be answered: what the owner's "
                     "handler returns goes nowhere, the socket goes on");
  auto ls = listen({inet::packet(2), inet::active(false)});
  auto [s, peer] = accept_peer(ls);
  auto test = caf::actor_cast<caf::actor>(self().ptr());
  auto owner = answering_owner(sys(), test);
  BOOST_REQUIRE(gen_tcp::controlling_process(self(), s, owner));
  // One read: the first packet is sent, the next ones are staged for the
  // owner's re-arms.
  BOOST_REQUIRE(peer.write(frame(2, "a") + frame(2, "b") + frame(2, "c")));
  BOOST_REQUIRE(inet::setopts(self(), s, {inet::active(inet::once)}));
  for (auto want : {"a", "b", "c"}) {
    std::string got = "<timeout>";
    bool answerable = true;
    self()->receive(
      [&](std::string& data, bool pending) {
        got = data;
        answerable = pending;
      },
      caf::after(budget) >> [] {});
    BOOST_TEST(got == want);
    BOOST_TEST(!answerable);
  }
  BOOST_TEST(static_cast<bool>(gen_tcp::send(self(), s, binary{"ok"})));
  BOOST_TEST(peer.read_exact(4).value_or("") == frame(2, "ok"));
  caf::anon_send_exit(owner, caf::exit_reason::user_shutdown);
  BOOST_TEST(static_cast<bool>(gen_tcp::close(self(), ls)));
}

BOOST_AUTO_TEST_CASE(tcp_socket_survives_an_owner_without_handlers) {
  BOOST_TEST_MESSAGE("Ensure that a gen_tcp socket whose owner has no "
                     "handler for tcp messages stays open and usable");
  auto ls = listen();
  auto [s, peer] = accept_peer(ls);
  auto owner = deaf_owner(sys());
  BOOST_REQUIRE(gen_tcp::controlling_process(self(), s, owner));
  BOOST_REQUIRE(peer.write("ping"));
  // Until the socket has read the bytes (and sent the owner its tcp_msg).
  auto deadline = std::chrono::steady_clock::now() + budget;
  uint64_t got = 0;
  while (got < 4 && std::chrono::steady_clock::now() < deadline) {
    auto st = inet::getstat(self(), s, {inet::stat_option::recv_oct});
    BOOST_REQUIRE(st);
    got = st->front().second;
  }
  BOOST_REQUIRE(got == 4u);
  sync(self(), owner);
  // Whatever the owner's mailbox answered reached the socket first.
  BOOST_TEST(static_cast<bool>(
    inet::getopts(self(), s, {inet::option_name::active})));
  BOOST_TEST(static_cast<bool>(gen_tcp::send(self(), s, binary{"pong"})));
  BOOST_TEST(peer.read_exact(4).value_or("") == "pong");
  caf::anon_send_exit(owner, caf::exit_reason::user_shutdown);
  BOOST_TEST(static_cast<bool>(gen_tcp::close(self(), ls)));
}

BOOST_AUTO_TEST_CASE(every_socket_kind_ignores_reflected_errors) {
  BOOST_TEST_MESSAGE("Ensure that listening, UDP and socket-module sockets "
                     "(whose select messages may reach a caller without a "
                     "handler) live on after the error CAF reflects for an "
                     "unhandled message");
  auto reflected = [] { return caf::make_error(caf::sec::unexpected_message); };
  auto ls = listen();
  caf::anon_send(ls.actor(), reflected());
  BOOST_TEST(static_cast<bool>(inet::sockname(self(), ls)));
  auto u = gen_udp::open(self(), 0, {inet::ip{inet::ip_address::loopback_v4()}});
  BOOST_REQUIRE(u);
  caf::anon_send(u->actor(), reflected());
  BOOST_TEST(static_cast<bool>(inet::sockname(self(), *u)));
  auto k = sock::open(self(), sock::domain::inet, sock::type::stream);
  BOOST_REQUIRE(k);
  caf::anon_send(k->actor(), reflected());
  BOOST_TEST(static_cast<bool>(sock::sockname(self(), *k)));
  BOOST_TEST(static_cast<bool>(sock::close(self(), *k)));
  BOOST_TEST(static_cast<bool>(gen_udp::close(self(), *u)));
  BOOST_TEST(static_cast<bool>(gen_tcp::close(self(), ls)));
}

BOOST_AUTO_TEST_SUITE_END()
