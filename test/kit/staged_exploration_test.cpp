// Schedule exploration of staged packets (actors/src/staged_packets.hpp):
// an {active, once}, {packet, 2} owner re-arms at random moments while the
// peer sends bursts cut anywhere, a setopts request (which takes staged
// packets back) and getstat come in between, and the socket moves to a new
// owner, which re-arms in turn (and the old one still does now and then,
// as a non-owner). Whatever the interleaving, the two owners together get
// every packet once, in order, the old owner's before the new one's, and
// getstat's recv_cnt counts exactly what was delivered.

#include <random>

#include "kit/kit_support.hpp"

using namespace otpnet;
using namespace otpnet::testing;
using namespace otpnet::kit_test;

namespace {

constexpr size_t default_seeds = 300;
constexpr int packets = 40;

std::string run_scenario(deterministic_fixture& fx, uint64_t seed) {
  auto a = fx.make_probe("old owner");
  auto b = fx.make_probe("new owner");
  auto c = open_connection(fx, a, {inet::packet(2), inet::active(inet::once)});
  fx.shuffle(seed);
  std::mt19937_64 script{seed * 7919 + 31};
  auto draw = [&](int lo, int hi) {
    return std::uniform_int_distribution<int>{lo, hi}(script);
  };
  std::string stream;
  for (int i = 0; i < packets; ++i)
    stream += frame(2, std::to_string(i));
  size_t sent = 0;
  bool moved = false;
  std::optional<call<void>> transfer;
  for (int turn = 0; turn < 3 * packets; ++turn) {
    switch (draw(0, 9)) {
      case 0:
      case 1:
        if (sent < stream.size()) { // a burst of 1..6 packets, cut anywhere
          auto n = std::min<size_t>(stream.size() - sent, 4 * draw(1, 6));
          std::vector<size_t> cuts;
          for (size_t off = 1; off < n; ++off)
            if (draw(0, 5) == 0)
              cuts.push_back(off);
          c.peer.send_split(stream.substr(sent, n), cuts);
          sent += n;
        }
        break;
      case 2:
        if (!transfer && draw(0, 3) == 0)
          transfer = a.controlling_process_async(c.s, b);
        break;
      case 3:
        // Same framing, but a request: staged packets go back.
        (moved ? b : a).setopts_async(c.s, {inet::packet(2)});
        break;
      default:
        (moved ? b : a).setopts_async(c.s, {inet::active(inet::once)});
        if (moved && draw(0, 4) == 0) // the old owner, no longer owner
          a.setopts_async(c.s, {inet::active(inet::once)});
        break;
    }
    some_steps(fx, script);
    moved = transfer && transfer->done() && transfer->reason() == errc::ok;
  }
  if (sent < stream.size())
    c.peer.send(stream.substr(sent));
  fx.run();
  if (transfer && !moved) {
    fx.run_until([&] { return transfer->done(); });
    moved = transfer->reason() == errc::ok;
  }
  auto& owner = moved ? b : a;
  // Whatever is left comes with one re-arm per packet.
  for (int i = 0; i < 2 * packets; ++i) {
    if (a.packets_of(c.s).size() + b.packets_of(c.s).size() >= size_t(packets))
      break;
    owner.setopts_async(c.s, {inet::active(inet::once)});
    fx.run();
  }
  auto seq = a.packets_of(c.s);
  auto later = b.packets_of(c.s);
  seq.insert(seq.end(), later.begin(), later.end());
  if (seq.size() != size_t(packets))
    return std::to_string(seq.size()) + " packets arrived, not "
           + std::to_string(packets);
  for (size_t i = 0; i < seq.size(); ++i)
    if (seq[i] != std::to_string(i))
      return "packet " + std::to_string(i) + " is \"" + seq[i] + "\"";
  auto stats = owner.getstat(c.s, {inet::stat_option::recv_cnt});
  if (!stats || stats->front().second != uint64_t(packets))
    return "recv_cnt is not " + std::to_string(packets);
  return {};
}

} // namespace

BOOST_AUTO_TEST_SUITE(exploration)

BOOST_AUTO_TEST_CASE(staged_packets_under_re_arms_setopts_and_a_transfer) {
  BOOST_TEST_MESSAGE("Ensure that under every explored interleaving of bursts, {active, once} re-arms (which take staged packets), setopts requests (which take them back) and a transfer, the owners get every packet once, in order, and recv_cnt counts them");
  auto runs = explore_seeds(default_seeds, [](auto& fx, uint64_t seed) {
    return run_scenario(fx, seed);
  });
  BOOST_TEST(runs > 0u);
}

BOOST_AUTO_TEST_SUITE_END()
