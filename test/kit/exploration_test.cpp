// Schedule exploration: controlling_process racing with incoming data,
// setopts from a third actor and (in one variant) the old owner's death,
// run under many interleavings, each chosen by a seed. Whatever the order in
// which actors and network events run, the old owner's packets followed by
// the new owner's are the stream: nothing lost, duplicated or reordered.
// When the old owner dies during the transfer the socket closes (it still
// has that owner) and the new owner holds a prefix of the stream.

#include <random>

#include "kit/kit_support.hpp"

using namespace otpnet;
using namespace otpnet::testing;
using namespace otpnet::kit_test;

namespace {

constexpr int packets = 24;
constexpr size_t default_seeds = 400;

/// How the explored runs differed: proof that the races were really hit.
struct coverage {
  size_t forwarded_runs = 0; // the old owner forwarded held packets
  size_t direct_runs = 0;    // nothing was held at the transfer
  size_t killed_mid_transfer = 0;
};

/// Runs one interleaving; returns an empty string or what went wrong (the
/// fixture's trace tells the rest).
std::string run_scenario(deterministic_fixture& fx, uint64_t seed,
                         bool kill_old_owner, coverage& cov) {
  auto a = fx.make_probe("old owner");
  auto b = fx.make_probe("new owner");
  auto setter = fx.make_probe("setter");
  auto c = open_connection(fx, a, {inet::packet(2), inet::active(true)});
  // From here on every step is picked by the seed; so is the script.
  fx.shuffle(seed);
  std::mt19937_64 script{seed * 7919 + 17};
  // The stream: packets in bursts, each burst cut at random offsets.
  std::vector<std::string> bursts;
  for (int i = 0; i < packets;) {
    auto n = std::uniform_int_distribution<int>{1, 6}(script);
    std::string burst;
    for (int k = 0; k < n && i < packets; ++k, ++i)
      burst += frame(2, std::to_string(i));
    bursts.push_back(burst);
  }
  auto send_burst = [&](const std::string& burst) {
    std::vector<size_t> cuts;
    for (size_t off = 1; off < burst.size(); ++off)
      if (std::uniform_int_distribution<int>{0, 3}(script) == 0)
        cuts.push_back(off);
    c.peer.send_split(burst, cuts);
  };
  // Where the other actions go between the bursts.
  auto pick = [&] {
    return std::uniform_int_distribution<size_t>{0, bursts.size()}(script);
  };
  auto transfer_at = pick();
  auto once_at = pick();
  auto kill_at = std::max(transfer_at, pick());
  std::optional<call<void>> moved;
  for (size_t i = 0; i <= bursts.size(); ++i) {
    if (i == once_at) {
      // Turns the socket passive after a packet or N (then tcp_passive,
      // which the transfer must forward too), and active again.
      auto n = std::uniform_int_distribution<int>{0, 3}(script);
      setter.setopts_async(c.s, {n == 0 ? inet::active(inet::once)
                                        : inet::active(n)});
      some_steps(fx, script);
      setter.setopts_async(c.s, {inet::active(true)});
    }
    if (i == transfer_at)
      moved = a.controlling_process_async(c.s, b);
    some_steps(fx, script);
    if (kill_old_owner && i == kill_at) {
      some_steps(fx, script);
      a.kill();
    }
    if (i < bursts.size())
      send_burst(bursts[i]);
    some_steps(fx, script);
  }
  fx.run();
  // The verdict.
  auto seq = a.packets_of(c.s);
  auto later = b.packets_of(c.s);
  auto from_a = seq.size();
  seq.insert(seq.end(), later.begin(), later.end());
  for (size_t i = 0; i < seq.size(); ++i)
    if (i >= size_t(packets) || seq[i] != std::to_string(i))
      return "packet " + std::to_string(i) + " is \"" + seq[i]
             + "\" (old owner handled " + std::to_string(from_a)
             + ", new owner " + std::to_string(later.size()) + ")";
  size_t forwarded = 0;
  for (auto& m : b.messages())
    if (m.tag == "tcp" && m.sender == a.handle().id())
      ++forwarded;
  ++(forwarded > 0 ? cov.forwarded_runs : cov.direct_runs);
  bool transferred = moved && moved->done() && moved->reason() == errc::ok;
  if (kill_old_owner && moved && !transferred)
    ++cov.killed_mid_transfer;
  if (!kill_old_owner && !transferred)
    return "controlling_process did not succeed";
  if (transferred && seq.size() != size_t(packets))
    return "only " + std::to_string(seq.size()) + " of "
           + std::to_string(packets) + " packets arrived (old owner "
           + std::to_string(from_a) + ", new owner "
           + std::to_string(later.size()) + ")";
  if (kill_old_owner && !transferred && !c.peer.eof())
    return "the old owner died during the transfer but the socket is open";
  return {};
}

void explore(bool kill_old_owner) {
  coverage cov;
  auto runs = explore_seeds(default_seeds, [&](auto& fx, uint64_t seed) {
    return run_scenario(fx, seed, kill_old_owner, cov);
  });
  BOOST_TEST_MESSAGE("explored " << runs << " interleaving(s): "
                                 << cov.forwarded_runs
                                 << " with packets forwarded by the old owner, "
                                 << cov.direct_runs << " without, "
                                 << cov.killed_mid_transfer
                                 << " with the old owner dead mid-transfer");
  if (runs >= default_seeds) {
    // The schedules must really differ where it matters.
    BOOST_TEST(cov.forwarded_runs > 0u);
    BOOST_TEST(cov.direct_runs > 0u);
    if (kill_old_owner)
      BOOST_TEST(cov.killed_mid_transfer > 0u);
  }
}

} // namespace

BOOST_AUTO_TEST_SUITE(exploration)

BOOST_AUTO_TEST_CASE(transfer_under_a_stream_and_setopts_loses_nothing) {
  BOOST_TEST_MESSAGE("Ensure that under every explored interleaving of data, setopts and controlling_process, the packets arrive once each, in order");
  explore(false);
}

BOOST_AUTO_TEST_CASE(old_owner_death_during_transfer_keeps_order) {
  BOOST_TEST_MESSAGE("Ensure that when the old owner may die at any point of the transfer, what arrives is an ordered prefix and a dead owner's socket closes");
  explore(true);
}

BOOST_AUTO_TEST_SUITE_END()
