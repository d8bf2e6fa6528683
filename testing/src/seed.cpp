#include "otpnet/testing/seed.hpp"

#include <cstdlib>
#include <string_view>

#include <boost/test/unit_test.hpp>

namespace otpnet::testing {

namespace {

std::optional<uint64_t> parse(std::string_view text) {
  if (text.empty())
    return std::nullopt;
  uint64_t out = 0;
  for (char c : text) {
    if (c < '0' || c > '9')
      return std::nullopt;
    out = out * 10 + static_cast<uint64_t>(c - '0');
  }
  return out;
}

} // namespace

std::optional<uint64_t> requested_seed() {
  auto& suite = boost::unit_test::framework::master_test_suite();
  for (int i = 1; i < suite.argc; ++i) {
    std::string_view arg{suite.argv[i]};
    constexpr std::string_view key = "--seed=";
    if (arg.substr(0, key.size()) == key)
      if (auto n = parse(arg.substr(key.size())))
        return n;
  }
  if (auto* env = std::getenv("OTPNET_SEED"))
    return parse(env);
  return std::nullopt;
}

std::vector<uint64_t> exploration_seeds(size_t count, uint64_t first) {
  if (auto one = requested_seed())
    return {*one};
  if (auto* env = std::getenv("OTPNET_SEEDS"))
    if (auto n = parse(env))
      count = static_cast<size_t>(*n);
  std::vector<uint64_t> out;
  for (size_t i = 0; i < count; ++i)
    out.push_back(first + i);
  return out;
}

std::string replay_hint(uint64_t seed) {
  return "replay with OTPNET_SEED=" + std::to_string(seed)
         + " (or -- --seed=" + std::to_string(seed) + ")";
}

} // namespace otpnet::testing
