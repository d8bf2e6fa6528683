#include <boost/test/unit_test.hpp>

#include "net/packet_test_helpers.hpp"

#include <cstddef>
#include <initializer_list>
#include <string>
#include <vector>

#include "otpnet/net/packet_length.hpp"

using otpnet::net::line_packet_length;
using otpnet::net::packet_body;
using otpnet::net::packet_length;
using otpnet::net::packet_limits;
using otpnet::net::packet_total_length;
using otpnet::net::packet_type;

using namespace otpnet::net::test;

namespace {

struct length_case {
  const char* name;
  packet_type type;
  packet_limits lim;
  std::string in;
  std::ptrdiff_t expected;
};

std::string giop(int flags, std::initializer_list<int> size) {
  std::string out = "GIOP" + bytes({1, 0, flags, 0});
  return out + bytes(size);
}

std::string fcgi_header(int version, int content_len, int padding) {
  return bytes({version, 6, 0, 1, content_len >> 8, content_len & 0xff,
                padding, 0});
}

std::vector<length_case> cases() {
  packet_limits none;
  std::string big256(256, 'x');
  return {
    // raw: any bytes are a packet.
    {"raw empty", packet_type::raw, none, "", 0},
    {"raw one byte", packet_type::raw, none, "a", 1},
    {"raw all", packet_type::raw, none, "abc", 3},
    // 1, 2, 4: big-endian length, header counted in the total.
    {"p1 empty", packet_type::p1, none, "", 0},
    {"p1 zero body", packet_type::p1, none, bytes({0}), 1},
    {"p1 partial", packet_type::p1, none, bytes({3}) + "ab", 0},
    {"p1 whole", packet_type::p1, none, bytes({3}) + "abc", 4},
    {"p1 whole plus next", packet_type::p1, none, bytes({3}) + "abcd", 4},
    {"p1 max body", packet_type::p1, none, bytes({255}) + std::string(255, 'z'),
     256},
    {"p1 at packet_size", packet_type::p1, max_size(3), bytes({3}) + "abc", 4},
    {"p1 over packet_size", packet_type::p1, max_size(2), bytes({3}), -1},
    {"p2 half header", packet_type::p2, none, bytes({0}), 0},
    {"p2 whole", packet_type::p2, none, bytes({0, 2}) + "ab", 4},
    {"p2 256", packet_type::p2, none, bytes({1, 0}) + big256, 258},
    {"p2 over packet_size", packet_type::p2, max_size(255), bytes({1, 0}), -1},
    {"p4 3 bytes", packet_type::p4, none, bytes({0, 0, 0}), 0},
    {"p4 whole", packet_type::p4, none, bytes({0, 0, 0, 1}) + "x", 5},
    {"p4 largest total", packet_type::p4, none,
     bytes({0x7f, 0xff, 0xff, 0xfb}), 0},
    {"p4 total over 2^31-1", packet_type::p4, none,
     bytes({0x7f, 0xff, 0xff, 0xfc}), -1},
    {"p4 2^31", packet_type::p4, none, bytes({0x80, 0, 0, 0}), -1},
    {"p4 4 GB", packet_type::p4, none, bytes({0xff, 0xff, 0xff, 0xff}), -1},
    {"p4 over packet_size", packet_type::p4, max_size(1000),
     bytes({0, 0, 3, 0xe9}), -1},
    {"p4 at packet_size", packet_type::p4, max_size(1000),
     bytes({0, 0, 3, 0xe8}), 0},
    // line: up to and including the delimiter.
    {"line no delimiter", packet_type::line, none, "abc", 0},
    {"line whole", packet_type::line, none, "abc\n", 4},
    {"line first of two", packet_type::line, none, "abc\ndef\n", 4},
    {"line empty line", packet_type::line, none, "\n", 1},
    {"line custom delimiter", packet_type::line, delimiter(';'), "a\nb;c", 4},
    {"line at packet_size", packet_type::line, max_size(4), "abc\n", 4},
    {"line over packet_size", packet_type::line, max_size(4), "abcd\n", -1},
    // OTP waits for the byte that makes the line too long.
    {"line packet_size reached without delimiter", packet_type::line,
     max_size(4), "abcd", 0},
    {"line over packet_size without delimiter", packet_type::line,
     max_size(4), "abcde", -1},
    {"line below packet_size without delimiter", packet_type::line,
     max_size(4), "abc", 0},
    {"line truncated at buffer", packet_type::line, buffer_of(4), "abcdef",
     4},
    {"line truncated with delimiter", packet_type::line, buffer_of(4),
     "abcdef\n", 4},
    {"line fits buffer exactly", packet_type::line, buffer_of(4), "abc\n", 4},
    {"line short in small buffer", packet_type::line, buffer_of(4), "ab\nc",
     3},
    // packet_size does not stop the truncation (OTP 25 over loopback:
    // {packet_size,1000},{buffer,10} delivers a 32-byte line in pieces of
    // 10), but an unterminated buffer over packet_size is refused.
    {"line truncated at buffer despite packet_size", packet_type::line,
     limits(16, 4), "0123456789\n", 4},
    {"line within buffer over packet_size", packet_type::line,
     limits(3, 8), "0123\n", -1},
    {"line buffer over packet_size without delimiter", packet_type::line,
     limits(3, 4), "0123456789", -1},
    {"line at packet_size within buffer", packet_type::line, limits(4, 8),
     "012\n", 4},
    {"line buffer 0 never truncates", packet_type::line, buffer_of(0),
     std::string(100000, 'a'), 0},
    // asn1: BER tag, short or long length.
    {"asn1 one byte", packet_type::asn1, none, bytes({0x30}), 0},
    {"asn1 short whole", packet_type::asn1, none, bytes({0x30, 3}) + "abc",
     5},
    {"asn1 short partial", packet_type::asn1, none, bytes({0x30, 3}) + "ab",
     0},
    {"asn1 long length 1", packet_type::asn1, none,
     bytes({0x30, 0x81, 0x80}) + std::string(128, 'q'), 131},
    {"asn1 long length 2", packet_type::asn1, none,
     bytes({0x30, 0x82, 1, 0}) + big256, 260},
    {"asn1 long length incomplete", packet_type::asn1, none,
     bytes({0x30, 0x82, 1}), 0},
    {"asn1 long length 5 bytes", packet_type::asn1, none,
     bytes({0x30, 0x85, 0, 0, 0, 0, 1}), -1},
    // Deliberately earlier than erts, which first waits for 5 length bytes
    // and then fails the same way (packet_length.hpp).
    {"asn1 long length over 4 bytes fails before they arrive",
     packet_type::asn1, none, bytes({0x30, 0x85}), -1},
    {"asn1 long length too big", packet_type::asn1, none,
     bytes({0x30, 0x84, 0xff, 0xff, 0xff, 0xff}), -1},
    {"asn1 indefinite length is header only", packet_type::asn1, none,
     bytes({0x30, 0x80}), 2},
    {"asn1 long tag whole", packet_type::asn1, none,
     bytes({0x1f, 0x81, 0x01, 2}) + "xy", 6},
    {"asn1 long tag continuing", packet_type::asn1, none, bytes({0x1f, 0x81}),
     0},
    {"asn1 long tag without length", packet_type::asn1, none,
     bytes({0x1f, 0x81, 0x01}), 0},
    {"asn1 over packet_size", packet_type::asn1, max_size(2),
     bytes({0x30, 3}), -1},
    // sunrm: 4-byte record mark, length in the low 31 bits.
    {"sunrm partial header", packet_type::sunrm, none, bytes({0, 0, 0}), 0},
    {"sunrm whole", packet_type::sunrm, none, bytes({0, 0, 0, 2}) + "ab", 6},
    {"sunrm last fragment bit", packet_type::sunrm, none,
     bytes({0x80, 0, 0, 2}) + "ab", 6},
    {"sunrm over packet_size", packet_type::sunrm, max_size(1),
     bytes({0x80, 0, 0, 2}), -1},
    // cdr: GIOP header, size in the byte order of flag bit 0.
    {"cdr partial header", packet_type::cdr, none, "GIOP", 0},
    {"cdr big endian", packet_type::cdr, none, giop(0, {0, 0, 0, 2}) + "ab",
     14},
    {"cdr little endian", packet_type::cdr, none, giop(1, {2, 0, 0, 0}) + "ab",
     14},
    {"cdr little endian partial", packet_type::cdr, none,
     giop(1, {2, 0, 0, 0}) + "a", 0},
    {"cdr bad magic", packet_type::cdr, none,
     "GIOX" + bytes({1, 0, 0, 0, 0, 0, 0, 0}), -1},
    // fcgi: 8-byte header, content + padding.
    {"fcgi partial header", packet_type::fcgi, none, fcgi_header(1, 2, 1)
                                                       .substr(0, 7),
     0},
    {"fcgi whole", packet_type::fcgi, none, fcgi_header(1, 2, 1) + "abP", 11},
    {"fcgi bad version", packet_type::fcgi, none, fcgi_header(2, 0, 0), -1},
    // tpkt: version 3, length includes the 4-byte header.
    {"tpkt partial header", packet_type::tpkt, none, bytes({3, 0}), 0},
    {"tpkt whole", packet_type::tpkt, none, bytes({3, 0, 0, 6}) + "ab", 6},
    {"tpkt header only", packet_type::tpkt, none, bytes({3, 0, 0, 4}), 4},
    {"tpkt length below header", packet_type::tpkt, none, bytes({3, 0, 0, 3}),
     -1},
    {"tpkt bad version", packet_type::tpkt, none, bytes({2, 0, 0, 6}) + "ab",
     -1},
    // http, http_bin: a request or status line, up to '\n'.
    {"http start line", packet_type::http, none, "GET / HTTP/1.1\r\nHost",
     16},
    {"http bare LF", packet_type::http_bin, none, "GET /\nX", 6},
    {"http CR only", packet_type::http, none, "GET / HTTP/1.1\r", 0},
    {"http start line never folds", packet_type::http, none,
     "GET / HTTP/1.1\r\n x", 16},
    {"http empty line", packet_type::http, none, "\r\n", 2},
    {"http lone LF", packet_type::http, none, "\n", 1},
    // httph, httph_bin: a header line, folded with the next one if that
    // starts with a space or tab, so the line end must be followed by a byte.
    {"httph header, next follows", packet_type::httph, none,
     "Host: x\r\nAccept: y\r\n", 9},
    {"httph header at the end waits", packet_type::httph_bin, none,
     "Host: x\r\n", 0},
    {"httph folded", packet_type::httph, none, "A: b\r\n c\r\nD", 10},
    {"httph folded by tab, bare LF", packet_type::httph, none,
     "A: b\n\tc\nD", 8},
    {"httph folded twice", packet_type::httph, none, "A: b\n c\n d\nE", 11},
    {"httph end of headers, space after", packet_type::httph, none,
     "\r\n A", 2},
    {"httph end of headers alone", packet_type::httph, none, "\r\n", 2},
    {"httph LF then space is no fold", packet_type::httph, none, "\n A", 1},
    // Limits: packet_size, else the buffer; a longer line is an error (no
    // truncation, unlike {packet, line}).
    {"http line over packet_size", packet_type::http, max_size(10),
     "GET /abcdef HTTP/1.1\r\n", -1},
    {"http line of exactly packet_size", packet_type::http, max_size(16),
     "GET / HTTP/1.1\r\n", 16},
    {"http packet_size bytes, no LF", packet_type::http, max_size(10),
     "GET /abcde", -1},
    {"http under packet_size, no LF", packet_type::http, max_size(10),
     "GET /abcd", 0},
    {"http line over the buffer", packet_type::http, buffer_of(10),
     "GET /abcdef HTTP/1.1\r\n", -1},
    {"http packet_size overrides the buffer", packet_type::http,
     limits(100, 10), "GET /abcdef HTTP/1.1\r\n", 22},
    {"http no limit at all", packet_type::http, limits(0, 0),
     "GET /" + std::string(100000, 'a') + " HTTP/1.1\r\n", 100016},
    // erts skips the limit for a lone empty line; otpnet does not, so the
    // verdict does not depend on what else has arrived.
    {"http lone CRLF over a limit of 1", packet_type::http, max_size(1),
     "\r\n", -1},
    {"http CRLF then more over a limit of 1", packet_type::http,
     max_size(1), "\r\nGET", -1},
    {"httph lone LF within a limit of 1", packet_type::httph, max_size(1),
     "\n", 1},
    {"httph fold over packet_size", packet_type::httph, max_size(8),
     "A: b\r\n cc\r\nD", -1},
  };
}

} // namespace

BOOST_AUTO_TEST_SUITE(packet_length_suite)

BOOST_AUTO_TEST_CASE(packet_length_follows_the_erts_contract) {
  BOOST_TEST_MESSAGE("Ensure that packet_length gives >0 whole packet, 0 "
                     "need more, -1 invalid, per packet type, as erts' "
                     "packet_get_length");
  for (const auto& c : cases()) {
    BOOST_TEST_CONTEXT(c.name) {
      BOOST_TEST(packet_length(c.type, c.in, c.lim) == c.expected);
    }
  }
}

BOOST_AUTO_TEST_CASE(prefixes_of_a_valid_packet_need_more) {
  BOOST_TEST_MESSAGE("Ensure that every proper prefix of a whole packet is "
                     "'need more', never an error or a wrong length");
  for (const auto& c : cases()) {
    if (c.expected <= 0 || c.type == packet_type::raw)
      continue;
    BOOST_TEST_CONTEXT(c.name) {
      auto whole = static_cast<std::size_t>(c.expected);
      for (std::size_t n = 0; n < whole; ++n) {
        auto got = packet_length(c.type, c.in.substr(0, n), c.lim);
        // A truncated line is the one case where a prefix may be whole.
        bool truncation = c.type == packet_type::line && c.lim.buffer != 0
                          && n >= c.lim.buffer;
        if (!truncation)
          BOOST_TEST(got == 0, "prefix of " << n << " bytes gave " << got);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(total_length_is_known_from_the_header_alone) {
  BOOST_TEST_MESSAGE("Ensure that packet_total_length tells the total as "
                     "soon as the header is in, without the body");
  packet_limits none;
  BOOST_TEST(packet_total_length(packet_type::p2, bytes({1, 0}), none) == 258);
  BOOST_TEST(packet_total_length(packet_type::p4,
                                 bytes({0x7f, 0xff, 0xff, 0xfb}), none)
             == 0x7fffffff);
  BOOST_TEST(packet_total_length(packet_type::tpkt, bytes({3, 0, 1, 0}), none)
             == 256);
  BOOST_TEST(packet_total_length(packet_type::p4, bytes({0, 0, 1}), none)
             == 0);
  BOOST_TEST(packet_total_length(packet_type::line, "abc", none) == 0);
}

BOOST_AUTO_TEST_CASE(line_scan_hint_skips_known_bytes) {
  BOOST_TEST_MESSAGE("Ensure that the 'scanned' hint only skips the search, "
                     "keeping lengths and limits exact");
  packet_limits none;
  BOOST_TEST(line_packet_length("abcdef\n", none, 3) == 7);
  BOOST_TEST(line_packet_length("abcdef", none, 6) == 0);
  BOOST_TEST(line_packet_length("abc", none, 100) == 0); // clamped hint
  BOOST_TEST(line_packet_length("abcdef\n", buffer_of(4), 4) == 4);
  BOOST_TEST(line_packet_length("abcde", max_size(4), 5) == -1);
}

BOOST_AUTO_TEST_CASE(delivered_body_strips_length_headers_and_fcgi_padding) {
  BOOST_TEST_MESSAGE("Ensure that 1/2/4 lose their header, fcgi its "
                     "padding, and the other types are delivered whole");
  auto body = [](packet_type t, const std::string& pkt) {
    auto r = packet_body(t, pkt);
    return pkt.substr(r.offset, r.length);
  };
  BOOST_TEST(body(packet_type::p1, bytes({2}) + "ab") == "ab");
  BOOST_TEST(body(packet_type::p2, bytes({0, 2}) + "ab") == "ab");
  BOOST_TEST(body(packet_type::p4, bytes({0, 0, 0, 2}) + "ab") == "ab");
  BOOST_TEST(body(packet_type::p4, bytes({0, 0, 0, 0})) == "");
  std::string fcgi = fcgi_header(1, 2, 3) + "abPPP";
  BOOST_TEST(body(packet_type::fcgi, fcgi) == fcgi_header(1, 2, 3) + "ab");
  std::string tpkt = bytes({3, 0, 0, 6}) + "ab";
  BOOST_TEST(body(packet_type::tpkt, tpkt) == tpkt);
  BOOST_TEST(body(packet_type::line, "ab\n") == "ab\n");
  // Shorter-than-header input is clamped, not read out of bounds.
  BOOST_TEST(body(packet_type::p4, bytes({0, 0})) == "");
  BOOST_TEST(body(packet_type::fcgi, "abc") == "abc");
}

BOOST_AUTO_TEST_SUITE_END()
