// Schedule exploration of the sending side: three senders fire bursts of
// sends (one way or, past the message-queue watermark, requests; zero-byte
// packets among them) while the peer stops and resumes reading, a third
// actor's setopts lands between sends and the owner hands the socket over,
// under many interleavings, each chosen by a seed. Whatever the order, every
// send completes with ok and the peer gets each sender's packets once each,
// in that sender's order: batches of sends (written together once the
// sends queued behind them are in) lose, duplicate, reorder and strand
// nothing.

#include <map>
#include <random>

#include "kit/kit_support.hpp"

using namespace otpnet;
using namespace otpnet::testing;
using namespace otpnet::kit_test;

namespace {

constexpr int senders = 3;
constexpr int per_sender = 20;
constexpr size_t default_seeds = 200;

/// How the explored runs differed.
struct coverage {
  size_t batched_runs = 0; // some write carried more than one packet
};

/// Runs one interleaving; returns an empty string or what went wrong.
std::string run_scenario(deterministic_fixture& fx, uint64_t seed,
                         coverage& cov) {
  std::mt19937_64 script{seed * 7919 + 17};
  auto one_of = [&](std::initializer_list<int64_t> xs) {
    auto i = std::uniform_int_distribution<size_t>{0, xs.size() - 1}(script);
    return *(xs.begin() + static_cast<std::ptrdiff_t>(i));
  };
  auto high = one_of({64, 512, 8192});
  auto msgq = one_of({48, 256, 1 << 20});
  bool delay = one_of({0, 0, 0, 1}) == 1;
  auto owner = fx.make_probe("owner");
  auto heir = fx.make_probe("heir");
  auto setter = fx.make_probe("setter");
  auto c = open_connection(
    fx, owner,
    {inet::active(false), inet::packet(2), inet::high_watermark(high),
     inet::low_watermark(high / 2), inet::high_msgq_watermark(msgq),
     inet::low_msgq_watermark(msgq / 2), inet::delay_send(delay)});
  std::vector<probe> ps{owner, fx.make_probe("sender 1"),
                        fx.make_probe("sender 2")};
  fx.run();
  auto mark = fx.log().size();
  fx.shuffle(seed);
  // Each send's result; -1 while pending, 0 ok, 1 error.
  auto results = std::make_shared<std::vector<int>>(senders * per_sender, -1);
  std::vector<int> next(senders, 0);
  auto transfer_at = std::uniform_int_distribution<int>{0, 40}(script);
  auto stop_at = std::uniform_int_distribution<int>{0, 40}(script);
  auto resume_at = stop_at + std::uniform_int_distribution<int>{1, 20}(script);
  std::optional<call<void>> moved;
  for (int round = 0;; ++round) {
    if (round == transfer_at)
      moved = owner.controlling_process_async(c.s, heir);
    if (round == stop_at)
      c.peer.stop_reading(
        static_cast<size_t>(one_of({0, 16, 100, 1000})));
    if (round == resume_at)
      c.peer.resume_reading();
    if (one_of({0, 0, 0, 1}) == 1)
      setter.setopts_async(c.s, {inet::active(false)});
    // A burst from one sender, in one turn: its sends reach the socket's
    // mailbox together.
    auto k = static_cast<size_t>(std::uniform_int_distribution<int>{
      0, senders - 1}(script));
    auto n = std::min(std::uniform_int_distribution<int>{1, 6}(script),
                      per_sender - next[k]);
    if (n > 0) {
      std::vector<std::pair<size_t, std::string>> burst;
      for (int i = 0; i < n; ++i, ++next[k]) {
        auto idx = k * per_sender + static_cast<size_t>(next[k]);
        // Zero-byte packets (only a header) among the others.
        std::string body;
        if (one_of({0, 1, 1, 1}) == 1) {
          body = std::to_string(k) + ":" + std::to_string(next[k]) + ":";
          body.append(static_cast<size_t>(one_of({0, 10, 60})), 'x');
        }
        burst.emplace_back(idx, body);
      }
      ps[k].exec([s = c.s, burst, results](caf::event_based_actor* self) {
        for (auto& [idx, body] : burst)
          gen_tcp::send(self, s, binary{body})
            .then([results, idx = idx](caf::expected<void> r) {
              (*results)[idx] = r ? 0 : 1;
            });
      });
    }
    some_steps(fx, script);
    bool all_issued = true;
    for (int k2 = 0; k2 < senders; ++k2)
      all_issued = all_issued && next[size_t(k2)] == per_sender;
    if (all_issued && round > resume_at && round > transfer_at)
      break;
  }
  c.peer.resume_reading();
  fx.run();
  // The verdict.
  for (size_t i = 0; i < results->size(); ++i)
    if ((*results)[i] != 0)
      return "send " + std::to_string(i)
             + ((*results)[i] < 0 ? " never completed" : " failed");
  if (!moved || !moved->done() || moved->reason() != errc::ok)
    return "controlling_process did not succeed";
  auto stream = c.peer.read();
  auto got = unframe2(stream);
  if (!stream.empty())
    return "a torn packet at the end of the stream";
  if (got.size() != size_t(senders * per_sender))
    return std::to_string(got.size()) + " packets arrived, "
           + std::to_string(senders * per_sender) + " sent";
  // Zero-byte packets name no sender: the count above covers them.
  std::map<size_t, int> seen; // sender -> next index it may show
  for (auto& body : got) {
    if (body.empty())
      continue;
    auto k = static_cast<size_t>(body[0] - '0');
    auto i = std::stoi(body.substr(2));
    if (i < seen[k])
      return "sender " + std::to_string(k) + ": packet " + std::to_string(i)
             + " after " + std::to_string(seen[k] - 1);
    seen[k] = i + 1;
  }
  auto writes = writes_since(fx.log(), mark);
  if (writes.size() < got.size())
    ++cov.batched_runs;
  return {};
}

} // namespace

BOOST_AUTO_TEST_SUITE(send_exploration)

BOOST_AUTO_TEST_CASE(batched_sends_lose_and_reorder_nothing) {
  BOOST_TEST_MESSAGE("Ensure that under every explored interleaving of bursts of sends from three actors, watermarks, a stalling peer, setopts and controlling_process, every send completes and each sender's packets arrive once, in order");
  coverage cov;
  auto runs = explore_seeds(default_seeds, [&](auto& fx, uint64_t seed) {
    return run_scenario(fx, seed, cov);
  });
  BOOST_TEST_MESSAGE("explored " << runs << " interleaving(s): "
                                 << cov.batched_runs
                                 << " with writes carrying several packets");
  if (runs >= default_seeds)
    BOOST_TEST(cov.batched_runs > 0u);
}

BOOST_AUTO_TEST_SUITE_END()
