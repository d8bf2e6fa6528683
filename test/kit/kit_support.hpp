#pragma once

// Shared by the kit's tests: the two fixtures every behaviour test runs on,
// and the few lines that open a connection between an owner probe and a
// peer.

#include <random>
#include <string>
#include <vector>

#include <boost/mpl/list.hpp>
#include <boost/test/unit_test.hpp>

#include <otpnet/gen_tcp.hpp>
#include <otpnet/inet.hpp>
#include <otpnet/testing/deterministic.hpp>
#include <otpnet/testing/expectations.hpp>
#include <otpnet/testing/loopback.hpp>
#include <otpnet/testing/probe.hpp>
#include <otpnet/testing/seed.hpp>

namespace otpnet::kit_test {

using both_fixtures = boost::mpl::list<testing::deterministic_fixture,
                                       testing::loopback_fixture>;

template <class Fixture>
struct connection {
  otpnet::socket ls;
  otpnet::socket s;
  typename Fixture::peer_type peer;
};

/// `owner` listens with `opts` (port 0), a peer connects, `owner` accepts.
template <class Fixture>
connection<Fixture> open_connection(Fixture& fx, testing::probe& owner,
                                    const gen_tcp::option_list& opts) {
  auto ls = owner.listen(0, opts);
  BOOST_REQUIRE_MESSAGE(ls, "listen failed");
  auto port = owner.port(*ls);
  BOOST_REQUIRE(port);
  auto peer = fx.connect_peer(*port);
  auto s = owner.accept(*ls);
  BOOST_REQUIRE_MESSAGE(s, "accept failed");
  return {*ls, *s, peer};
}

/// A connection of a fresh "owner" probe on the simulated network, run
/// until nothing moves; `mark` is where the trace of what follows starts
/// (for writes_since).
struct simulated_connection {
  testing::probe owner;
  connection<testing::deterministic_fixture> c;
  size_t mark;

  simulated_connection(testing::deterministic_fixture& fx,
                       const gen_tcp::option_list& opts)
    : owner(fx.make_probe("owner")), c(open_connection(fx, owner, opts)) {
    fx.run();
    mark = fx.log().size();
  }
};

/// Schedule exploration: runs `scenario(fx, seed)` (returning what went
/// wrong, or an empty string) on a fresh deterministic fixture for each
/// exploration seed, and stops at the first failure, reported with its
/// replay hint and trace. Returns the number of seeds run.
template <class Scenario>
size_t explore_seeds(size_t default_count, Scenario scenario) {
  auto seeds = testing::exploration_seeds(default_count);
  for (auto seed : seeds) {
    testing::deterministic_fixture fx;
    auto why = scenario(fx, seed);
    if (!why.empty()) {
      BOOST_ERROR("seed " << seed << ": " << why << "\n  "
                          << testing::replay_hint(seed)
                          << "\n  trace of the run:\n"
                          << fx.log().dump());
      break; // one replayable failure is enough
    }
  }
  return seeds.size();
}

/// Lets the system move between two scripted actions: 0-12 steps (fewer
/// if nothing moves), the count drawn from the run's `script`.
inline void some_steps(testing::deterministic_fixture& fx,
                       std::mt19937_64& script) {
  auto n = std::uniform_int_distribution<int>{0, 12}(script);
  for (int i = 0; i < n && fx.step(); ++i) {
    // nop
  }
}

/// {active, false | true | once | N}, a quarter of the time each, N drawn
/// from [min_n, max_n].
inline inet::active random_active(std::mt19937_64& script, int min_n,
                                  int max_n) {
  switch (std::uniform_int_distribution<int>{0, 3}(script)) {
    case 0:
      return inet::active(false);
    case 1:
      return inet::active(true);
    case 2:
      return inet::active(inet::once);
    default:
      return inet::active(
        std::uniform_int_distribution<int>{min_n, max_n}(script));
  }
}

/// Empty if the runtime holds `expected` sockets, else what is wrong.
inline std::string sockets_left(testing::deterministic_fixture& fx,
                                size_t expected) {
  auto open = fx.rt().open_sockets();
  if (open == expected)
    return {};
  return std::to_string(open) + " sockets open at the end (expected "
         + std::to_string(expected) + ")";
}

/// Runs only the next message of `hdl` (a probe, a socket's actor): no
/// other actor and no network event moves.
inline void run_only(testing::deterministic_fixture& fx,
                     const caf::actor& hdl) {
  BOOST_REQUIRE(fx.sched().prioritize(hdl));
  fx.sched().run_once();
}

/// The sizes of the transport writes the actors' sockets started since
/// trace entry `from` (the simulated network's "... write of N bytes").
inline std::vector<size_t> writes_since(testing::trace& log, size_t from) {
  std::vector<size_t> out;
  auto lines = log.lines();
  for (size_t i = from; i < lines.size(); ++i) {
    auto pos = lines[i].find(" write of ");
    if (pos != std::string::npos)
      out.push_back(std::stoul(lines[i].substr(pos + 10)));
  }
  return out;
}

/// A packet with a big-endian length header of `hlen` bytes.
inline std::string frame(size_t hlen, const std::string& body) {
  std::string out;
  for (size_t i = hlen; i > 0; --i)
    out.push_back(static_cast<char>((body.size() >> (8 * (i - 1))) & 0xFF));
  return out + body;
}

/// The byte at offset i of a test stream (so that a lost, duplicated or
/// reordered byte shows).
inline std::string pattern(size_t from, size_t n) {
  std::string out(n, '\0');
  for (size_t i = 0; i < n; ++i)
    out[i] = static_cast<char>('A' + (from + i) % 26);
  return out;
}

/// Parses a {packet,2} byte stream into bodies; a torn tail stays in `rest`.
inline std::vector<std::string> unframe2(std::string& rest) {
  std::vector<std::string> out;
  for (;;) {
    if (rest.size() < 2)
      return out;
    size_t len = (static_cast<uint8_t>(rest[0]) << 8)
                 | static_cast<uint8_t>(rest[1]);
    if (rest.size() < 2 + len)
      return out;
    out.push_back(rest.substr(2, len));
    rest.erase(0, 2 + len);
  }
}

} // namespace otpnet::kit_test
