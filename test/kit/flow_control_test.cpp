// Flow control seen from senders and the peer, over both fixtures: senders
// suspended at the watermark and resumed in order, the message-queue
// watermark, send_timeout (moved forward with advance()).

#include <map>

#include "kit/kit_support.hpp"

using namespace otpnet;
using namespace otpnet::testing;
using namespace otpnet::kit_test;
using namespace std::chrono_literals;

namespace {

constexpr size_t chunk = 4096;
constexpr size_t chunks = 64;

const gen_tcp::option_list small_buffers{
  inet::active(false), inet::sndbuf(4096), inet::high_watermark(8192),
  inet::low_watermark(4096)};

/// Queues `chunks` sends in `sender` (each waits for the previous one).
std::vector<call<void>> queue_sends(probe& sender, const otpnet::socket& s) {
  std::vector<call<void>> out;
  for (size_t i = 0; i < chunks; ++i)
    out.push_back(sender.send_async(s, binary{pattern(i * chunk, chunk)}));
  return out;
}

size_t completed(std::vector<call<void>>& sends) {
  size_t n = 0;
  while (n < sends.size() && sends[n].done())
    ++n;
  return n;
}

/// Waits for the first send that failed and returns its index. Over real
/// loopback the kernel may still take a few more sends after the first
/// stall, so this is not always the first send that was suspended.
template <class Fixture>
size_t first_failure(Fixture& fx, std::vector<call<void>>& sends) {
  auto failed_at = [&] {
    for (size_t i = 0; i < sends.size() && sends[i].done(); ++i)
      if (sends[i].reason() != errc::ok)
        return i;
    return sends.size();
  };
  fx.run_until([&] { return failed_at() < sends.size(); });
  return failed_at();
}

template <class Fixture>
constexpr bool is_simulated
  = std::is_same_v<Fixture, testing::deterministic_fixture>;

} // namespace

BOOST_AUTO_TEST_SUITE(flow_control)

BOOST_FIXTURE_TEST_CASE_TEMPLATE(sender_is_suspended_and_resumed_in_order, F,
                                 both_fixtures, F) {
  BOOST_TEST_MESSAGE("Ensure that a sender to a peer that stops reading is suspended, and resumes in order once the peer reads (" << F::kind << ")");
  F& fx = *this;
  auto owner = fx.make_probe("owner");
  auto sender = fx.make_probe("sender");
  auto c = open_connection(fx, owner, small_buffers);
  c.peer.stop_reading(4096);
  auto sends = queue_sends(sender, c.s);
  fx.run();
  // Over real loopback the kernel may still take more after the first
  // stall: a TCP timer (the peer's delayed ACK, 40 to 200 ms, or a
  // zero-window probe, from 200 ms on) finds the peer's window open once
  // more as the kernel compacts its receive queue; when depends on how
  // the sends were cut into writes. Wait until nothing has moved for two
  // periods in a row (at most 3 s) before checking that nothing moves.
  if constexpr (!is_simulated<F>) {
    auto last = completed(sends);
    for (int i = 0, quiet = 0; i < 12 && quiet < 2; ++i) {
      fx.advance(250ms);
      auto now = completed(sends);
      quiet = now == last ? quiet + 1 : 0;
      last = now;
    }
  }
  auto before = completed(sends);
  BOOST_TEST_MESSAGE("sends completed before the peer read: " << before);
  BOOST_TEST(before > 0u);
  BOOST_TEST(before < chunks);
  for (size_t i = before; i < chunks; ++i)
    BOOST_TEST(!sends[i].done());
  // Still suspended: nothing moves while the peer does not read.
  fx.run();
  BOOST_TEST(completed(sends) == before);
  c.peer.resume_reading();
  expect_peer_received(c.peer, pattern(0, chunks * chunk));
  for (auto& x : sends)
    BOOST_TEST((x.reason() == errc::ok));
}

BOOST_FIXTURE_TEST_CASE_TEMPLATE(msgq_watermark_keeps_packets_whole, F,
                                 both_fixtures, F) {
  BOOST_TEST_MESSAGE("Ensure that senders piling up past the message-queue watermark all complete, whole packets in each sender's order (" << F::kind << ")");
  F& fx = *this;
  auto owner = fx.make_probe("owner");
  auto c = open_connection(fx, owner,
                           {inet::packet(2), inet::active(false),
                            inet::high_msgq_watermark(1024),
                            inet::low_msgq_watermark(512)});
  constexpr int senders = 3;
  constexpr int per_sender = 30;
  std::vector<probe> ps;
  std::vector<call<void>> sends;
  size_t total = 0;
  for (int k = 0; k < senders; ++k)
    ps.push_back(fx.make_probe("sender " + std::to_string(k)));
  for (int i = 0; i < per_sender; ++i) {
    for (int k = 0; k < senders; ++k) {
      auto body = std::to_string(k) + ":" + std::to_string(i) + ":";
      body.append(size_t(900 + 100 * k), char('a' + k));
      total += 2 + body.size();
      sends.push_back(ps[size_t(k)].send_async(c.s, binary{body}));
    }
  }
  fx.run_until([&] { return c.peer.available() >= total; });
  for (auto& x : sends)
    BOOST_TEST((x.reason() == errc::ok));
  auto wire = c.peer.read();
  BOOST_REQUIRE_EQUAL(wire.size(), total);
  std::map<int, int> next;
  for (auto& body : unframe2(wire)) {
    auto c1 = body.find(':');
    auto c2 = body.find(':', c1 + 1);
    BOOST_REQUIRE(c2 != std::string::npos);
    int k = std::stoi(body.substr(0, c1));
    int seq = std::stoi(body.substr(c1 + 1, c2 - c1 - 1));
    BOOST_TEST(seq == next[k]);
    next[k] = seq + 1;
    BOOST_TEST(body.size() == c2 + 1 + size_t(900 + 100 * k));
  }
  BOOST_TEST(wire.empty());
  for (int k = 0; k < senders; ++k)
    BOOST_TEST(next[k] == per_sender);
}

BOOST_FIXTURE_TEST_CASE_TEMPLATE(send_timeout_fails_a_suspended_send, F,
                                 both_fixtures, F) {
  BOOST_TEST_MESSAGE("Ensure that {send_timeout,T} fails a send suspended for T with timeout, and the socket stays usable (" << F::kind << ")");
  F& fx = *this;
  auto owner = fx.make_probe("owner");
  auto sender = fx.make_probe("sender");
  auto opts = small_buffers;
  opts.push_back(inet::send_timeout(100));
  auto c = open_connection(fx, owner, opts);
  c.peer.stop_reading(4096);
  auto sends = queue_sends(sender, c.s);
  fx.run();
  auto k = completed(sends);
  BOOST_REQUIRE(k > 0u);
  BOOST_REQUIRE(k < chunks);
  fx.advance(150ms);
  auto j = first_failure(fx, sends);
  BOOST_REQUIRE(j < chunks);
  BOOST_TEST(to_atom(sends[j].reason()) == "timeout");
  if constexpr (is_simulated<F>)
    BOOST_TEST(j == k); // exactly the first suspended send
  BOOST_TEST(static_cast<bool>(
    owner.getopts(c.s, {inet::option_name::send_timeout})));
}

BOOST_FIXTURE_TEST_CASE_TEMPLATE(send_timeout_close_closes_the_socket, F,
                                 both_fixtures, F) {
  BOOST_TEST_MESSAGE("Ensure that with {send_timeout_close,true} the time-out closes the socket: monitors see timeout, later sends closed (" << F::kind << ")");
  F& fx = *this;
  auto owner = fx.make_probe("owner");
  auto sender = fx.make_probe("sender");
  auto watcher = fx.make_probe("watcher");
  auto opts = small_buffers;
  opts.push_back(inet::send_timeout(100));
  opts.push_back(inet::send_timeout_close(true));
  auto c = open_connection(fx, owner, opts);
  watcher.monitor(c.s);
  c.peer.stop_reading(4096);
  auto sends = queue_sends(sender, c.s);
  fx.run();
  auto k = completed(sends);
  BOOST_REQUIRE(k < chunks);
  fx.advance(150ms);
  auto j = first_failure(fx, sends);
  BOOST_REQUIRE(j + 1 < chunks);
  BOOST_TEST(to_atom(sends[j].reason()) == "timeout");
  if constexpr (is_simulated<F>)
    BOOST_TEST(j == k);
  expect_messages(watcher, {inet_down(c.s, errc::timeout)});
  BOOST_TEST(to_atom(sends[j + 1].reason()) == "closed");
  c.peer.resume_reading();
  expect_peer_closed(c.peer);
}

BOOST_AUTO_TEST_SUITE_END()
