// {delay_send, true} on the simulated network, where every transport write
// is visible: sends already in the socket's mailbox leave in one write.

#include "kit/kit_support.hpp"

using namespace otpnet;
using namespace otpnet::testing;
using namespace otpnet::kit_test;

namespace {

/// Writes the socket made (trace lines "... write done -> ok, N").
size_t writes_in(trace& log) {
  size_t n = 0;
  for (auto& line : log.lines())
    if (line.find("write done -> ok") != std::string::npos)
      ++n;
  return n;
}

/// One actor fires ten sends (.then, so none waits for the other) before
/// the socket runs; returns how many writes carried them and checks that
/// the peer got them all, in order.
size_t writes_for_ten_sends(deterministic_fixture& fx, bool delay) {
  auto owner = fx.make_probe("owner");
  auto c = open_connection(fx, owner,
                           {inet::active(false), inet::delay_send(delay)});
  fx.run();
  auto before = writes_in(fx.log());
  auto sender = fx.make_probe("sender");
  auto ok = std::make_shared<int>(0);
  std::string expected;
  for (int i = 0; i < 10; ++i)
    expected += "<" + std::to_string(i) + ">";
  sender.exec([s = c.s, ok](caf::event_based_actor* self) {
    for (int i = 0; i < 10; ++i)
      gen_tcp::send(self, s, binary{"<" + std::to_string(i) + ">"})
        .then([ok](caf::expected<void> r) { *ok += r ? 1 : 0; });
  });
  fx.run();
  BOOST_TEST(*ok == 10);
  BOOST_TEST(c.peer.read() == expected);
  return writes_in(fx.log()) - before;
}

} // namespace

BOOST_AUTO_TEST_SUITE(delay_send)

BOOST_FIXTURE_TEST_CASE(delay_send_batches_queued_sends_into_one_write,
                        deterministic_fixture) {
  BOOST_TEST_MESSAGE("Ensure that with {delay_send,true} sends waiting in the mailbox go out in one write, and without it the first goes out alone");
  auto with_delay = writes_for_ten_sends(*this, true);
  BOOST_TEST(with_delay == 1u);
}

BOOST_FIXTURE_TEST_CASE(without_delay_send_the_first_send_is_written_at_once,
                        deterministic_fixture) {
  BOOST_TEST_MESSAGE("Ensure that without delay_send the first send is written immediately, before the others are queued");
  auto without = writes_for_ten_sends(*this, false);
  BOOST_TEST(without >= 2u);
}

BOOST_AUTO_TEST_SUITE_END()
