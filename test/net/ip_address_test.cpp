#include <boost/test/unit_test.hpp>

#include <map>

#include "net/inet_printers.hpp"
#include "otpnet/inet/ip_address.hpp"

using otpnet::inet::ip4_address;
using otpnet::inet::ip6_address;
using otpnet::inet::ip_address;
using otpnet::inet::socket_address;

namespace inet = otpnet::inet;

BOOST_AUTO_TEST_SUITE(ip_address_suite)

BOOST_AUTO_TEST_CASE(ip_address_holds_either_family) {
  BOOST_TEST_MESSAGE("Ensure that ip_address is ip4_address() | "
                     "ip6_address() with is_v4/is_v6 and the is_* checks");
  ip_address a = ip4_address{{10, 0, 0, 1}};
  ip_address b = ip6_address{{0x2001, 0xdb8, 0, 0, 0, 0, 0, 1}};
  BOOST_TEST(a.is_v4());
  BOOST_TEST(!a.is_v6());
  BOOST_TEST(b.is_v6());
  BOOST_TEST((a.v4() == ip4_address{{10, 0, 0, 1}}));
  BOOST_TEST((b.v6() == ip6_address{{0x2001, 0xdb8, 0, 0, 0, 0, 0, 1}}));
  BOOST_TEST(inet::is_ipv4_address(a));
  BOOST_TEST(inet::is_ipv6_address(b));
  BOOST_TEST(!inet::is_ipv6_address(a));
  BOOST_TEST(inet::is_ip_address(a));
  BOOST_TEST(ip_address{} == ip_address::any_v4());
}

BOOST_AUTO_TEST_CASE(loopback_and_any_helpers_match_erlang_translate_ip) {
  BOOST_TEST_MESSAGE("Ensure that loopback/any are {127,0,0,1}, "
                     "{0,0,0,0,0,0,0,1}, {0,0,0,0} and {0,0,0,0,0,0,0,0}");
  BOOST_TEST(ip_address::loopback_v4() == (ip4_address{{127, 0, 0, 1}}));
  BOOST_TEST(ip_address::loopback_v6()
             == (ip6_address{{0, 0, 0, 0, 0, 0, 0, 1}}));
  BOOST_TEST(ip_address::any_v4() == ip4_address{});
  BOOST_TEST(ip_address::any_v6() == ip6_address{});
  BOOST_TEST(ip_address::any_v4() != ip_address::any_v6());
}

BOOST_AUTO_TEST_CASE(ip_address_is_totally_ordered) {
  BOOST_TEST_MESSAGE("Ensure that IPv4 sorts before IPv6 and addresses "
                     "compare octet-wise, so they can key a map");
  ip_address a = ip4_address{{1, 2, 3, 4}};
  ip_address b = ip4_address{{1, 2, 3, 5}};
  ip_address c = ip6_address{{0, 0, 0, 0, 0, 0, 0, 0}};
  BOOST_TEST(a < b);
  BOOST_TEST(b < c);
  BOOST_TEST(!(c < a));
  BOOST_TEST(!(a < a));
  std::map<ip_address, int> m{{c, 3}, {b, 2}, {a, 1}};
  BOOST_TEST(m.begin()->second == 1);
  socket_address x{a, 80};
  socket_address y{a, 81};
  BOOST_TEST(x < y);
  BOOST_TEST(x != y);
  BOOST_TEST(x == (socket_address{a, 80}));
}

BOOST_AUTO_TEST_CASE(ipv4_mapped_ipv6_address_converts_both_ways) {
  BOOST_TEST_MESSAGE("Ensure that ipv4_mapped_ipv6_address maps a.b.c.d to "
                     "::ffff:a.b.c.d and takes the two low groups back");
  ip_address v4 = ip4_address{{192, 168, 42, 2}};
  ip_address mapped = ip6_address{{0, 0, 0, 0, 0, 0xffff, 0xc0a8, 0x2a02}};
  BOOST_TEST(inet::ipv4_mapped_ipv6_address(v4) == mapped);
  BOOST_TEST(inet::ipv4_mapped_ipv6_address(mapped) == v4);
  // Only the low groups matter in the IPv6 -> IPv4 direction.
  ip_address other = ip6_address{{0x2001, 0xdb8, 1, 2, 3, 4, 0x0a00, 0x0001}};
  BOOST_TEST(inet::ipv4_mapped_ipv6_address(other)
             == (ip4_address{{10, 0, 0, 1}}));
}

BOOST_AUTO_TEST_SUITE_END()
