// Schedule exploration for gen_udp on the simulated network:
// controlling_process racing with arriving datagrams and with setopts from
// a third actor. Whatever the interleaving, the old owner's datagrams
// followed by the new owner's are what the peer sent: nothing lost,
// duplicated or reordered (the simulated network, like loopback, loses
// none).

#include <random>

#include "kit/kit_support.hpp"

#include <otpnet/gen_udp.hpp>

using namespace otpnet;
using namespace otpnet::testing;
using namespace otpnet::kit_test;

namespace {

constexpr int datagrams = 24;
constexpr size_t default_seeds = 400;

struct coverage {
  size_t forwarded_runs = 0; // the old owner passed datagrams on
  size_t direct_runs = 0;    // nothing was passed on
  size_t split_runs = 0;     // both owners got datagrams from the socket
};

std::vector<std::string> datagrams_of(const probe& p, const otpnet::socket& s) {
  std::vector<std::string> out;
  for (auto& m : p.messages())
    if (m.tag == "udp" && m.socket == s.id())
      out.push_back(m.data);
  return out;
}

std::string run_scenario(deterministic_fixture& fx, uint64_t seed,
                         coverage& cov) {
  auto a = fx.make_probe("old owner");
  auto b = fx.make_probe("new owner");
  auto setter = fx.make_probe("setter");
  auto s = a.udp_open(0, {inet::active(true)});
  if (!s)
    return "gen_udp:open failed";
  auto port = a.port(*s);
  auto peer = fx.net().open_udp_peer();
  if (!port || !peer)
    return "no port";
  fx.shuffle(seed);
  std::mt19937_64 script{seed * 7919 + 17};
  auto pick = [&] {
    return std::uniform_int_distribution<int>{0, datagrams}(script);
  };
  auto transfer_at = pick();
  auto once_at = pick();
  std::optional<call<void>> moved;
  for (int i = 0; i <= datagrams; ++i) {
    if (i == once_at) {
      // Passive after a datagram or N (udp_passive must be passed on too),
      // then active again.
      auto n = std::uniform_int_distribution<int>{0, 3}(script);
      setter.setopts_async(*s, {n == 0 ? inet::active(inet::once)
                                       : inet::active(n)});
      some_steps(fx, script);
      setter.setopts_async(*s, {inet::active(true)});
    }
    if (i == transfer_at)
      moved = a.controlling_process_async(*s, b);
    some_steps(fx, script);
    if (i < datagrams)
      peer->send_to(*port, std::to_string(i));
    some_steps(fx, script);
  }
  fx.run();
  auto seq = datagrams_of(a, *s);
  auto later = datagrams_of(b, *s);
  auto from_a = seq.size();
  seq.insert(seq.end(), later.begin(), later.end());
  for (size_t i = 0; i < seq.size(); ++i)
    if (i >= size_t(datagrams) || seq[i] != std::to_string(i))
      return "datagram " + std::to_string(i) + " is \"" + seq[i]
             + "\" (old owner handled " + std::to_string(from_a)
             + ", new owner " + std::to_string(later.size()) + ")";
  if (!moved || !moved->done() || moved->reason() != errc::ok)
    return "controlling_process did not succeed";
  if (seq.size() != size_t(datagrams))
    return "only " + std::to_string(seq.size()) + " of "
           + std::to_string(datagrams) + " datagrams arrived";
  size_t forwarded = 0;
  for (auto& m : b.messages())
    if (m.tag == "udp" && m.sender == a.handle().id())
      ++forwarded;
  ++(forwarded > 0 ? cov.forwarded_runs : cov.direct_runs);
  if (from_a > 0 && !later.empty())
    ++cov.split_runs;
  // The socket is the new owner's: a datagram after the run goes to it.
  peer->send_to(*port, "after");
  fx.run();
  auto last = datagrams_of(b, *s);
  if (last.empty() || last.back() != "after")
    return "the new owner does not get the socket's datagrams";
  return {};
}

} // namespace

BOOST_AUTO_TEST_SUITE(udp_exploration)

BOOST_AUTO_TEST_CASE(udp_transfer_under_datagrams_and_setopts_loses_nothing) {
  BOOST_TEST_MESSAGE("Ensure that under every explored interleaving of "
                     "datagrams, setopts and controlling_process on a UDP "
                     "socket, the datagrams arrive once each, in order");
  coverage cov;
  auto runs = explore_seeds(default_seeds, [&](auto& fx, uint64_t seed) {
    return run_scenario(fx, seed, cov);
  });
  BOOST_TEST_MESSAGE("explored " << runs << " interleaving(s): "
                                 << cov.forwarded_runs
                                 << " with datagrams passed on by the old "
                                    "owner, "
                                 << cov.direct_runs << " without, "
                                 << cov.split_runs
                                 << " with datagrams for both owners");
  if (runs >= default_seeds) {
    BOOST_TEST(cov.forwarded_runs > 0u);
    BOOST_TEST(cov.split_runs > 0u);
    BOOST_TEST(cov.direct_runs > 0u);
  }
}

BOOST_AUTO_TEST_SUITE_END()
