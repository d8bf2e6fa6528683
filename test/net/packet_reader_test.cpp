#include <boost/test/unit_test.hpp>

#include "net/packet_test_helpers.hpp"

#include <cstddef>
#include <initializer_list>
#include <sstream>
#include <string>
#include <vector>

#include "support/allocation_probe.hpp"
#include "otpnet/net/packet_reader.hpp"

using otpnet::binary;
using otpnet::net::packet_limits;
using otpnet::net::packet_reader;
using otpnet::net::packet_type;
using status = packet_reader::next_status;

BOOST_TEST_DONT_PRINT_LOG_VALUE(packet_reader::next_status)

using namespace otpnet::net::test;

namespace {

// BOOST_TEST compares char pointers as C strings; this compares addresses.
const void* addr(const char* p) {
  return p;
}

// One line of input, one line of expected output: the packets delivered (in
// order), whether the stream then fails, and how many bytes stay buffered.
struct reader_case {
  const char* name;
  packet_type type;
  packet_limits lim;
  std::string in;
  std::vector<std::string> packets;
  bool error = false;
  std::size_t rest = 0;
};

std::vector<reader_case> cases() {
  packet_limits none;
  std::string k300(300, 'k');
  return {
    {"p1 two packets", packet_type::p1, none,
     bytes({2}) + "ab" + bytes({0}) + bytes({1}) + "c", {"ab", "", "c"}},
    {"p1 partial tail", packet_type::p1, none, bytes({2}) + "ab" + bytes({5})
                                                 + "xy",
     {"ab"}, false, 3},
    {"p2 long body", packet_type::p2, none, bytes({1, 44}) + k300, {k300}},
    {"p2 over packet_size after one", packet_type::p2, max_size(4),
     bytes({0, 1}) + "a" + bytes({0, 5}) + "abcde", {"a"}, true},
    {"p4 packets", packet_type::p4, none,
     bytes({0, 0, 0, 3}) + "abc" + bytes({0, 0, 0, 1}) + "d", {"abc", "d"}},
    {"p4 4 GB announced", packet_type::p4, none,
     bytes({0xff, 0xff, 0xff, 0xff}) + "abc", {}, true},
    {"line lines", packet_type::line, none, "one\ntwo\n\nthree\n",
     {"one\n", "two\n", "\n", "three\n"}},
    {"line partial last", packet_type::line, none, "one\ntw", {"one\n"},
     false, 2},
    {"line custom delimiter", packet_type::line, delimiter('|'), "a\nb|c|",
     {"a\nb|", "c|"}},
    {"line truncation", packet_type::line, buffer_of(4), "abcdefghij\nxy\n",
     {"abcd", "efgh", "ij\n", "xy\n"}},
    {"line packet_size", packet_type::line, max_size(4), "abc\nabcd\n",
     {"abc\n"}, true},
    {"asn1 mixed lengths", packet_type::asn1, none,
     bytes({0x04, 2}) + "hi" + bytes({0x30, 0x81, 3}) + "abc"
       + bytes({0x1f, 0x81, 0x01, 1}) + "z",
     {bytes({0x04, 2}) + "hi", bytes({0x30, 0x81, 3}) + "abc",
      bytes({0x1f, 0x81, 0x01, 1}) + "z"}},
    {"sunrm records", packet_type::sunrm, none,
     bytes({0x80, 0, 0, 1}) + "a" + bytes({0, 0, 0, 0}),
     {bytes({0x80, 0, 0, 1}) + "a", bytes({0, 0, 0, 0})}},
    {"cdr message", packet_type::cdr, none,
     "GIOP" + bytes({1, 2, 1, 0, 3, 0, 0, 0}) + "xyz",
     {"GIOP" + bytes({1, 2, 1, 0, 3, 0, 0, 0}) + "xyz"}},
    {"fcgi padding dropped", packet_type::fcgi, none,
     bytes({1, 6, 0, 1, 0, 2, 2, 0}) + "abPP" + bytes({1, 3, 0, 1, 0, 0, 0, 0}),
     {bytes({1, 6, 0, 1, 0, 2, 2, 0}) + "ab", bytes({1, 3, 0, 1, 0, 0, 0, 0})}},
    {"tpkt frames", packet_type::tpkt, none,
     bytes({3, 0, 0, 5}) + "a" + bytes({3, 0, 0, 4}),
     {bytes({3, 0, 0, 5}) + "a", bytes({3, 0, 0, 4})}},
    {"tpkt bad version after one", packet_type::tpkt, none,
     bytes({3, 0, 0, 4}) + bytes({9, 0, 0, 4}), {bytes({3, 0, 0, 4})}, true},
  };
}

struct outcome {
  std::vector<std::string> packets;
  bool error = false;
  std::size_t rest = 0;
};

void drain(packet_reader& r, outcome& out) {
  binary pkt;
  for (;;) {
    switch (r.next(pkt)) {
      case status::packet:
        out.packets.push_back(pkt.to_string());
        continue;
      case status::error:
        out.error = true;
        return;
      case status::need_more:
        return;
    }
  }
}

// Feeds `in` in chunks of the given sizes (the last one repeats), draining
// after each chunk as the socket actor would after each read.
outcome run(packet_type t, packet_limits lim, const std::string& in,
            std::vector<std::size_t> sizes) {
  packet_reader r{t, lim};
  outcome out;
  std::size_t pos = 0;
  std::size_t i = 0;
  while (pos < in.size()) {
    std::size_t n = sizes[std::min(i++, sizes.size() - 1)];
    n = std::min(n, in.size() - pos);
    r.append(binary{in.substr(pos, n)});
    pos += n;
    drain(r, out);
  }
  drain(r, out);
  out.rest = r.buffered();
  return out;
}

std::string show(const std::vector<std::string>& xs) {
  std::ostringstream os;
  for (const auto& x : xs)
    os << '[' << x.size() << ':' << x << ']';
  return os.str();
}

void check(const reader_case& c, const outcome& got, const char* how) {
  BOOST_TEST_CONTEXT(c.name << " (" << how << ")") {
    BOOST_TEST(show(got.packets) == show(c.packets));
    BOOST_TEST(got.error == c.error);
    if (!c.error)
      BOOST_TEST(got.rest == c.rest);
  }
}

} // namespace

BOOST_AUTO_TEST_SUITE(packet_reader_suite)

BOOST_AUTO_TEST_CASE(recv_delivers_exact_packets_when_read_whole) {
  BOOST_TEST_MESSAGE("Ensure that each packet type delivers exactly the "
                     "expected packets when the input arrives in one read");
  for (const auto& c : cases())
    check(c, run(c.type, c.lim, c.in, {c.in.size() + 1}), "whole");
}

BOOST_AUTO_TEST_CASE(recv_delivers_exact_packets_when_read_byte_by_byte) {
  BOOST_TEST_MESSAGE("Ensure that framing is independent of how TCP splits "
                     "the stream: one byte per read gives the same packets");
  for (const auto& c : cases())
    check(c, run(c.type, c.lim, c.in, {1}), "byte by byte");
}

BOOST_AUTO_TEST_CASE(recv_delivers_exact_packets_for_uneven_reads) {
  BOOST_TEST_MESSAGE("Ensure that reads of 2, 3, 5 and 7 bytes (headers and "
                     "bodies split anywhere) give the same packets");
  for (const auto& c : cases())
    for (std::size_t step : {2u, 3u, 5u, 7u})
      check(c, run(c.type, c.lim, c.in, {step}), "uneven");
}

BOOST_AUTO_TEST_CASE(recv_delivers_neighbouring_cases_back_to_back) {
  BOOST_TEST_MESSAGE("Ensure that cases of one type concatenated with their "
                     "neighbours frame the same, split at every offset");
  auto all = cases();
  for (std::size_t i = 0; i + 1 < all.size(); ++i) {
    const auto& a = all[i];
    const auto& b = all[i + 1];
    bool clean = !a.error && a.rest == 0;
    if (a.type != b.type || !clean)
      continue;
    bool same_limits = a.lim.packet_size == b.lim.packet_size
                       && a.lim.buffer == b.lim.buffer
                       && a.lim.line_delimiter == b.lim.line_delimiter;
    if (!same_limits)
      continue;
    reader_case joined{"joined", a.type, a.lim, a.in + b.in, a.packets,
                       b.error, b.rest};
    joined.packets.insert(joined.packets.end(), b.packets.begin(),
                          b.packets.end());
    BOOST_TEST_CONTEXT(a.name << " + " << b.name) {
      for (std::size_t cut = 0; cut <= joined.in.size(); ++cut)
        check(joined,
              run(joined.type, joined.lim, joined.in,
                  {cut, joined.in.size()}),
              "two reads");
    }
  }
}

BOOST_AUTO_TEST_CASE(raw_recv_delivers_bytes_as_they_come) {
  BOOST_TEST_MESSAGE("Ensure that {packet,raw} delivers each read as is and "
                     "loses or reorders nothing");
  auto got = run(packet_type::raw, {}, "hello world", {3});
  BOOST_TEST(show(got.packets) == show({"hel", "lo ", "wor", "ld"}));
  got = run(packet_type::raw, {}, "hello world", {100});
  BOOST_TEST(show(got.packets) == show({"hello world"}));
  BOOST_TEST(got.rest == 0u);
}

BOOST_AUTO_TEST_CASE(packet_inside_one_read_is_not_copied) {
  BOOST_TEST_MESSAGE("Ensure that packets wholly inside one read are slices "
                     "of that read's buffer (zero copy)");
  binary chunk{bytes({0, 2}) + "ab" + bytes({0, 3}) + "cde"};
  packet_reader r{packet_type::p2, {}};
  r.append(chunk);
  binary a;
  binary b;
  BOOST_TEST_REQUIRE(r.next(a) == status::packet);
  BOOST_TEST_REQUIRE(r.next(b) == status::packet);
  BOOST_TEST(a.view() == "ab");
  BOOST_TEST(b.view() == "cde");
  BOOST_TEST(addr(a.data()) == addr(chunk.data() + 2));
  BOOST_TEST(addr(b.data()) == addr(chunk.data() + 6));
  BOOST_TEST(r.next(a) == status::need_more);
  BOOST_TEST(r.buffered() == 0u);
}

BOOST_AUTO_TEST_CASE(only_packets_spanning_reads_are_copied) {
  BOOST_TEST_MESSAGE("Ensure that a packet spanning two reads is gathered, "
                     "and the packets after it stay slices of the last read");
  binary first{bytes({0, 5}) + "ab"};
  binary second{"cde" + bytes({0, 1}) + "z"};
  packet_reader r{packet_type::p2, {}};
  r.append(first);
  binary pkt;
  BOOST_TEST(r.next(pkt) == status::need_more);
  r.append(second);
  BOOST_TEST_REQUIRE(r.next(pkt) == status::packet);
  BOOST_TEST(pkt.view() == "abcde");
  BOOST_TEST(!pkt.shares_buffer_with(first));
  BOOST_TEST(!pkt.shares_buffer_with(second));
  BOOST_TEST_REQUIRE(r.next(pkt) == status::packet);
  BOOST_TEST(pkt.view() == "z");
  BOOST_TEST(pkt.shares_buffer_with(second));
}

BOOST_AUTO_TEST_CASE(header_split_across_reads_keeps_later_packets_zero_copy) {
  BOOST_TEST_MESSAGE("Ensure that gathering a split header pulls only the "
                     "bytes needed, not the rest of the next read");
  binary second{bytes({2}) + "ab" + bytes({0, 1}) + "c"};
  packet_reader r{packet_type::p2, {}};
  r.append(bytes({0}));
  r.append(second);
  binary pkt;
  BOOST_TEST_REQUIRE(r.next(pkt) == status::packet);
  BOOST_TEST(pkt.view() == "ab");
  BOOST_TEST_REQUIRE(r.next(pkt) == status::packet);
  BOOST_TEST(pkt.view() == "c");
  BOOST_TEST(pkt.shares_buffer_with(second));
}

BOOST_AUTO_TEST_CASE(packet_size_violation_is_an_error_that_sticks) {
  BOOST_TEST_MESSAGE("Ensure that a header above packet_size is an error "
                     "before the body arrives, and the reader stays failed");
  packet_reader r{packet_type::p2, max_size(10)};
  r.append(bytes({0, 11}));
  binary pkt;
  BOOST_TEST(r.next(pkt) == status::error);
  BOOST_TEST(r.failed());
  r.append(std::string(11, 'x'));
  BOOST_TEST(r.buffered() == 2u); // appends after an error are dropped
  BOOST_TEST(r.next(pkt) == status::error);
  r.reset(packet_type::raw, {});
  BOOST_TEST(r.next(pkt) == status::error); // reset keeps the error
  r.clear();
  BOOST_TEST(!r.failed());
  BOOST_TEST(r.buffered() == 0u);
  r.append("ok");
  BOOST_TEST_REQUIRE(r.next(pkt) == status::packet);
  BOOST_TEST(pkt.view() == "ok");
}

BOOST_AUTO_TEST_CASE(huge_announced_length_allocates_only_what_arrived) {
  BOOST_TEST_MESSAGE("Ensure that a 2 GB length header followed by a few "
                     "KB waits for more without reserving the 2 GB");
  packet_reader r{packet_type::p4, {}};
  otpnet::test::allocation_probe probe;
  r.append(binary{bytes({0x7f, 0xff, 0xff, 0x00})});
  binary pkt;
  BOOST_TEST(r.next(pkt) == status::need_more);
  for (int i = 0; i < 64; ++i) {
    r.append(binary{std::string(1024, 'x')});
    BOOST_TEST_REQUIRE(r.next(pkt) == status::need_more);
  }
  BOOST_TEST(r.buffered() == 4u + 64 * 1024);
  BOOST_TEST(probe.largest() < 1024u * 1024u,
             "largest allocation " << probe.largest());
}

BOOST_AUTO_TEST_CASE(large_packet_over_many_reads_is_reassembled) {
  BOOST_TEST_MESSAGE("Ensure that a 1 MB packet arriving in 4 KB reads is "
                     "delivered intact, with memory bounded by what arrived");
  std::string body(1 << 20, '\0');
  for (std::size_t i = 0; i < body.size(); ++i)
    body[i] = static_cast<char>(i * 31 + 7);
  std::string wire = bytes({0, 0x10, 0, 0}) + body + bytes({0, 0, 0, 1}) + "!";
  packet_reader r{packet_type::p4, {}};
  otpnet::test::allocation_probe probe;
  std::vector<std::string> got;
  binary pkt;
  for (std::size_t pos = 0; pos < wire.size(); pos += 4096) {
    r.append(std::string_view{wire}.substr(pos, 4096));
    while (r.next(pkt) == status::packet)
      got.push_back(pkt.to_string());
  }
  BOOST_TEST_REQUIRE(got.size() == 2u);
  BOOST_TEST((got[0] == body));
  BOOST_TEST(got[1] == "!");
  // Gathering grows by doubling: at most ~2x the packet, never more.
  BOOST_TEST(probe.largest() <= 2u * wire.size() + 64,
             "largest allocation " << probe.largest());
}

BOOST_AUTO_TEST_CASE(setopts_line_delimiter_applies_to_buffered_bytes) {
  BOOST_TEST_MESSAGE("Ensure that changing line_delimiter mid-stream frames "
                     "the bytes still buffered with the new delimiter");
  packet_reader r{packet_type::line, {}};
  r.append("a;b\nc;d;");
  binary pkt;
  BOOST_TEST_REQUIRE(r.next(pkt) == status::packet);
  BOOST_TEST(pkt.view() == "a;b\n");
  r.reset(packet_type::line, delimiter(';'));
  BOOST_TEST_REQUIRE(r.next(pkt) == status::packet);
  BOOST_TEST(pkt.view() == "c;");
  BOOST_TEST_REQUIRE(r.next(pkt) == status::packet);
  BOOST_TEST(pkt.view() == "d;");
}

BOOST_AUTO_TEST_CASE(delimiter_change_rescans_a_partial_line) {
  BOOST_TEST_MESSAGE("Ensure that a partial line already searched for the "
                     "old delimiter is searched again for the new one");
  packet_reader r{packet_type::line, {}};
  r.append("ab;c");
  r.append("d"); // the line spans reads: bytes are gathered and scanned
  binary pkt;
  BOOST_TEST(r.next(pkt) == status::need_more);
  r.reset(packet_type::line, delimiter(';'));
  BOOST_TEST_REQUIRE(r.next(pkt) == status::packet);
  BOOST_TEST(pkt.view() == "ab;");
  BOOST_TEST(r.buffered() == 2u);
}

BOOST_AUTO_TEST_CASE(lines_longer_than_the_buffer_are_truncated) {
  BOOST_TEST_MESSAGE("Ensure that with packet_size 0 a line longer than the "
                     "receive buffer comes in buffer-sized pieces");
  packet_limits lim = buffer_of(8);
  std::string line = std::string(20, 'L') + "\n";
  for (std::size_t step : {1u, 3u, 100u}) {
    auto got = run(packet_type::line, lim, line + "ok\n", {step});
    BOOST_TEST(show(got.packets)
                 == show({std::string(8, 'L'), std::string(8, 'L'),
                          std::string(4, 'L') + "\n", "ok\n"}),
               "step " << step);
  }
}

BOOST_AUTO_TEST_CASE(truncated_line_gathers_only_up_to_the_buffer) {
  BOOST_TEST_MESSAGE("Ensure that gathering a truncated line copies only "
                     "buffer bytes; the rest stays a slice of its read");
  packet_reader r{packet_type::line, buffer_of(8)};
  binary second{std::string(12, 'L') + "\n"};
  r.append("LLLL");
  r.append(second);
  binary pkt;
  BOOST_TEST_REQUIRE(r.next(pkt) == status::packet);
  BOOST_TEST(pkt.view() == std::string(8, 'L'));
  BOOST_TEST_REQUIRE(r.next(pkt) == status::packet);
  BOOST_TEST(pkt.view() == std::string(8, 'L'));
  BOOST_TEST(pkt.shares_buffer_with(second));
  BOOST_TEST_REQUIRE(r.next(pkt) == status::packet);
  BOOST_TEST(pkt.view() == "\n");
}

BOOST_AUTO_TEST_CASE(packet_size_does_not_stop_line_truncation) {
  BOOST_TEST_MESSAGE("Ensure that with packet_size set, a line longer than "
                     "the buffer is still truncated, and one over "
                     "packet_size within the buffer is refused (OTP 25)");
  packet_limits lim;
  lim.buffer = 4;
  lim.packet_size = 16;
  auto got = run(packet_type::line, lim, "0123456789\n", {1});
  BOOST_TEST(show(got.packets) == show({"0123", "4567", "89\n"}));
  BOOST_TEST(!got.error);
  lim.buffer = 8;
  lim.packet_size = 3;
  got = run(packet_type::line, lim, "0123456789\n", {1});
  BOOST_TEST(got.packets.empty());
  BOOST_TEST(got.error);
}

BOOST_AUTO_TEST_CASE(setopts_packet_type_applies_to_buffered_bytes) {
  BOOST_TEST_MESSAGE("Ensure that switching {packet,T} mid-stream keeps the "
                     "buffered bytes and frames them with the new type");
  packet_reader r{packet_type::p2, {}};
  r.append(bytes({0, 2}) + "hiline one\nrest");
  binary pkt;
  BOOST_TEST_REQUIRE(r.next(pkt) == status::packet);
  BOOST_TEST(pkt.view() == "hi");
  r.reset(packet_type::line, {});
  BOOST_TEST_REQUIRE(r.next(pkt) == status::packet);
  BOOST_TEST(pkt.view() == "line one\n");
  BOOST_TEST(r.next(pkt) == status::need_more);
  r.reset(packet_type::raw, {});
  BOOST_TEST_REQUIRE(r.next(pkt) == status::packet);
  BOOST_TEST(pkt.view() == "rest");
}

BOOST_AUTO_TEST_CASE(setopts_switch_with_a_partial_packet_gathered) {
  BOOST_TEST_MESSAGE("Ensure that a partial packet gathered across reads is "
                     "re-framed after a switch (p4 header -> line)");
  packet_reader r{packet_type::p4, {}};
  r.append("ab");
  r.append("c\nd");
  binary pkt;
  // "abc\n" read as a 4-byte length announces ~1.6 GB: wait for more.
  BOOST_TEST(r.next(pkt) == status::need_more);
  r.reset(packet_type::line, {});
  BOOST_TEST_REQUIRE(r.next(pkt) == status::packet);
  BOOST_TEST(pkt.view() == "abc\n");
  BOOST_TEST(r.next(pkt) == status::need_more);
  BOOST_TEST(r.buffered() == 1u);
}

BOOST_AUTO_TEST_CASE(raw_recv_zero_takes_everything_buffered) {
  BOOST_TEST_MESSAGE("Ensure that recv(S, 0) in raw mode returns all "
                     "buffered bytes, without a copy when they are one read");
  packet_reader r{packet_type::raw, {}};
  BOOST_TEST(r.take_all().empty());
  binary one{"single read"};
  r.append(one);
  binary got = r.take_all();
  BOOST_TEST(got.view() == "single read");
  BOOST_TEST(got.shares_buffer_with(one));
  BOOST_TEST(r.buffered() == 0u);
  r.append("a");
  r.append("bc");
  r.append("def");
  BOOST_TEST(r.take_all().view() == "abcdef");
  BOOST_TEST(r.buffered() == 0u);
}

BOOST_AUTO_TEST_CASE(raw_recv_n_takes_exactly_n_bytes) {
  BOOST_TEST_MESSAGE("Ensure that recv(S, N) in raw mode returns exactly N "
                     "bytes once N are buffered, leaving the rest");
  packet_reader r{packet_type::raw, {}};
  binary out{"untouched"};
  r.append("abc");
  BOOST_TEST(!r.take_exact(4, out));
  BOOST_TEST(out.view() == "untouched");
  BOOST_TEST(r.buffered() == 3u);
  binary second{"defgh"};
  r.append(second);
  BOOST_TEST_REQUIRE(r.take_exact(4, out));
  BOOST_TEST(out.view() == "abcd");
  BOOST_TEST(r.buffered() == 4u);
  BOOST_TEST_REQUIRE(r.take_exact(2, out));
  BOOST_TEST(out.view() == "ef");
  BOOST_TEST_REQUIRE(r.take_exact(2, out));
  BOOST_TEST(out.view() == "gh");
  BOOST_TEST(r.buffered() == 0u);
  BOOST_TEST_REQUIRE(r.take_exact(0, out));
  BOOST_TEST(out.empty());
}

BOOST_AUTO_TEST_CASE(raw_recv_n_inside_one_read_is_not_copied) {
  BOOST_TEST_MESSAGE("Ensure that recv(S, N) within one read returns a "
                     "slice of it");
  packet_reader r{packet_type::raw, {}};
  binary chunk{"0123456789"};
  r.append(chunk);
  binary out;
  BOOST_TEST_REQUIRE(r.take_exact(4, out));
  BOOST_TEST(addr(out.data()) == addr(chunk.data()));
  BOOST_TEST_REQUIRE(r.take_exact(6, out));
  BOOST_TEST(addr(out.data()) == addr(chunk.data() + 4));
}

BOOST_AUTO_TEST_CASE(last_length_is_the_packets_span_in_the_stream) {
  BOOST_TEST_MESSAGE("Ensure that last_length tells the whole packet taken, "
                     "a stripped header and fcgi padding included, and what "
                     "take_exact and take_all took (inet:getstat counts it)");
  packet_reader r{packet_type::p2, {}};
  r.append(bytes({0, 3}) + "abc" + bytes({0, 1}));
  binary out;
  BOOST_TEST_REQUIRE((r.next(out) == status::packet));
  BOOST_TEST(out.size() == 3u);
  BOOST_TEST(r.last_length() == 5u);
  r.append("x"); // completes the second packet across chunks
  BOOST_TEST_REQUIRE((r.next(out) == status::packet));
  BOOST_TEST(r.last_length() == 3u);
  packet_reader f{packet_type::fcgi, {}};
  // version 1, content 2, padding 3: body "hi" + 3 padding bytes.
  f.append(bytes({1, 6, 0, 1, 0, 2, 3, 0}) + "hiPPP");
  BOOST_TEST_REQUIRE((f.next(out) == status::packet));
  BOOST_TEST(r.last_length() == 3u);
  BOOST_TEST(f.last_length() == 13u);
  packet_reader raw{packet_type::raw, {}};
  raw.append("abcdefgh");
  BOOST_TEST_REQUIRE(raw.take_exact(3, out));
  BOOST_TEST(raw.last_length() == 3u);
  out = raw.take_all();
  BOOST_TEST(raw.last_length() == 5u);
}

BOOST_AUTO_TEST_CASE(wanted_reads_no_byte_past_the_packet) {
  BOOST_TEST_MESSAGE("Ensure that wanted() ({read_ahead, false}) asks for "
                     "the rest of a fixed header, then exactly the rest of "
                     "the packet, and a byte at a time where the length is "
                     "found by scanning (line, http, asn1's header)");
  binary out;
  packet_reader p2{packet_type::p2, {}};
  BOOST_TEST(p2.wanted() == 2u);
  p2.append(bytes({0}));
  BOOST_TEST(p2.wanted() == 1u);
  p2.append(bytes({5}));
  BOOST_TEST(p2.wanted() == 5u);
  p2.append("abc");
  BOOST_TEST((p2.next(out) == status::need_more));
  BOOST_TEST(p2.wanted() == 2u);
  p2.append("de");
  BOOST_TEST(p2.wanted() == 0u); // a whole packet is there
  BOOST_TEST_REQUIRE((p2.next(out) == status::packet));
  BOOST_TEST(out.to_string() == "abcde");
  BOOST_TEST(p2.wanted() == 2u);
  packet_reader p4{packet_type::p4, {}};
  p4.append(bytes({0, 0}));
  BOOST_TEST(p4.wanted() == 2u);
  p4.append(bytes({1, 0}));
  BOOST_TEST(p4.wanted() == 256u);
  packet_reader tpkt{packet_type::tpkt, {}};
  BOOST_TEST(tpkt.wanted() == 4u);
  tpkt.append(bytes({3, 0, 0, 7}));
  BOOST_TEST(tpkt.wanted() == 3u); // the length includes the header
  packet_reader cdr{packet_type::cdr, {}};
  BOOST_TEST(cdr.wanted() == 12u);
  packet_reader line{packet_type::line, {}};
  BOOST_TEST(line.wanted() == 1u);
  line.append("abc");
  BOOST_TEST((line.next(out) == status::need_more));
  BOOST_TEST(line.wanted() == 1u);
  packet_reader http{packet_type::http_bin, {}};
  BOOST_TEST(http.wanted() == 1u);
  packet_reader asn1{packet_type::asn1, {}};
  BOOST_TEST(asn1.wanted() == 1u); // a tag of unknown length first
  asn1.append(bytes({0x04, 0x03}));
  BOOST_TEST(asn1.wanted() == 3u); // OCTET STRING, 3 bytes
  packet_reader bad{packet_type::p2, max_size(4)};
  bad.append(bytes({0, 9}));
  BOOST_TEST((bad.next(out) == status::error));
  BOOST_TEST(bad.wanted() == 1u);
}

BOOST_AUTO_TEST_CASE(peek_sees_the_packets_next_would_take_without_taking_them) {
  BOOST_TEST_MESSAGE("Ensure that peek at successive offsets yields exactly the packets next() delivers (for the types whose header tells a length), stops where next() would need more or fail, changes nothing, and that take_exact of the peeked lengths leaves the reader where next() would");
  for (const auto& c : cases()) {
    if (c.type == packet_type::line)
      continue;
    BOOST_TEST_CONTEXT(c.name) {
      packet_reader r{c.type, c.lim};
      r.append(binary{c.in});
      std::vector<std::string> seen;
      std::vector<std::size_t> lengths;
      std::size_t offset = 0;
      binary body;
      std::size_t length = 0;
      while (r.peek(offset, body, length)) {
        seen.push_back(body.to_string());
        lengths.push_back(length);
        offset += length;
      }
      BOOST_TEST(show(seen) == show(c.packets));
      BOOST_TEST(r.buffered() == c.in.size()); // nothing taken
      outcome untouched;
      packet_reader copy{c.type, c.lim};
      copy.append(binary{c.in});
      drain(copy, untouched);
      for (auto n : lengths) {
        binary taken;
        BOOST_TEST(r.take_exact(n, taken));
      }
      outcome after;
      drain(r, after);
      BOOST_TEST(after.packets.empty());
      BOOST_TEST(after.error == c.error);
      BOOST_TEST(r.buffered() == (c.error ? r.buffered() : c.rest));
      BOOST_TEST(show(untouched.packets) == show(c.packets));
    }
  }
}

BOOST_AUTO_TEST_CASE(peek_sees_nothing_across_chunks_or_for_raw_and_line) {
  BOOST_TEST_MESSAGE("Ensure that peek declines a packet split between two received chunks (next() gathers it), and raw and line streams, whose packets depend on what is buffered when they are taken");
  packet_reader r{packet_type::p2, packet_limits{}};
  r.append(binary{bytes({0, 2}) + "ab" + bytes({0, 3}) + "c"});
  r.append(binary{std::string{"de"}});
  binary body;
  std::size_t length = 0;
  BOOST_TEST(r.peek(0, body, length));
  BOOST_TEST(body.to_string() == "ab");
  BOOST_TEST(length == 4u);
  BOOST_TEST(!r.peek(4, body, length)); // "c" + "de" spans two chunks
  BOOST_TEST(!r.peek(9, body, length)); // past the end
  binary pkt;
  BOOST_TEST((r.next(pkt) == status::packet));
  BOOST_TEST((r.next(pkt) == status::packet));
  BOOST_TEST(pkt.to_string() == "cde");
  packet_reader raw{packet_type::raw, packet_limits{}};
  raw.append(binary{std::string{"abc"}});
  BOOST_TEST(!raw.peek(0, body, length));
  packet_reader line{packet_type::line, packet_limits{}};
  line.append(binary{std::string{"a\n"}});
  BOOST_TEST(!line.peek(0, body, length));
}

BOOST_AUTO_TEST_SUITE_END()
