// tools/loadgen's pure parts: the command line, the latency histogram and
// the request bytes every echo is checked against.

#include <boost/test/unit_test.hpp>

#include <sys/uio.h>

#include <initializer_list>
#include <string>
#include <variant>
#include <vector>

#include "loadgen/histogram.hpp"
#include "loadgen/options.hpp"
#include "loadgen/request_pattern.hpp"

namespace {

using loadgen::options;
using loadgen::options_error;

std::variant<options, options_error>
parse(std::initializer_list<const char*> args) {
  std::vector<const char*> argv{"loadgen"};
  argv.insert(argv.end(), args.begin(), args.end());
  return loadgen::parse_options(static_cast<int>(argv.size()), argv.data());
}

options ok(std::initializer_list<const char*> args) {
  auto res = parse(args);
  if (auto* err = std::get_if<options_error>(&res))
    BOOST_FAIL("unexpected error: " << err->what);
  return std::get<options>(res);
}

std::string error_of(std::initializer_list<const char*> args) {
  auto res = parse(args);
  if (auto* err = std::get_if<options_error>(&res))
    return err->what;
  BOOST_FAIL("accepted what should be refused");
  return {};
}

/// Request `seq`'s wire bytes, gathered from fill_iov.
std::string wire(const loadgen::request_pattern& p, uint64_t salt,
                 uint64_t seq) {
  iovec iov[2];
  int n = p.fill_iov(salt, seq, 0, iov);
  std::string out;
  for (int i = 0; i < n; ++i)
    out.append(static_cast<const char*>(iov[i].iov_base), iov[i].iov_len);
  return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(loadgen_options)

BOOST_AUTO_TEST_CASE(defaults_follow_the_contract) {
  BOOST_TEST_MESSAGE("Ensure that only --port is required and the defaults are the documented ones");
  auto o = ok({"--port", "5555"});
  BOOST_TEST(o.port == 5555);
  BOOST_TEST(o.host == "127.0.0.1");
  BOOST_TEST((o.run_mode == loadgen::mode::echo));
  BOOST_TEST(o.conns == 10);
  BOOST_TEST(o.size == 64u);
  BOOST_TEST(o.header_bytes == 0);
  BOOST_TEST(o.depth == 1);
  BOOST_TEST(o.seconds == 5.0);
  BOOST_TEST(o.warmup == 1.0);
  BOOST_TEST(o.threads == 1);
  BOOST_TEST(error_of({}) == "--port is required");
}

BOOST_AUTO_TEST_CASE(every_flag_in_both_spellings) {
  BOOST_TEST_MESSAGE("Ensure that every flag takes '--flag value' and '--flag=value', the last one winning");
  auto o = ok({"--host", "::1", "--port=7", "--mode", "connect", "--conns=32",
               "--size", "100", "--packet=4", "--depth", "16",
               "--seconds=2.5", "--warmup", "0", "--threads=2",
               "--conns", "40"});
  BOOST_TEST(o.host == "::1");
  BOOST_TEST(o.port == 7);
  BOOST_TEST((o.run_mode == loadgen::mode::connect));
  BOOST_TEST(o.conns == 40);
  BOOST_TEST(o.size == 100u);
  BOOST_TEST(o.header_bytes == 4);
  BOOST_TEST(o.depth == 16);
  BOOST_TEST(o.seconds == 2.5);
  BOOST_TEST(o.warmup == 0.0);
  BOOST_TEST(o.threads == 2);
  BOOST_TEST(ok({"--port", "1", "--packet", "raw"}).header_bytes == 0);
  BOOST_TEST(ok({"--port", "1", "--packet", "0"}).header_bytes == 0);
  BOOST_TEST(ok({"--port", "1", "--packet", "2"}).header_bytes == 2);
  for (const char* m : {"echo", "connect", "hold", "push"})
    BOOST_TEST(loadgen::mode_name(ok({"--port", "1", "--mode", m}).run_mode)
               == m);
}

BOOST_AUTO_TEST_CASE(bad_values_are_named_in_the_error) {
  BOOST_TEST_MESSAGE("Ensure that every out-of-range or malformed value is refused with the flag and the value");
  BOOST_TEST(error_of({"--port", "0"}) == "invalid --port '0'");
  BOOST_TEST(error_of({"--port", "65536"}) == "invalid --port '65536'");
  BOOST_TEST(error_of({"--port", "12x"}) == "invalid --port '12x'");
  BOOST_TEST(error_of({"--port", "1", "--conns", "0"}) == "invalid --conns '0'");
  BOOST_TEST(error_of({"--port", "1", "--conns", "1000001"})
             == "invalid --conns '1000001'");
  BOOST_TEST(error_of({"--port", "1", "--size", "0"}) == "invalid --size '0'");
  BOOST_TEST(error_of({"--port", "1", "--size", "16777217"})
             == "invalid --size '16777217'");
  BOOST_TEST(error_of({"--port", "1", "--depth", "0"}) == "invalid --depth '0'");
  BOOST_TEST(error_of({"--port", "1", "--depth", "4097"})
             == "invalid --depth '4097'");
  BOOST_TEST(error_of({"--port", "1", "--threads", "65"})
             == "invalid --threads '65'");
  BOOST_TEST(error_of({"--port", "1", "--packet", "1"}) == "invalid --packet '1'");
  BOOST_TEST(error_of({"--port", "1", "--mode", "flood"})
             == "invalid --mode 'flood'");
  BOOST_TEST(error_of({"--port", "1", "--host", ""}) == "invalid --host ''");
  for (const char* s : {"0", "-1", "nan", "inf", "1e9", "", "2s", "0x1p-2000"})
    BOOST_TEST(error_of({"--port", "1", "--seconds", s})
               == std::string("invalid --seconds '") + s + "'");
  BOOST_TEST(error_of({"--port", "1", "--warmup", "-0.5"})
             == "invalid --warmup '-0.5'");
  // User text in an error cannot break it over lines.
  BOOST_TEST(error_of({"--port", "1", "--depth", "1\n2"})
             == "invalid --depth '1?2'");
  BOOST_TEST(error_of({"--port", "1", "--x\x1b[2J"})
             == "unknown flag '--x?[2J'");
}

BOOST_AUTO_TEST_CASE(shape_errors_and_combinations) {
  BOOST_TEST_MESSAGE("Ensure that unknown flags, missing values, stray arguments and impossible combinations are refused");
  BOOST_TEST(error_of({"--port", "1", "--speed", "9"}) == "unknown flag '--speed'");
  BOOST_TEST(error_of({"--port", "1", "--depth"}) == "missing value for --depth");
  BOOST_TEST(error_of({"--port", "1", "extra"}) == "unexpected argument 'extra'");
  BOOST_TEST(error_of({"--port", "1", "--packet", "2", "--size", "65536"})
             == "--size 65536 does not fit --packet 2 (at most 65535)");
  BOOST_TEST(ok({"--port", "1", "--packet", "2", "--size", "65535"}).size
             == 65535u);
  BOOST_TEST(error_of({"--port", "1", "--read-after"})
             == "--read-after needs --mode push");
  BOOST_TEST(ok({"--port", "1", "--mode", "push", "--read-after"}).read_after);
  // More event loops than connections would leave loops idle.
  BOOST_TEST(ok({"--port", "1", "--conns", "3", "--threads", "8"}).threads == 3);
  BOOST_TEST(ok({"--help", "--bogus"}).help);
  BOOST_TEST(ok({"-h"}).help);
}

BOOST_AUTO_TEST_CASE(usage_documents_every_flag) {
  BOOST_TEST_MESSAGE("Ensure that --help lists every flag, mode and JSON key");
  auto text = loadgen::usage("loadgen");
  for (const char* s :
       {"--host", "--port", "--mode", "--conns", "--size", "--packet",
        "--depth", "--seconds", "--warmup", "--threads", "--read-after",
        "echo", "connect", "hold", "push", "p99_us", "p999_us", "Exit status"})
    BOOST_TEST(text.find(s) != std::string::npos, s);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(loadgen_histogram)

BOOST_AUTO_TEST_CASE(quantiles_are_within_one_sub_bucket) {
  BOOST_TEST_MESSAGE("Ensure that quantiles of 1..100000 are within 1/128 of the exact values and never above the max");
  loadgen::log_histogram h;
  for (uint64_t v = 1; v <= 100000; ++v)
    h.record(v);
  BOOST_TEST(h.count() == 100000u);
  BOOST_TEST(h.max() == 100000u);
  for (double q : {0.5, 0.9, 0.99, 0.999, 1.0}) {
    auto exact = static_cast<double>(q * 100000);
    auto got = static_cast<double>(h.quantile(q));
    BOOST_TEST(got >= exact, "q " << q << ": " << got);
    BOOST_TEST(got <= exact * (1 + 1.0 / 128) + 1, "q " << q << ": " << got);
  }
  BOOST_TEST(h.quantile(1.0) == 100000u);
}

BOOST_AUTO_TEST_CASE(small_values_are_exact_and_empty_is_zero) {
  BOOST_TEST_MESSAGE("Ensure that values below 128 are kept exactly and an empty histogram reads 0");
  loadgen::log_histogram h;
  BOOST_TEST(h.quantile(0.99) == 0u);
  for (uint64_t v : {3, 3, 3, 7})
    h.record(v);
  BOOST_TEST(h.quantile(0.5) == 3u);
  BOOST_TEST(h.quantile(0.75) == 3u);
  BOOST_TEST(h.quantile(0.76) == 7u);
  h.reset();
  BOOST_TEST(h.count() == 0u);
  BOOST_TEST(h.quantile(0.5) == 0u);
}

BOOST_AUTO_TEST_CASE(merge_adds_counts_and_keeps_the_max) {
  BOOST_TEST_MESSAGE("Ensure that merging two loops' histograms is the histogram of all their values");
  loadgen::log_histogram a, b, all;
  for (uint64_t v = 1; v <= 1000; ++v) {
    (v % 2 ? a : b).record(v * 1000);
    all.record(v * 1000);
  }
  a.merge(b);
  BOOST_TEST(a.count() == all.count());
  BOOST_TEST(a.max() == all.max());
  for (double q : {0.5, 0.99, 0.999})
    BOOST_TEST(a.quantile(q) == all.quantile(q));
}

BOOST_AUTO_TEST_CASE(huge_values_do_not_overflow_the_buckets) {
  BOOST_TEST_MESSAGE("Ensure that the largest 64-bit values land in a bucket and read back as the max");
  loadgen::log_histogram h;
  h.record(~uint64_t{0});
  h.record(uint64_t{1} << 63);
  BOOST_TEST(h.quantile(1.0) == ~uint64_t{0});
  BOOST_TEST(loadgen::log_histogram::index_of(~uint64_t{0})
             < loadgen::log_histogram::bucket_count);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(loadgen_request_pattern)

BOOST_AUTO_TEST_CASE(requests_carry_their_length_header) {
  BOOST_TEST_MESSAGE("Ensure that --packet 2 and 4 requests start with the big-endian payload length");
  loadgen::request_pattern p2{300, 2}, p4{300, 4}, raw{300, 0};
  BOOST_TEST(p2.wire_size() == 302u);
  BOOST_TEST(wire(p2, 0, 0).substr(0, 2) == std::string("\x01\x2c", 2));
  BOOST_TEST(wire(p4, 0, 0).substr(0, 4) == std::string("\0\0\x01\x2c", 4));
  BOOST_TEST(wire(raw, 0, 0).size() == 300u);
}

BOOST_AUTO_TEST_CASE(neighbouring_requests_and_connections_differ) {
  BOOST_TEST_MESSAGE("Ensure that a duplicated, reordered or misrouted request does not match the one expected");
  loadgen::request_pattern p{64, 0};
  BOOST_TEST(wire(p, 0, 0) != wire(p, 0, 1));
  BOOST_TEST(wire(p, 0, 0) != wire(p, 1, 0));
  auto req = wire(p, 3, 9);
  BOOST_TEST(p.matches(3, 9, 0, req.data(), req.size()));
  BOOST_TEST(!p.matches(3, 10, 0, req.data(), req.size()));
  BOOST_TEST(!p.matches(4, 9, 0, req.data(), req.size()));
}

BOOST_AUTO_TEST_CASE(any_flipped_byte_is_caught_at_any_offset) {
  BOOST_TEST_MESSAGE("Ensure that a corrupted byte fails the check wherever the echo is split");
  loadgen::request_pattern p{40, 2};
  auto req = wire(p, 1, 2);
  for (std::size_t at = 0; at < req.size(); ++at) {
    auto bad = req;
    bad[at] = static_cast<char>(bad[at] ^ 0x20);
    for (std::size_t split : {std::size_t{1}, std::size_t{2}, at}) {
      bool first = p.matches(1, 2, 0, bad.data(), split);
      bool second = split >= bad.size()
                    || p.matches(1, 2, split, bad.data() + split,
                                 bad.size() - split);
      BOOST_TEST(!(first && second), "byte " << at << " split " << split);
    }
  }
  BOOST_TEST(p.matches(1, 2, 0, req.data(), 1));
  BOOST_TEST(p.matches(1, 2, 1, req.data() + 1, req.size() - 1));
}

BOOST_AUTO_TEST_SUITE_END()
