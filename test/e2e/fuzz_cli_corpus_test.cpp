// Replays the command-line fuzz target's corpus and regressions
// (test/fuzz/cli_target.cpp): the samples' parse_cli, loadgen's
// parse_options and tools/inet's parse_command, all compiled into this
// binary.

#include <boost/test/unit_test.hpp>

#include "fuzz/fuzz_targets.hpp"
#include "fuzz/replay.hpp"

BOOST_AUTO_TEST_SUITE(fuzz_corpus)

BOOST_AUTO_TEST_CASE(cli_corpus_keeps_its_properties) {
  BOOST_TEST(otpnet::fuzz::replay("cli", otpnet::fuzz::cli_target) > 0u);
}

BOOST_AUTO_TEST_SUITE_END()
