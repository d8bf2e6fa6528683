// Runs a fuzz target over its corpus (test/fuzz/corpus/<target>/: what
// libFuzzer kept) and over the inputs that once broke a property
// (test/fuzz/regressions/<target>/), reporting a violated property as a
// Boost.Test error that names the input. OTPNET_FUZZ_DIR is test/fuzz.

#pragma once

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "fuzz/fuzz_input.hpp"

namespace otpnet::fuzz {

using target_fn = void (*)(const uint8_t*, std::size_t);

/// Runs `fn` on every file under `dir`; returns how many ran.
inline std::size_t replay_dir(const std::filesystem::path& dir,
                              target_fn fn) {
  std::size_t n = 0;
  if (!std::filesystem::exists(dir))
    return 0;
  for (const auto& entry : std::filesystem::directory_iterator{dir}) {
    if (!entry.is_regular_file())
      continue;
    std::ifstream f{entry.path(), std::ios::binary};
    std::string bytes{std::istreambuf_iterator<char>{f}, {}};
    try {
      fn(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
    } catch (const property_violation& e) {
      BOOST_ERROR(entry.path().filename().string() << ": " << e.what());
    }
    ++n;
  }
  return n;
}

/// The corpus of target `name` and its regressions; how many inputs ran.
inline std::size_t replay(const char* name, target_fn fn) {
  std::filesystem::path root{OTPNET_FUZZ_DIR};
  return replay_dir(root / "corpus" / name, fn)
         + replay_dir(root / "regressions" / name, fn);
}

} // namespace otpnet::fuzz
