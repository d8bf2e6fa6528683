#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz/fuzz_input.hpp"
#include "fuzz/fuzz_targets.hpp"
#include "net/inet_printers.hpp"
#include "otpnet/inet/parse_address.hpp"

using namespace std::literals;
using otpnet::errc;
using otpnet::inet::ip4_address;
using otpnet::inet::ip6_address;
using otpnet::inet::ip_address;
using otpnet::net::result;

namespace inet = otpnet::inet;

namespace {

using parser = result<ip_address> (*)(std::string_view);

struct good_case {
  std::string_view input;
  ip_address expected;
};

ip_address v4(uint8_t a, uint8_t b, uint8_t c, uint8_t d) {
  return ip4_address{{a, b, c, d}};
}

ip_address v6(uint16_t a, uint16_t b, uint16_t c, uint16_t d, uint16_t e,
              uint16_t f, uint16_t g, uint16_t h) {
  return ip6_address{{a, b, c, d, e, f, g, h}};
}

void check_good(parser parse, const std::vector<good_case>& cases) {
  for (const auto& c : cases) {
    BOOST_TEST_CONTEXT("input \"" << c.input << "\"") {
      auto r = parse(c.input);
      BOOST_TEST_REQUIRE(r.has_value());
      BOOST_TEST(*r == c.expected);
    }
  }
}

void check_bad(parser parse, const std::vector<std::string_view>& cases) {
  for (auto input : cases) {
    BOOST_TEST_CONTEXT("input \"" << input << "\"") {
      auto r = parse(input);
      BOOST_TEST(!r.has_value());
      BOOST_TEST(otpnet::to_atom(r.error()) == "einval");
    }
  }
}

// Inputs every IPv4 parser rejects.
const std::vector<std::string_view> bad_ipv4_common = {
  ""sv,
  "."sv,
  "1."sv,
  ".1"sv,
  "1..2"sv,
  "1.2.3.4."sv,
  "1.2.3.4.5"sv,
  "256.0.0.1"sv,
  "1.2.3.256"sv,
  " 1.2.3.4"sv,
  "1.2.3.4 "sv,
  "+1.2.3.4"sv,
  "-1.2.3.4"sv,
  "1.-2.3.4"sv,
  "1.2.3.4\n"sv,
  "1.2.3.4\0"sv,
  "1.2.3.4%eth0"sv,
  "localhost"sv,
  "::1"sv,
  "1a.2.3.4"sv,
  "0x"sv,
  "0x.1.2.3"sv,
  "4294967296"sv,
  "12345678901"sv,
};

} // namespace

BOOST_AUTO_TEST_SUITE(parse_address_suite)

BOOST_AUTO_TEST_CASE(parse_ipv4_address_accepts_short_octal_and_hex_forms) {
  BOOST_TEST_MESSAGE("Ensure that parse_ipv4_address accepts the relaxed "
                     "forms of inet_parse:ipv4_address/1");
  check_good(inet::parse_ipv4_address,
             {
               {"127.0.0.1", v4(127, 0, 0, 1)},
               {"192.168.42.2", v4(192, 168, 42, 2)},
               {"127.1", v4(127, 0, 0, 1)},
               {"1.2.3", v4(1, 2, 0, 3)},
               {"1.65535", v4(1, 0, 255, 255)},
               {"1.2.65535", v4(1, 2, 255, 255)},
               {"10.16777215", v4(10, 255, 255, 255)},
               {"0x7f000001", v4(127, 0, 0, 1)},
               {"0X7F.1", v4(127, 0, 0, 1)},
               {"0xFf.0xfF.0x0.0x1", v4(255, 255, 0, 1)},
               {"0177.0.0.1", v4(127, 0, 0, 1)},
               {"10.0x10.010.1", v4(10, 16, 8, 1)},
               {"0", v4(0, 0, 0, 0)},
               {"00", v4(0, 0, 0, 0)},
               {"0.0.0.0", v4(0, 0, 0, 0)},
               {"1", v4(0, 0, 0, 1)},
               {"4294967295", v4(255, 255, 255, 255)},
               {"0xffffffff", v4(255, 255, 255, 255)},
               {"037777777777", v4(255, 255, 255, 255)},
               {"000000000001", v4(0, 0, 0, 1)}, // 0 and 11 octal digits
               {"255.255.255.255", v4(255, 255, 255, 255)},
               {"01.02.03.04", v4(1, 2, 3, 4)},
             });
}

BOOST_AUTO_TEST_CASE(parse_ipv4_address_rejects_garbage_with_einval) {
  BOOST_TEST_MESSAGE("Ensure that parse_ipv4_address returns einval for "
                     "malformed and out-of-range input");
  auto bad = bad_ipv4_common;
  bad.insert(bad.end(), {
                          "1.16777216"sv,
                          "1.2.65536"sv,
                          "0x123456789"sv,    // 9 hex digits
                          "0000000000001"sv,  // 0 and 12 octal digits
                          "08"sv,             // 8 is no octal digit
                          "09.1.1.1"sv,
                          "0x1g"sv,
                          "0x-1"sv,
                          "0x+1"sv,
                          "0400.1.1.1"sv,     // octal 256
                        });
  check_bad(inet::parse_ipv4_address, bad);
}

BOOST_AUTO_TEST_CASE(parse_ipv4strict_address_requires_four_decimal_fields) {
  BOOST_TEST_MESSAGE("Ensure that parse_ipv4strict_address accepts only "
                     "d.d.d.d with decimal 0..255 and no leading zeros");
  check_good(inet::parse_ipv4strict_address,
             {
               {"0.0.0.0", v4(0, 0, 0, 0)},
               {"127.0.0.1", v4(127, 0, 0, 1)},
               {"10.20.30.40", v4(10, 20, 30, 40)},
               {"199.249.250.255", v4(199, 249, 250, 255)},
               {"255.255.255.255", v4(255, 255, 255, 255)},
             });
  auto bad = bad_ipv4_common;
  bad.insert(bad.end(), {
                          "127.1"sv,
                          "1.2.3"sv,
                          "1"sv,
                          "01.2.3.4"sv,
                          "1.2.3.04"sv,
                          "1.2.3.00"sv,
                          "0x7f.0.0.1"sv,
                          "0177.0.0.1"sv,
                          "1000.1.1.1"sv,
                          "260.1.1.1"sv,
                          "1.2.3.300"sv,
                          "1.2.3.4a"sv,
                        });
  check_bad(inet::parse_ipv4strict_address, bad);
}

BOOST_AUTO_TEST_CASE(parse_ipv6strict_address_follows_rfc_4291) {
  BOOST_TEST_MESSAGE("Ensure that parse_ipv6strict_address accepts groups, "
                     "one ::, an IPv4 tail and the spec's examples");
  check_good(inet::parse_ipv6strict_address,
             {
               {"::", v6(0, 0, 0, 0, 0, 0, 0, 0)},
               {"::1", v6(0, 0, 0, 0, 0, 0, 0, 1)},
               {"1::", v6(1, 0, 0, 0, 0, 0, 0, 0)},
               {"1::8", v6(1, 0, 0, 0, 0, 0, 0, 8)},
               {"1:2:3:4:5:6:7:8", v6(1, 2, 3, 4, 5, 6, 7, 8)},
               {"1:2:3:4:5:6:7::", v6(1, 2, 3, 4, 5, 6, 7, 0)},
               {"::2:3:4:5:6:7:8", v6(0, 2, 3, 4, 5, 6, 7, 8)},
               {"1:2:3:4::5:6:7", v6(1, 2, 3, 4, 0, 5, 6, 7)},
               {"0000:0000::0001", v6(0, 0, 0, 0, 0, 0, 0, 1)},
               {"ABCD:ef01::", v6(0xabcd, 0xef01, 0, 0, 0, 0, 0, 0)},
               {"3ffe:b80:1f8d:2:204:acff:fe17:bf38",
                v6(0x3ffe, 0xb80, 0x1f8d, 2, 0x204, 0xacff, 0xfe17, 0xbf38)},
               {"fe80::204:acff:fe17:bf38",
                v6(0xfe80, 0, 0, 0, 0x204, 0xacff, 0xfe17, 0xbf38)},
               {"::192.168.42.2", v6(0, 0, 0, 0, 0, 0, 0xc0a8, 0x2a02)},
               {"::FFFF:192.168.42.2",
                v6(0, 0, 0, 0, 0, 0xffff, 49320, 10754)},
               {"::127.0.0.1", v6(0, 0, 0, 0, 0, 0, 0x7f00, 1)},
               {"1:2:3:4:5:6:1.2.3.4", v6(1, 2, 3, 4, 5, 6, 0x102, 0x304)},
               {"1::1.2.3.4", v6(1, 0, 0, 0, 0, 0, 0x102, 0x304)},
             });
}

BOOST_AUTO_TEST_CASE(parse_ipv6strict_address_handles_scope_ids) {
  BOOST_TEST_MESSAGE("Ensure that a numeric %scope is stored in group 2 of "
                     "fe80::/ff02:: only, and an interface name is dropped");
  check_good(inet::parse_ipv6strict_address,
             {
               {"fe80::1%1", v6(0xfe80, 1, 0, 0, 0, 0, 0, 1)},
               {"ff02::1%65535", v6(0xff02, 0xffff, 0, 0, 0, 0, 0, 1)},
               {"fe80::1%0", v6(0xfe80, 0, 0, 0, 0, 0, 0, 1)},
               {"fe80::1%007", v6(0xfe80, 7, 0, 0, 0, 0, 0, 1)},
               {"fe80::%3", v6(0xfe80, 3, 0, 0, 0, 0, 0, 0)},
               {"fe80::1%eth0", v6(0xfe80, 0, 0, 0, 0, 0, 0, 1)},
               {"fe80::1%1x", v6(0xfe80, 0, 0, 0, 0, 0, 0, 1)},
               {"::1%lo", v6(0, 0, 0, 0, 0, 0, 0, 1)},
               {"::%eth0", v6(0, 0, 0, 0, 0, 0, 0, 0)},
               {"1:2:3:4:5:6:7:8%x", v6(1, 2, 3, 4, 5, 6, 7, 8)},
               {"::ffff:1.2.3.4%eth0", v6(0, 0, 0, 0, 0, 0xffff, 0x102, 0x304)},
             });
  check_bad(inet::parse_ipv6strict_address,
            {
              "::1%"sv,          // empty zone id
              "::1%1"sv,         // numeric scope on a global address
              "fe80:1::1%2"sv,   // group 2 already in use
              "fe80::1%65536"sv, // scope id overflow
              "fe80::1%99999x"sv,
              "%eth0"sv,
              "1:%1"sv,
            });
}

BOOST_AUTO_TEST_CASE(parse_ipv6strict_address_rejects_garbage_with_einval) {
  BOOST_TEST_MESSAGE("Ensure that parse_ipv6strict_address returns einval "
                     "for every malformed address");
  check_bad(inet::parse_ipv6strict_address,
            {
              ""sv,
              ":"sv,
              ":::"sv,
              "::::"sv,
              "1:2"sv,
              "1:2:3:4:5:6:7"sv,
              "1:2:3:4:5:6:7:8:9"sv,
              "1:2:3:4:5:6:7:8::"sv,
              "::1:2:3:4:5:6:7:8"sv,
              "1:2:3:4:5:6:7::8"sv,
              "1::2::3"sv,
              "12345::"sv,
              "g::"sv,
              "1:"sv,
              "1::2:"sv,
              ":1"sv,
              ":1:2:3:4:5:6:7:8"sv, // otpnet rejects a lone leading ':'
              "1:2:3:4:5:6:7:1.2.3.4"sv,
              "::1.2.3"sv,
              "::1.2.3.4.5"sv,
              "::256.1.1.1"sv,
              "::01.2.3.4"sv,
              "::1.2.3.4:5"sv,
              "::ffff:1.2.3.4x"sv,
              "1234.1.1.1::"sv,
              "::1234.1.1.1"sv,
              "1.2.3.4"sv, // strict IPv6 takes no plain IPv4
              "::."sv,
              "1:.:2"sv,
              "[::1]"sv,
              "::1 "sv,
              " ::1"sv,
              "::1\0"sv,
              "fe80::1/64"sv,
            });
}

BOOST_AUTO_TEST_CASE(parse_ipv6_address_maps_relaxed_ipv4) {
  BOOST_TEST_MESSAGE("Ensure that parse_ipv6_address turns a relaxed IPv4 "
                     "string into ::ffff:a.b.c.d and else parses strictly");
  check_good(inet::parse_ipv6_address,
             {
               {"1.2.3.4", v6(0, 0, 0, 0, 0, 0xffff, 0x102, 0x304)},
               {"127.1", v6(0, 0, 0, 0, 0, 0xffff, 0x7f00, 1)},
               {"0x7f000001", v6(0, 0, 0, 0, 0, 0xffff, 0x7f00, 1)},
               {"::1", v6(0, 0, 0, 0, 0, 0, 0, 1)},
               {"fe80::1%2", v6(0xfe80, 2, 0, 0, 0, 0, 0, 1)},
             });
  check_bad(inet::parse_ipv6_address,
            {""sv, "1.2.3.4.5"sv, "256.1.1.1"sv, ":::"sv, "x"sv});
}

BOOST_AUTO_TEST_CASE(parse_address_tries_relaxed_ipv4_then_strict_ipv6) {
  BOOST_TEST_MESSAGE("Ensure that parse_address returns an IPv4 or an IPv6 "
                     "address, as in the spec's examples");
  check_good(inet::parse_address,
             {
               {"192.168.42.2", v4(192, 168, 42, 2)},
               {"::FFFF:192.168.42.2",
                v6(0, 0, 0, 0, 0, 65535, 49320, 10754)},
               {"127.1", v4(127, 0, 0, 1)},
               {"::", v6(0, 0, 0, 0, 0, 0, 0, 0)},
             });
  check_bad(inet::parse_address,
            {""sv, "garbage"sv, "1.2.3.4.5"sv, "::g"sv, "localhost"sv});
}

BOOST_AUTO_TEST_CASE(parse_strict_address_rejects_short_ipv4) {
  BOOST_TEST_MESSAGE("Ensure that parse_strict_address is parse_address "
                     "without the short IPv4 forms");
  check_good(inet::parse_strict_address,
             {
               {"127.0.0.1", v4(127, 0, 0, 1)},
               {"::1", v6(0, 0, 0, 0, 0, 0, 0, 1)},
               {"::1.2.3.4", v6(0, 0, 0, 0, 0, 0, 0x102, 0x304)},
             });
  check_bad(inet::parse_strict_address,
            {"127.1"sv, "1.2.3"sv, "0x7f000001"sv, "010.0.0.1"sv, ""sv});
}

BOOST_AUTO_TEST_CASE(overlong_input_is_rejected_without_crashing) {
  BOOST_TEST_MESSAGE("Ensure that very long strings are handled in linear "
                     "time and rejected with einval");
  std::vector<std::string> inputs = {
    std::string(100000, '1'),
    std::string(100000, ':'),
    std::string(100000, '.'),
    "1.2.3.4" + std::string(100000, '0'),
    "::" + std::string(100000, 'f'),
  };
  std::string many_groups;
  for (int i = 0; i < 10000; ++i)
    many_groups += "1:";
  inputs.push_back(many_groups + "1");
  for (const auto& s : inputs) {
    for (auto parse : {inet::parse_address, inet::parse_strict_address,
                       inet::parse_ipv4_address, inet::parse_ipv4strict_address,
                       inet::parse_ipv6_address,
                       inet::parse_ipv6strict_address}) {
      auto r = parse(s);
      BOOST_TEST(otpnet::to_atom(r.error()) == "einval");
    }
  }
  // Erlang ignores a non-numeric zone id of any length; so does otpnet.
  auto named = inet::parse_ipv6strict_address("fe80::1%"
                                               + std::string(100000, 'a'));
  BOOST_TEST(named.has_value());
}

BOOST_AUTO_TEST_CASE(arbitrary_bytes_never_crash_the_parsers) {
  BOOST_TEST_MESSAGE("Ensure that every prefix of valid addresses and "
                     "pseudo-random byte strings yields a value or einval, "
                     "with strict results agreeing with relaxed ones and "
                     "ntoa's text parsing back");
  std::vector<std::string> inputs = {
    "fe80::204:acff:fe17:bf38%eth0", "::ffff:192.168.42.2%12",
    "0x7f.0177.1.255",               "1:2:3:4:5:6:7:8",
    "255.255.255.255",
  };
  std::vector<std::string> all;
  for (const auto& s : inputs)
    for (size_t n = 0; n <= s.size(); ++n)
      all.push_back(s.substr(0, n));
  uint32_t state = 12345;
  auto next = [&state] {
    state = state * 1103515245u + 12345u;
    return state >> 16;
  };
  static constexpr char alphabet[] = "0123456789abcdefxX.:%\0\xff ";
  for (int i = 0; i < 20000; ++i) {
    std::string s(next() % 24, ' ');
    for (auto& c : s)
      c = alphabet[next() % (sizeof(alphabet) - 1)];
    all.push_back(std::move(s));
  }
  // The relations are the parse_address fuzz target's (test/fuzz/).
  for (const auto& s : all) {
    try {
      otpnet::fuzz::parse_address_target(
        reinterpret_cast<const uint8_t*>(s.data()), s.size());
    } catch (const otpnet::fuzz::property_violation& e) {
      BOOST_ERROR("input '" << s << "': " << e.what());
    }
  }
}

BOOST_AUTO_TEST_CASE(ntoa_matches_erlang_formatting) {
  BOOST_TEST_MESSAGE("Ensure that ntoa prints like inet:ntoa/1: lowercase, "
                     "longest zero run as ::, first run on ties, special "
                     "forms for any, loopback, compatible, mapped, scoped");
  struct ntoa_case {
    ip_address addr;
    std::string_view text;
  };
  std::vector<ntoa_case> cases = {
    {v4(127, 0, 0, 1), "127.0.0.1"},
    {v4(0, 0, 0, 0), "0.0.0.0"},
    {v4(255, 255, 255, 255), "255.255.255.255"},
    {v6(0, 0, 0, 0, 0, 0, 0, 0), "::"},
    {v6(0, 0, 0, 0, 0, 0, 0, 1), "::1"},
    {v6(0, 0, 0, 0, 0, 0, 0xc0a8, 0x2a02), "::192.168.42.2"},
    {v6(0, 0, 0, 0, 0, 0, 0, 2), "::0.0.0.2"},
    {v6(0, 0, 0, 0, 0, 0xffff, 0xc0a8, 0x2a02), "::ffff:192.168.42.2"},
    {v6(0x3ffe, 0xb80, 0x1f8d, 2, 0x204, 0xacff, 0xfe17, 0xbf38),
     "3ffe:b80:1f8d:2:204:acff:fe17:bf38"},
    {v6(0xfe80, 0, 0, 0, 0x204, 0xacff, 0xfe17, 0xbf38),
     "fe80::204:acff:fe17:bf38"},
    {v6(0xfe80, 5, 0, 0, 0, 0, 0, 1), "fe80::1%5"},
    {v6(0xff02, 0, 0, 0, 0, 0, 0, 1), "ff02::1"},
    {v6(1, 0, 0, 2, 0, 0, 3, 4), "1::2:0:0:3:4"},
    {v6(1, 0, 0, 2, 0, 0, 0, 4), "1:0:0:2::4"},
    {v6(1, 0, 2, 3, 4, 5, 6, 7), "1:0:2:3:4:5:6:7"},
    {v6(1, 0, 0, 0, 0, 0, 0, 0), "1::"},
    {v6(0, 0, 1, 0, 0, 0, 0, 0), "0:0:1::"},
    {v6(0, 0, 0, 0, 0, 1, 0, 0), "::1:0:0"},
    {v6(0, 0, 0, 0, 1, 0, 0, 0), "::1:0:0:0"},
    {v6(0xabcd, 0xef01, 0x2345, 0x6789, 0xa, 0xb, 0xc, 0xd),
     "abcd:ef01:2345:6789:a:b:c:d"},
  };
  for (const auto& c : cases)
    BOOST_TEST(inet::ntoa(c.addr) == c.text);
}

BOOST_AUTO_TEST_CASE(ntoa_output_parses_back_to_the_same_address) {
  BOOST_TEST_MESSAGE("Ensure that parse_address(ntoa(A)) == A for IPv4, "
                     "IPv6 with zero runs, mapped and scoped addresses");
  uint32_t state = 777;
  auto next = [&state] {
    state = state * 1103515245u + 12345u;
    return state >> 16;
  };
  for (int i = 0; i < 5000; ++i) {
    ip_address a;
    if (i % 4 == 0) {
      a = v4(static_cast<uint8_t>(next()), static_cast<uint8_t>(next()),
             static_cast<uint8_t>(next()), static_cast<uint8_t>(next()));
    } else {
      ip6_address x;
      for (auto& g : x.groups) // mostly zeros, to exercise "::"
        g = next() % 3 == 0 ? static_cast<uint16_t>(next()) : 0;
      if (i % 7 == 0)
        x.groups[0] = 0xfe80;
      a = x;
    }
    auto text = inet::ntoa(a);
    BOOST_TEST_CONTEXT("text " << text) {
      auto back = inet::parse_address(text);
      BOOST_TEST_REQUIRE(back.has_value());
      BOOST_TEST(*back == a);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
