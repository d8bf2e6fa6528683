// Seeds for schedule exploration (deterministic_fixture::shuffle). A test
// runs many seeds; a failing one is printed and replays the same run:
//
//   OTPNET_SEED=1234 ./my-test -t my_exploration_test
//   ./my-test -t my_exploration_test -- --seed=1234
//
// OTPNET_SEEDS=N changes how many seeds a test tries (more for a soak run).

#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace otpnet::testing {

/// The seed asked for on the command line (`-- --seed=N`, after Boost.Test's
/// own arguments) or in OTPNET_SEED; nullopt if none.
std::optional<uint64_t> requested_seed();

/// The seeds to run: just the requested one, or `count` seeds from `first`
/// (OTPNET_SEEDS overrides `count`).
std::vector<uint64_t> exploration_seeds(size_t count, uint64_t first = 1);

/// "replay with OTPNET_SEED=N (or -- --seed=N)".
std::string replay_hint(uint64_t seed);

} // namespace otpnet::testing
