// gen_tcp:accept's reply reaches the accepting actor before anything its
// new socket delivers, also when the peer's data is already there and the
// socket starts active: the socket actor answers the accept itself, first.
// Explored under many interleavings of actors and network events.

#include <memory>
#include <type_traits>
#include <vector>

#include "kit/kit_support.hpp"

#include <otpnet/testing/seed.hpp>

using namespace otpnet;
using namespace otpnet::testing;
using namespace otpnet::kit_test;

namespace {

constexpr size_t default_seeds = 200;

struct order_log {
  bool accepted = false;
  bool data_before_accept = false;
  std::string data_after;
};

// Calls gen_tcp:accept without suspending (.then), so a socket message that
// came before the reply would be handled before it.
caf::behavior accepting_owner(caf::event_based_actor* self, socket ls,
                              std::shared_ptr<order_log> log) {
  gen_tcp::accept(self, ls).then([log](caf::expected<socket> s) {
    log->accepted = static_cast<bool>(s);
  });
  return {
    [log](tcp_msg& m) {
      if (!log->accepted)
        log->data_before_accept = true;
      else
        log->data_after += m.data.to_string();
    },
    [](tcp_closed_msg&) {},
  };
}

/// One accept with the peer's bytes already sent; `seed` shuffles the
/// deterministic fixture's schedule (the loopback one runs as it runs).
template <class Fixture>
std::string run_scenario(Fixture& fx, uint64_t seed) {
  auto listener = fx.make_probe("listener");
  auto ls = listener.listen(0, {inet::active(true)});
  if (!ls)
    return "listen failed";
  auto port = listener.port(*ls);
  auto peer = fx.connect_peer(*port);
  if constexpr (std::is_same_v<Fixture, deterministic_fixture>)
    fx.shuffle(seed);
  // On loopback the bytes are in the accepted socket's kernel buffer before
  // the socket actor exists: its first (direct) read finds them at once.
  peer.send("hello");
  auto log = std::make_shared<order_log>();
  fx.spawn(accepting_owner, *ls, log);
  fx.run_until([&] { return log->data_after.size() >= 5; });
  if (!log->accepted)
    return "accept did not succeed";
  if (log->data_before_accept)
    return "a tcp message arrived before the accept reply";
  if (log->data_after != "hello")
    return "the owner got \"" + log->data_after + "\", not \"hello\"";
  return {};
}

} // namespace

BOOST_AUTO_TEST_SUITE(accept_order)

BOOST_AUTO_TEST_CASE_TEMPLATE(the_accept_reply_comes_before_the_first_packet,
                              Fixture, both_fixtures) {
  BOOST_TEST_MESSAGE("Ensure that an accepting actor that does not suspend "
                     "gets gen_tcp:accept's reply before the packet the "
                     "peer sent before the accept (deterministic: in every "
                     "explored interleaving; loopback: repeated)");
  size_t failures = 0;
  auto seeds = std::is_same_v<Fixture, deterministic_fixture>
                 ? exploration_seeds(default_seeds)
                 : std::vector<uint64_t>(20, 0);
  for (auto seed : seeds) {
    Fixture fx;
    auto why = run_scenario(fx, seed);
    if (!why.empty()) {
      ++failures;
      BOOST_ERROR("seed " << seed << ": " << why << "\n  "
                          << replay_hint(seed) << "\n  trace of the run:\n"
                          << fx.log().dump());
      break;
    }
  }
  BOOST_TEST(failures == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
