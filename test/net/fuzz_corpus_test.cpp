// Replays the net/ fuzz targets' corpora and regressions (test/fuzz/), so
// that every build checks their properties without clang or a fuzzing run
// (test/fuzz/README.md).

#include <boost/test/unit_test.hpp>

#include "fuzz/fuzz_targets.hpp"
#include "fuzz/replay.hpp"

using otpnet::fuzz::replay;

BOOST_AUTO_TEST_SUITE(fuzz_corpus)

BOOST_AUTO_TEST_CASE(http_reader_corpus_keeps_its_properties) {
  BOOST_TEST(replay("http_reader", otpnet::fuzz::http_reader_target) > 0u);
}

BOOST_AUTO_TEST_CASE(packet_reader_corpus_keeps_its_properties) {
  BOOST_TEST(replay("packet_reader", otpnet::fuzz::packet_reader_target) > 0u);
}

BOOST_AUTO_TEST_CASE(parse_address_corpus_keeps_its_properties) {
  BOOST_TEST(replay("parse_address", otpnet::fuzz::parse_address_target) > 0u);
}

BOOST_AUTO_TEST_CASE(options_corpus_keeps_its_properties) {
  BOOST_TEST(replay("options", otpnet::fuzz::options_target) > 0u);
}

BOOST_AUTO_TEST_CASE(i_args_corpus_keeps_its_properties) {
  BOOST_TEST(replay("i_args", otpnet::fuzz::i_args_target) > 0u);
}

BOOST_AUTO_TEST_SUITE_END()
