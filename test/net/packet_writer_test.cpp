#include <boost/test/unit_test.hpp>

#include <cstring>
#include <string>
#include <string_view>

#include "otpnet/net/packet_length.hpp"
#include "otpnet/net/packet_writer.hpp"

using otpnet::net::encode_header;
using otpnet::net::packet_length;
using otpnet::net::packet_limits;
using otpnet::net::packet_type;

namespace {

// Encodes the header for `len` and returns it as a string ("" on -1).
std::string header_for(packet_type t, std::size_t len, int& rc) {
  char buf[4] = {'?', '?', '?', '?'};
  rc = encode_header(t, len, buf);
  return rc > 0 ? std::string(buf, static_cast<std::size_t>(rc)) : "";
}

} // namespace

BOOST_AUTO_TEST_SUITE(packet_writer_suite)

BOOST_AUTO_TEST_CASE(send_prefixes_big_endian_length_headers) {
  BOOST_TEST_MESSAGE("Ensure that {packet,1|2|4} sends a 1/2/4-byte "
                     "big-endian length before the body");
  int rc = 0;
  BOOST_TEST(header_for(packet_type::p1, 0, rc) == std::string(1, '\0'));
  BOOST_TEST(rc == 1);
  BOOST_TEST(header_for(packet_type::p1, 255, rc) == "\xff");
  BOOST_TEST(header_for(packet_type::p2, 258, rc) == "\x01\x02");
  BOOST_TEST(rc == 2);
  BOOST_TEST(header_for(packet_type::p2, 65535, rc) == "\xff\xff");
  BOOST_TEST(header_for(packet_type::p4, 258, rc)
             == std::string("\x00\x00\x01\x02", 4));
  BOOST_TEST(rc == 4);
  BOOST_TEST(header_for(packet_type::p4, 0x01020304, rc)
             == "\x01\x02\x03\x04");
  BOOST_TEST(header_for(packet_type::p4, 0x7fffffff, rc)
             == "\x7f\xff\xff\xff");
}

BOOST_AUTO_TEST_CASE(send_refuses_bodies_too_long_for_the_header) {
  BOOST_TEST_MESSAGE("Ensure that a body longer than the header can say "
                     "(p1 > 255, p2 > 65535, p4 > 2 GB) is -1, nothing "
                     "written");
  char buf[4] = {'?', '?', '?', '?'};
  BOOST_TEST(encode_header(packet_type::p1, 256, buf) == -1);
  BOOST_TEST(encode_header(packet_type::p2, 65536, buf) == -1);
  BOOST_TEST(encode_header(packet_type::p4, 0x80000000u, buf) == -1);
  BOOST_TEST(encode_header(packet_type::p4, static_cast<std::size_t>(-1), buf)
             == -1);
  BOOST_TEST(std::string_view(buf, 4) == "????");
}

BOOST_AUTO_TEST_CASE(receive_only_types_add_no_header) {
  BOOST_TEST_MESSAGE("Ensure that raw, line and the receive-only types "
                     "(asn1, cdr, ...) send the data as given");
  char buf[4] = {'?', '?', '?', '?'};
  for (auto t : {packet_type::raw, packet_type::line, packet_type::asn1,
                 packet_type::sunrm, packet_type::cdr, packet_type::fcgi,
                 packet_type::tpkt, packet_type::http})
    BOOST_TEST(encode_header(t, 1u << 30, buf) == 0);
  BOOST_TEST(std::string_view(buf, 4) == "????");
}

BOOST_AUTO_TEST_CASE(encoded_packets_are_read_back_whole) {
  BOOST_TEST_MESSAGE("Ensure that what send frames, the receive side "
                     "measures as exactly one packet");
  for (auto t : {packet_type::p1, packet_type::p2, packet_type::p4}) {
    for (std::size_t len : {0u, 1u, 200u, 255u}) {
      int rc = 0;
      std::string wire = header_for(t, len, rc) + std::string(len, 'b');
      BOOST_TEST(packet_length(t, wire, packet_limits{})
                 == static_cast<std::ptrdiff_t>(wire.size()));
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
