// Schedule exploration of the accepting side: up to three actors call
// gen_tcp:accept on one listen socket (half of the calls with a time-out of
// 0-3 ms while virtual time moves on) as peers connect, each sending its
// name at once; at some point the listen socket is closed or its owner
// dies. Whatever the interleaving:
// - an accept returns a socket, timeout (only when it had a time-out) or
//   closed, and once closed, that acceptor's later accepts are closed too;
// - every accepted socket is a different connection, wired to the peer
//   whose name it delivers, each peer accepted at most once;
// - a peer nobody accepted is closed or reset when the listen socket goes;
// - at the end, once the acceptors are gone (and so their sockets), the runtime holds
//   no socket and every peer has seen its connection end.

#include <map>
#include <random>

#include "kit/kit_support.hpp"

using namespace otpnet;
using namespace otpnet::testing;
using namespace otpnet::kit_test;

namespace {

constexpr size_t default_seeds = 1000;
constexpr int script_length = 30;
constexpr int max_peers = 8;

struct coverage {
  size_t accepted = 0;
  size_t timed_out = 0;
  size_t closed = 0;      // accepts ended by the listen socket's close
  size_t unaccepted = 0;  // peers the listen socket's close turned away
};

std::string run_scenario(deterministic_fixture& fx, uint64_t seed,
                         coverage& cov) {
  std::mt19937_64 script{seed * 4099 + 11};
  auto owner = fx.make_probe("listener");
  std::vector<probe> acceptors;
  auto n_acceptors = std::uniform_int_distribution<int>{1, 3}(script);
  for (int i = 0; i < n_acceptors; ++i)
    acceptors.push_back(fx.make_probe("acceptor" + std::to_string(i)));
  auto ls = owner.listen(0, {inet::active(true)});
  if (!ls)
    return "listen failed";
  auto port = owner.port(*ls);
  if (!port)
    return "port failed";
  fx.shuffle(seed);
  struct pending_accept {
    size_t acceptor;
    timeout limit;
    call<otpnet::socket> result;
  };
  std::vector<pending_accept> accepts;
  std::vector<simulated_peer> peers;
  bool going = false; // the listen socket's close or its owner's death
  for (int op = 0; op < script_length; ++op) {
    switch (std::uniform_int_distribution<int>{0, 5}(script)) {
      case 0:
      case 1: { // an accept, on any acceptor
        auto who = std::uniform_int_distribution<size_t>{
          0, acceptors.size() - 1}(script);
        auto t = infinity;
        if (std::uniform_int_distribution<int>{0, 1}(script) == 0)
          t = timeout{std::uniform_int_distribution<int>{0, 3}(script)};
        accepts.push_back({who, t, acceptors[who].accept_async(*ls, t)});
        break;
      }
      case 2: // a peer connects and says who it is
        if (!going && peers.size() < size_t(max_peers)) {
          peers.push_back(fx.connect_peer(*port));
          peers.back().send("peer" + std::to_string(peers.size() - 1));
        }
        break;
      case 3:
        fx.advance(std::chrono::milliseconds{
          std::uniform_int_distribution<int>{0, 2}(script)});
        break;
      case 4: // the end of the listen socket, rarely
        if (!going && std::uniform_int_distribution<int>{0, 3}(script) == 0) {
          going = true;
          if (std::uniform_int_distribution<int>{0, 1}(script) == 0) {
            owner.kill();
          } else {
            owner.close_async(*ls);
          }
        }
        break;
      default:
        break;
    }
    some_steps(fx, script);
  }
  if (!going) {
    going = true;
    owner.close_async(*ls);
  }
  // Accepts still waiting without a time-out end with the close.
  fx.run();
  // The verdict on each accept.
  // (An accept another actor makes after the close or kill may still be
  // served: both reach the listen socket as messages, in any order. But an
  // acceptor's calls run in its order: once closed, always closed.)
  std::map<uint64_t, size_t> accepted; // socket id -> acceptor
  std::vector<bool> saw_closed(acceptors.size(), false);
  for (auto& a : accepts) {
    if (!a.result.done())
      return "an accept got no reply: " + a.result.what();
    auto r = a.result.get();
    if (r) {
      if (saw_closed[a.acceptor])
        return "an accept after one that returned closed got a socket";
      if (!accepted.emplace(r->id(), a.acceptor).second)
        return "one socket accepted twice";
      ++cov.accepted;
      continue;
    }
    auto why = errc_of(r.error());
    if (why == errc::timeout) {
      if (a.limit == infinity)
        return "an accept without a time-out timed out";
      ++cov.timed_out;
    } else if (why == errc::closed) {
      saw_closed[a.acceptor] = true;
      ++cov.closed;
    } else {
      return "accept failed with " + std::string{to_atom(why)};
    }
  }
  if (accepted.size() > peers.size())
    return std::to_string(accepted.size()) + " sockets accepted for "
           + std::to_string(peers.size()) + " peers";
  // Wiring: each accepted socket delivers one peer's name (active true),
  // and no name comes twice.
  std::map<std::string, uint64_t> owner_of_name;
  for (auto& [id, who] : accepted) {
    std::string got;
    for (auto& m : acceptors[who].messages())
      if (m.tag == "tcp" && m.socket == id)
        got += m.data;
    if (got.rfind("peer", 0) != 0)
      return "an accepted socket delivered \"" + got + "\"";
    if (!owner_of_name.emplace(got, id).second)
      return got + " arrived on two sockets";
  }
  // Peers nobody accepted: turned away when the listen socket went.
  for (size_t i = 0; i < peers.size(); ++i) {
    if (owner_of_name.count("peer" + std::to_string(i)) > 0)
      continue;
    if (!peers[i].eof())
      return "peer" + std::to_string(i)
             + " was never accepted and its connection is still open";
    ++cov.unaccepted;
  }
  // The acceptors end, and with them what they accepted (an owner's death
  // closes its sockets); then nothing is left.
  for (auto& a : acceptors)
    a.kill();
  fx.run();
  for (size_t i = 0; i < peers.size(); ++i)
    if (!peers[i].eof())
      return "peer" + std::to_string(i) + " still open at the end";
  if (auto why = sockets_left(fx, 0); !why.empty())
    return why;
  return {};
}

} // namespace

BOOST_AUTO_TEST_SUITE(exploration)

BOOST_AUTO_TEST_CASE(accepts_racing_connects_and_the_close_lose_nobody) {
  BOOST_TEST_MESSAGE("Ensure that under every explored interleaving of accepts (with and without time-outs), connecting peers and the listen socket's end, each peer is accepted at most once by the right socket, and nobody is left open");
  coverage cov;
  auto runs = explore_seeds(default_seeds, [&](auto& fx, uint64_t seed) {
    return run_scenario(fx, seed, cov);
  });
  BOOST_TEST_MESSAGE("explored " << runs << " run(s): " << cov.accepted
                                 << " accepted, " << cov.timed_out
                                 << " timed out, " << cov.closed
                                 << " ended by the close, " << cov.unaccepted
                                 << " peers turned away");
  if (runs >= default_seeds) {
    BOOST_TEST(cov.accepted > 0u);
    BOOST_TEST(cov.timed_out > 0u);
    BOOST_TEST(cov.closed > 0u);
    BOOST_TEST(cov.unaccepted > 0u);
  }
}

BOOST_AUTO_TEST_SUITE_END()
