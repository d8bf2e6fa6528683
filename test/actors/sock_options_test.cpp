// The socket module's kernel options over loopback: the socket, ip and
// ipv6 options of the spec's tables (003) that Linux has, each set and
// read back from the kernel, and the ones Linux refuses or answers only
// when connected.

#include <string>

#include <boost/test/unit_test.hpp>

#include <otpnet/sock.hpp>

#include "support/sock_fixture.hpp"

using namespace otpnet;
using namespace otpnet::test;
using namespace std::literals;

namespace {

using sock::level;
using sock::name;

struct options_fixture : sock_fixture {
  /// setopt then getopt: what the kernel answers after `v` was set.
  std::string round_trip(const sock::socket& s, sock::option o,
                         sock::value v) {
    auto r = sock::setopt(self(), s, o, v);
    if (!r)
      return "set: " + why(r);
    auto g = sock::getopt(self(), s, o);
    return g ? sock::to_string(*g) : "get: " + why(g);
  }

  std::string get(const sock::socket& s, sock::option o) {
    auto g = sock::getopt(self(), s, o);
    return g ? sock::to_string(*g) : why(g);
  }
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(sock_options_suite, options_fixture)

BOOST_AUTO_TEST_CASE(socket_level_options_reach_the_kernel) {
  BOOST_TEST_MESSAGE("Ensure that {socket, priority} and {socket, "
                     "rcvlowat} are set and read back, {socket, debug} "
                     "reads 0, and {socket, sndlowat} reads 1 and cannot "
                     "be changed on Linux (enoprotoopt, as OTP 25)");
  auto s = udp();
  BOOST_TEST(get(s, {level::socket, name::priority}) == "0");
  BOOST_TEST(round_trip(s, {level::socket, name::priority}, 3) == "3");
  BOOST_TEST(get(s, {level::socket, name::rcvlowat}) == "1");
  BOOST_TEST(round_trip(s, {level::socket, name::rcvlowat}, 5) == "5");
  BOOST_TEST(get(s, {level::socket, name::debug}) == "0");
  BOOST_TEST(get(s, {level::socket, name::sndlowat}) == "1");
  BOOST_TEST(round_trip(s, {level::socket, name::sndlowat}, 5)
             == "set: enoprotoopt");
  BOOST_TEST(why(sock::setopt(self(), s, {level::socket, name::priority},
                              -1))
             == "einval");
  BOOST_TEST(ok(sock::close(self(), s)));
}

BOOST_AUTO_TEST_CASE(ip_level_options_reach_the_kernel) {
  BOOST_TEST_MESSAGE("Ensure that the ip options minttl, multicast_ttl, "
                     "multicast_loop, recvopts, retopts, pktinfo, recverr "
                     "and freebind are set and read back; nodefrag is "
                     "enoprotoopt off raw sockets; minttl refuses 256");
  auto s = udp();
  BOOST_TEST(get(s, {level::ip, name::minttl}) == "0");
  BOOST_TEST(round_trip(s, {level::ip, name::minttl}, 5) == "5");
  BOOST_TEST(round_trip(s, {level::ip, name::minttl}, 256) == "set: einval");
  BOOST_TEST(round_trip(s, {level::ip, name::multicast_ttl}, 3) == "3");
  BOOST_TEST(round_trip(s, {level::ip, name::multicast_loop}, false)
             == "false");
  for (auto n : {name::recvopts, name::retopts, name::pktinfo,
                 name::recverr, name::freebind}) {
    BOOST_TEST(get(s, {level::ip, n}) == "false");
    BOOST_TEST(round_trip(s, {level::ip, n}, true) == "true");
  }
  BOOST_TEST(get(s, {level::ip, name::transparent}) == "false");
  BOOST_TEST(round_trip(s, {level::ip, name::nodefrag}, true)
             == "set: enoprotoopt");
  BOOST_TEST(ok(sock::close(self(), s)));
}

BOOST_AUTO_TEST_CASE(mtu_is_read_only_and_needs_a_connection) {
  BOOST_TEST_MESSAGE("Ensure that {ip, mtu} and {ipv6, mtu} are read-only "
                     "(einval for setopt), enotconn before connect, and "
                     "loopback's MTU after it");
  for (auto d : {sock::domain::inet, sock::domain::inet6}) {
    auto s = udp(d);
    sock::option mtu{d == sock::domain::inet ? level::ip : level::ipv6,
                     name::mtu};
    BOOST_TEST(get(s, mtu) == "enotconn");
    BOOST_TEST(why(sock::setopt(self(), s, mtu, 1500)) == "einval");
    BOOST_REQUIRE(sock::connect(self(), s, name_of(s), budget));
    auto v = sock::getopt(self(), s, mtu);
    BOOST_REQUIRE_MESSAGE(v, why(v));
    BOOST_TEST(std::get<int>(*v) >= 1280); // loopback's: 65536 here
    BOOST_TEST(ok(sock::close(self(), s)));
  }
}

BOOST_AUTO_TEST_CASE(ipv6_level_options_reach_the_kernel) {
  BOOST_TEST_MESSAGE("Ensure that the ipv6 options multicast_hops, "
                     "multicast_loop, recvpktinfo and recverr are set and "
                     "read back, and multicast_hops refuses 256");
  auto s = udp(sock::domain::inet6);
  BOOST_TEST(round_trip(s, {level::ipv6, name::multicast_hops}, 3) == "3");
  BOOST_TEST(round_trip(s, {level::ipv6, name::multicast_hops}, 256)
             == "set: einval");
  BOOST_TEST(round_trip(s, {level::ipv6, name::multicast_loop}, false)
             == "false");
  for (auto n : {name::recvpktinfo, name::recverr}) {
    BOOST_TEST(get(s, {level::ipv6, n}) == "false");
    BOOST_TEST(round_trip(s, {level::ipv6, n}, true) == "true");
  }
  BOOST_TEST(ok(sock::close(self(), s)));
}

BOOST_AUTO_TEST_SUITE_END()
