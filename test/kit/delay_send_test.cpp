// When sends are written, on the simulated network where every transport
// write is a trace line. Without delay_send the sends already queued in
// the socket's mailbox behind each other leave in one write, and nothing
// else waits: a lone send is written in the turn that takes it, and a batch
// is written before the socket handles any other message. With
// {delay_send, true} the socket's flush message decides: what reaches the
// mailbox before it is written with the rest.

#include "kit/kit_support.hpp"

using namespace otpnet;
using namespace otpnet::testing;
using namespace otpnet::kit_test;

namespace {

using sizes = std::vector<size_t>;

/// An open socket with {active, false} (and delay_send as given), and a
/// probe to send from.
struct setup : simulated_connection {
  probe sender;

  setup(deterministic_fixture& fx, bool delay)
    : simulated_connection(fx, {inet::active(false), inet::delay_send(delay)}),
      sender(fx.make_probe("sender")) {
    // nop
  }
};

void send_then(caf::event_based_actor* self, const otpnet::socket& s,
               std::string data) {
  gen_tcp::send(self, s, binary{std::move(data)})
    .then([](caf::expected<void> r) { BOOST_TEST(static_cast<bool>(r)); });
}

/// One actor fires ten sends (.then, so none waits for the other) before
/// the socket runs; returns the writes that carried them and checks that
/// the peer got them all, in order.
sizes writes_for_ten_sends(deterministic_fixture& fx, bool delay) {
  setup x{fx, delay};
  std::string expected;
  for (int i = 0; i < 10; ++i)
    expected += "<" + std::to_string(i) + ">";
  x.sender.exec([s = x.c.s](caf::event_based_actor* self) {
    for (int i = 0; i < 10; ++i)
      send_then(self, s, "<" + std::to_string(i) + ">");
  });
  fx.run();
  BOOST_TEST(x.c.peer.read() == expected);
  return writes_since(fx.log(), x.mark);
}

/// One send alone in the socket's mailbox: returns the writes made by the
/// socket's turn that takes it (and nothing else), then those made after.
std::pair<sizes, sizes> writes_for_a_lone_send(deterministic_fixture& fx,
                                               bool delay) {
  setup x{fx, delay};
  x.sender.exec([s = x.c.s](caf::event_based_actor* self) {
    send_then(self, s, "<A>");
  });
  run_only(fx, x.sender); // the send is one way: now in the mailbox
  run_only(fx, x.c.s.actor());
  auto in_turn = writes_since(fx.log(), x.mark);
  auto mark = fx.log().size();
  fx.run();
  BOOST_TEST(x.c.peer.read() == "<A>");
  return {in_turn, writes_since(fx.log(), mark)};
}

/// In one turn: send "<A>", setopts([{active, false}]) (one way, not a
/// send), send "<B>". Returns the writes.
sizes writes_for_send_other_send(deterministic_fixture& fx, bool delay) {
  setup x{fx, delay};
  x.sender.exec([s = x.c.s](caf::event_based_actor* self) {
    send_then(self, s, "<A>");
    inet::setopts(self, s, {inet::active(false)})
      .then([](caf::expected<void> r) { BOOST_TEST(static_cast<bool>(r)); });
    send_then(self, s, "<B>");
  });
  fx.run();
  BOOST_TEST(x.c.peer.read() == "<A><B>");
  return writes_since(fx.log(), x.mark);
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(delay_send, deterministic_fixture)

BOOST_AUTO_TEST_CASE(without_delay_send_queued_sends_leave_in_one_write) {
  BOOST_TEST_MESSAGE("Ensure that without delay_send ten sends already queued in the socket's mailbox leave in one write");
  BOOST_TEST(writes_for_ten_sends(*this, false) == sizes{30});
}

BOOST_AUTO_TEST_CASE(delay_send_batches_queued_sends_into_one_write) {
  BOOST_TEST_MESSAGE("Ensure that with {delay_send,true} ten sends waiting in the mailbox go out in one write");
  BOOST_TEST(writes_for_ten_sends(*this, true) == sizes{30});
}

BOOST_AUTO_TEST_CASE(without_delay_send_a_lone_send_is_written_at_once) {
  BOOST_TEST_MESSAGE("Ensure that without delay_send a send with nothing queued behind it is written in the socket's turn that takes it, with no flush to wait for");
  auto [in_turn, after] = writes_for_a_lone_send(*this, false);
  BOOST_TEST(in_turn == sizes{3});
  BOOST_TEST(after.empty());
}

BOOST_AUTO_TEST_CASE(delay_send_holds_a_lone_send_until_its_flush) {
  BOOST_TEST_MESSAGE("Ensure that with {delay_send,true} a lone send is not written in the turn that takes it, but once the flush message comes");
  auto [in_turn, after] = writes_for_a_lone_send(*this, true);
  BOOST_TEST(in_turn.empty());
  BOOST_TEST(after == sizes{3});
}

BOOST_AUTO_TEST_CASE(without_delay_send_a_batch_ends_before_another_message) {
  BOOST_TEST_MESSAGE("Ensure that without delay_send a send waiting for a send behind it is written before the socket handles a message in between (setopts): only sends wait for sends");
  BOOST_TEST(writes_for_send_other_send(*this, false) == (sizes{3, 3}));
}

BOOST_AUTO_TEST_CASE(delay_send_batches_sends_across_other_messages) {
  BOOST_TEST_MESSAGE("Ensure that with {delay_send,true} a send that reaches the mailbox after another message, but before the flush, leaves in the same write");
  BOOST_TEST(writes_for_send_other_send(*this, true) == sizes{6});
}

BOOST_AUTO_TEST_SUITE_END()
