// The socket gate (detail::socket_shared) on the simulated network, where
// "before the socket actor ran" is observable: a send or setopts that the
// socket would accept at once completes in the caller's own turn, and
// everything the socket could make wait or fail stays a request.

#include <optional>

#include "kit/kit_support.hpp"
#include "support/allocation_probe.hpp"

using namespace otpnet;
using namespace otpnet::testing;
using namespace otpnet::kit_test;

namespace {

/// Small socket buffers and watermarks, so one 64 KiB send makes the socket
/// busy; a message-queue watermark far above it keeps that send one-way.
const gen_tcp::option_list fills_quickly{
  inet::active(false), inet::sndbuf(4096), inet::high_watermark(8192),
  inet::low_watermark(4096), inet::high_msgq_watermark(1 << 20)};

/// What a call made with .then reported: 0 while it has not completed.
struct outcome {
  int done = 0; // 1 ok, -1 error
  errc reason = errc::ok;

  void set(const caf::expected<void>& r) {
    done = r ? 1 : -1;
    reason = r ? errc::ok : errc_of(r.error());
  }
};

/// Makes `p` call gen_tcp::send(s, data) with .then and runs only `p`.
std::shared_ptr<outcome> send_in_own_turn(deterministic_fixture& fx,
                                          probe& p, const otpnet::socket& s,
                                          std::string data) {
  auto out = std::make_shared<outcome>();
  p.exec([s, out, data](caf::event_based_actor* self) {
    gen_tcp::send(self, s, binary{data}).then([out](caf::expected<void> r) {
      out->set(r);
    });
  });
  run_only(fx, p);
  return out;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(one_way, deterministic_fixture)

BOOST_AUTO_TEST_CASE(a_send_the_socket_can_take_completes_in_the_callers_turn) {
  BOOST_TEST_MESSAGE("Ensure that a send to an idle open socket returns ok before the socket actor runs, and the bytes then go out");
  auto owner = make_probe("owner");
  auto c = open_connection(*this, owner, {inet::active(false),
                                          inet::packet(2)});
  run();
  auto sender = make_probe("sender");
  auto r = send_in_own_turn(*this, sender, c.s, "hello");
  BOOST_TEST(r->done == 1);
  BOOST_TEST(c.peer.available() == 0u); // the socket has not run yet
  run();
  BOOST_TEST(c.peer.read() == frame(2, "hello"));
}

BOOST_AUTO_TEST_CASE(setopts_active_once_completes_in_the_callers_turn) {
  BOOST_TEST_MESSAGE("Ensure that setopts([{active, once}]) on an open socket returns ok before the socket actor runs, then exactly one packet arrives");
  auto owner = make_probe("owner");
  auto c = open_connection(*this, owner, {inet::active(false),
                                          inet::packet(2)});
  c.peer.send(frame(2, "one") + frame(2, "two"));
  run();
  auto out = std::make_shared<outcome>();
  owner.exec([s = c.s, out](caf::event_based_actor* self) {
    inet::setopts(self, s, {inet::active(inet::once)})
      .then([out](caf::expected<void> r) { out->set(r); });
  });
  run_only(*this, owner);
  BOOST_TEST(out->done == 1);
  run();
  expect_messages(owner, {tcp(c.s, "one")});
  expect_no_more(owner);
}

BOOST_AUTO_TEST_CASE(a_braced_active_once_allocates_nothing_of_its_own) {
  BOOST_TEST_MESSAGE("Ensure that setopts(S, {{active, once}}) from an event-based actor allocates nothing while the call is built (the re-arm of every {active, once} packet), where a std::vector of options costs an allocation, and that both still re-arm the socket");
  simulated_connection conn{*this, {inet::active(false), inet::packet(2)}};
  auto& owner = conn.owner;
  auto& c = conn.c;
  c.peer.send(frame(2, "one") + frame(2, "two"));
  run();
  // Counted: building the call. Not counted: starting it, whose one-way
  // message and scheduling allocate the same for both forms (and the
  // test scheduler's queue now and then).
  static int ok_count;
  ok_count = 0;
  auto braced = std::make_shared<size_t>(0);
  auto vectored = std::make_shared<size_t>(0);
  owner.exec([s = c.s, braced](caf::event_based_actor* self) {
    std::optional<test::allocation_probe> probe{std::in_place};
    auto call = inet::setopts(self, s, {inet::active(inet::once)});
    *braced = probe->count();
    probe.reset();
    call.then(
      [](caf::expected<void> r) { ok_count += r ? 1 : 0; });
  });
  run_only(*this, owner);
  run();
  expect_messages(owner, {tcp(c.s, "one")});
  owner.exec([s = c.s, vectored](caf::event_based_actor* self) {
    std::optional<test::allocation_probe> probe{std::in_place};
    auto call = inet::setopts(
      self, s, std::vector<inet::option>{inet::active(inet::once)});
    *vectored = probe->count();
    probe.reset();
    call.then(
      [](caf::expected<void> r) { ok_count += r ? 1 : 0; });
  });
  run_only(*this, owner);
  run();
  expect_messages(owner, {tcp(c.s, "two")});
  expect_no_more(owner);
  BOOST_TEST(ok_count == 2);
  BOOST_TEST(*braced == 0u);
  BOOST_TEST(*vectored == 1u); // the vector
}

BOOST_AUTO_TEST_CASE(a_send_to_a_busy_socket_waits_for_its_reply) {
  BOOST_TEST_MESSAGE("Ensure that once the socket is busy (peer not reading) a send is a request: it does not complete in the caller's turn, and completes when the peer reads");
  auto owner = make_probe("owner");
  auto c = open_connection(*this, owner, fills_quickly);
  c.peer.stop_reading(4096);
  auto sender = make_probe("sender");
  std::string big = pattern(0, 64 * 1024);
  auto first = send_in_own_turn(*this, sender, c.s, big);
  BOOST_TEST(first->done == 1); // the send that makes it busy completes
  run();
  auto second = send_in_own_turn(*this, sender, c.s, "tail");
  BOOST_TEST(second->done == 0);
  run();
  BOOST_TEST(second->done == 0); // suspended while the peer does not read
  c.peer.resume_reading();
  expect_peer_received(c.peer, big + "tail");
  run();
  BOOST_TEST(second->done == 1);
}

BOOST_AUTO_TEST_CASE(the_send_that_makes_the_message_queue_busy_completes) {
  BOOST_TEST_MESSAGE("Ensure that, at the default 8 kB high_msgq_watermark, a 64 KiB send to an idle socket completes in the caller's turn (Erlang's port queue: the send that makes it busy completes), a send counted behind it before the socket ran is a request, and both reach the peer in order");
  auto owner = make_probe("owner");
  auto c = open_connection(*this, owner, {inet::active(false),
                                          inet::packet(net::packet_type::raw)});
  run();
  auto a = make_probe("a");
  auto b = make_probe("b");
  std::string big = pattern(0, 64 * 1024);
  auto ra = send_in_own_turn(*this, a, c.s, big);
  BOOST_TEST(ra->done == 1);
  auto rb = send_in_own_turn(*this, b, c.s, "after");
  BOOST_TEST(rb->done == 0); // 64 KiB still in the socket's mailbox
  run();
  BOOST_TEST(rb->done == 1);
  expect_peer_received(c.peer, big + "after");
}

BOOST_AUTO_TEST_CASE(one_way_sends_that_meet_a_busy_socket_keep_their_order) {
  BOOST_TEST_MESSAGE("Ensure that two senders who both saw an open gate, the first filling the socket, lose nothing and keep order: the second waits in line");
  auto owner = make_probe("owner");
  auto c = open_connection(*this, owner, fills_quickly);
  c.peer.stop_reading(4096);
  run();
  auto a = make_probe("a");
  auto b = make_probe("b");
  std::string big = pattern(0, 64 * 1024);
  auto ra = send_in_own_turn(*this, a, c.s, big);
  auto rb = send_in_own_turn(*this, b, c.s, "after");
  BOOST_TEST(ra->done == 1);
  BOOST_TEST(rb->done == 1);
  run();
  // A later request from b queues behind its own one-way send.
  auto rc = send_in_own_turn(*this, b, c.s, "last");
  BOOST_TEST(rc->done == 0);
  c.peer.resume_reading();
  expect_peer_received(c.peer, big + "after" + "last");
  run();
  BOOST_TEST(rc->done == 1);
}

BOOST_AUTO_TEST_CASE(what_the_socket_would_refuse_is_still_an_error) {
  BOOST_TEST_MESSAGE("Ensure that the gate never turns an error into ok: an oversized {packet,1} body is emsgsize, a send after shutdown(write) is closed");
  auto owner = make_probe("owner");
  auto c = open_connection(*this, owner, {inet::active(false),
                                          inet::packet(1)});
  run();
  auto r = owner.send(c.s, binary{std::string(256, 'x')});
  BOOST_REQUIRE(!r);
  BOOST_TEST((errc_of(r.error()) == errc::emsgsize));
  BOOST_REQUIRE(owner.shutdown(c.s, gen_tcp::shutdown_how::write));
  auto late = owner.send(c.s, binary{"late"});
  BOOST_REQUIRE(!late);
  BOOST_TEST((errc_of(late.error()) == errc::closed));
  run();
  BOOST_TEST(c.peer.read().empty());
}

BOOST_AUTO_TEST_SUITE_END()
