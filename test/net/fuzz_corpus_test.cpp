// Replays the fuzz targets' corpora (test/fuzz/corpus/<target>/: the
// inputs libFuzzer found interesting) and the inputs that once broke a
// property (test/fuzz/regressions/<target>/), so that every build checks
// the properties on them, without clang or a fuzzing run
// (test/fuzz/README.md).

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "fuzz/fuzz_input.hpp"
#include "fuzz/fuzz_targets.hpp"

namespace {

namespace fs = std::filesystem;

using target = void (*)(const uint8_t*, std::size_t);

/// Runs `fn` on every file under `dir`; returns how many ran.
std::size_t replay_dir(const fs::path& dir, target fn) {
  std::size_t n = 0;
  if (!fs::exists(dir))
    return 0;
  for (const auto& entry : fs::directory_iterator{dir}) {
    if (!entry.is_regular_file())
      continue;
    std::ifstream f{entry.path(), std::ios::binary};
    std::string bytes{std::istreambuf_iterator<char>{f}, {}};
    try {
      fn(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
    } catch (const otpnet::fuzz::property_violation& e) {
      BOOST_ERROR(entry.path().filename().string() << ": " << e.what());
    }
    ++n;
  }
  return n;
}

/// The corpus of target `name` and the inputs kept from past failures.
std::size_t replay(const char* name, target fn) {
  fs::path root{OTPNET_FUZZ_DIR};
  return replay_dir(root / "corpus" / name, fn)
         + replay_dir(root / "regressions" / name, fn);
}

} // namespace

BOOST_AUTO_TEST_SUITE(fuzz_corpus)

BOOST_AUTO_TEST_CASE(packet_reader_corpus_keeps_its_properties) {
  BOOST_TEST(replay("packet_reader", otpnet::fuzz::packet_reader_target) > 0u);
}

BOOST_AUTO_TEST_CASE(parse_address_corpus_keeps_its_properties) {
  BOOST_TEST(replay("parse_address", otpnet::fuzz::parse_address_target) > 0u);
}

BOOST_AUTO_TEST_CASE(options_corpus_keeps_its_properties) {
  BOOST_TEST(replay("options", otpnet::fuzz::options_target) > 0u);
}

BOOST_AUTO_TEST_SUITE_END()
