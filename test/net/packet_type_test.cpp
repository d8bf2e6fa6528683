#include <boost/test/unit_test.hpp>

#include <string>

#include "otpnet/net/packet_type.hpp"

using otpnet::net::header_size;
using otpnet::net::packet_type;
using otpnet::net::packet_type_from_string;
using otpnet::net::to_string;

BOOST_AUTO_TEST_SUITE(packet_type_suite)

BOOST_AUTO_TEST_CASE(packet_types_print_as_erlang_spells_them) {
  BOOST_TEST_MESSAGE("Ensure that each {packet, T} value prints like the "
                     "Erlang term");
  BOOST_TEST(to_string(packet_type::raw) == "raw");
  BOOST_TEST(to_string(packet_type::p1) == "1");
  BOOST_TEST(to_string(packet_type::p2) == "2");
  BOOST_TEST(to_string(packet_type::p4) == "4");
  BOOST_TEST(to_string(packet_type::line) == "line");
  BOOST_TEST(to_string(packet_type::asn1) == "asn1");
  BOOST_TEST(to_string(packet_type::sunrm) == "sunrm");
  BOOST_TEST(to_string(packet_type::cdr) == "cdr");
  BOOST_TEST(to_string(packet_type::fcgi) == "fcgi");
  BOOST_TEST(to_string(packet_type::tpkt) == "tpkt");
  BOOST_TEST(to_string(packet_type::http) == "http");
  BOOST_TEST(to_string(packet_type::httph) == "httph");
  BOOST_TEST(to_string(packet_type::http_bin) == "http_bin");
  BOOST_TEST(to_string(packet_type::httph_bin) == "httph_bin");
}

BOOST_AUTO_TEST_CASE(packet_types_parse_back_including_zero_for_raw) {
  BOOST_TEST_MESSAGE("Ensure that every spelling parses back and that 0 is "
                     "raw, as the spec says (raw | 0)");
  for (int i = 0; i <= static_cast<int>(packet_type::httph_bin); ++i) {
    auto t = static_cast<packet_type>(i);
    auto back = packet_type_from_string(to_string(t));
    BOOST_TEST_REQUIRE(back.has_value());
    BOOST_TEST(static_cast<int>(*back) == i);
  }
  BOOST_TEST(static_cast<int>(*packet_type_from_string("0"))
             == static_cast<int>(packet_type::raw));
  BOOST_TEST(!packet_type_from_string("3").has_value());
  BOOST_TEST(!packet_type_from_string("").has_value());
  BOOST_TEST(!packet_type_from_string("LINE").has_value());
}

BOOST_AUTO_TEST_CASE(every_type_of_the_spec_is_supported) {
  BOOST_TEST_MESSAGE("Ensure that raw..httph_bin are supported, values "
                     "outside the enum are not, and exactly the four HTTP "
                     "types are http");
  for (int i = 0; i <= static_cast<int>(packet_type::httph_bin); ++i)
    BOOST_TEST(is_supported(static_cast<packet_type>(i)), i);
  BOOST_TEST(!is_supported(static_cast<packet_type>(14)));
  BOOST_TEST(!is_supported(static_cast<packet_type>(200)));
  for (int i = 0; i <= static_cast<int>(packet_type::httph_bin); ++i) {
    auto t = static_cast<packet_type>(i);
    bool expected = t == packet_type::http || t == packet_type::httph
                    || t == packet_type::http_bin
                    || t == packet_type::httph_bin;
    BOOST_TEST(is_http(t) == expected, i);
  }
}

BOOST_AUTO_TEST_CASE(only_length_prefixed_types_strip_their_header) {
  BOOST_TEST_MESSAGE("Ensure that 1/2/4 strip 1/2/4 header bytes and the "
                     "other types keep their header");
  BOOST_TEST(header_size(packet_type::p1) == 1u);
  BOOST_TEST(header_size(packet_type::p2) == 2u);
  BOOST_TEST(header_size(packet_type::p4) == 4u);
  for (auto t : {packet_type::raw, packet_type::line, packet_type::asn1,
                 packet_type::sunrm, packet_type::cdr, packet_type::fcgi,
                 packet_type::tpkt, packet_type::http})
    BOOST_TEST(header_size(t) == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
