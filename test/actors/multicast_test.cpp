// gen_udp's multicast options over loopback: add_membership and
// drop_membership as the kernel sees them (/proc/net/igmp, igmp6) and with
// the kernel's errors, a datagram sent to a joined group, and
// multicast_if / multicast_loop / multicast_ttl on the descriptor and in
// getopts, for IPv4 and IPv6.

#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdio>
#include <fstream>
#include <string>

#include <boost/test/unit_test.hpp>

#include <otpnet/gen_udp.hpp>

#include "support/kernel_socket.hpp"
#include "support/loopback.hpp"

using namespace otpnet;
using namespace otpnet::test;

namespace {

// Administratively scoped groups no other test uses.
const inet::ip_address group4 = inet::ip4_address{{239, 255, 77, 1}};
const inet::ip_address group6
  = inet::ip6_address{{0xff02, 0, 0, 0, 0, 0, 0x77, 1}};

int lo_index() {
  return static_cast<int>(::if_nametoindex("lo"));
}

/// How many sockets hold `group` on lo, as /proc/net/igmp (IPv4) or
/// /proc/net/igmp6 says: 0 when it is not joined there.
int joined_on_lo(const inet::ip_address& group) {
  char hex[33];
  bool v6 = group.is_v6();
  if (v6) {
    auto g = group.v6().groups;
    std::snprintf(hex, sizeof(hex), "%04x%04x%04x%04x%04x%04x%04x%04x", g[0],
                  g[1], g[2], g[3], g[4], g[5], g[6], g[7]);
  } else {
    // The address's bytes as one native (little-endian) word.
    auto o = group.v4().octets;
    std::snprintf(hex, sizeof(hex), "%02X%02X%02X%02X", o[3], o[2], o[1],
                  o[0]);
  }
  std::ifstream in{v6 ? "/proc/net/igmp6" : "/proc/net/igmp"};
  std::string line;
  bool on_lo = false;
  while (std::getline(in, line)) {
    if (v6) {
      // "1    lo              ff02...0001     1 0000000C 0"
      char dev[32];
      char grp[40];
      int users = 0;
      if (std::sscanf(line.c_str(), "%*d %31s %39s %d", dev, grp, &users) == 3
          && std::string{dev} == "lo" && std::string{grp} == hex)
        return users;
      continue;
    }
    // A device line ("1\tlo        :     1      V3"), then its groups,
    // indented.
    if (!line.empty() && line[0] != '\t') {
      char dev[32];
      on_lo = std::sscanf(line.c_str(), "%*d %31s", dev) == 1
              && std::string{dev} == "lo";
      continue;
    }
    char grp[16];
    int users = 0;
    if (on_lo && std::sscanf(line.c_str(), " %15s %d", grp, &users) == 2
        && std::string{grp} == hex)
      return users;
  }
  return 0;
}

struct multicast_fixture : loopback_fixture {
  otpnet::socket open(gen_udp::option_list opts) {
    auto s = gen_udp::open(self(), 0, opts);
    BOOST_REQUIRE_MESSAGE(s, "open failed: " << why(s));
    return *s;
  }

  int fd_of(const otpnet::socket& s) {
    return find_fd(SOCK_DGRAM, port_of(s), false);
  }

  std::string set(const otpnet::socket& s, inet::option opt) {
    return why(inet::setopts(self(), s, {opt}));
  }
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(multicast_suite, multicast_fixture)

BOOST_AUTO_TEST_CASE(a_joined_ipv4_group_gets_the_datagrams_sent_to_it) {
  BOOST_TEST_MESSAGE("Ensure that {add_membership, {Group, 127.0.0.1}} at "
                     "open joins the group on lo, that a datagram sent to "
                     "the group through multicast_if 127.0.0.1 reaches the "
                     "member with its sender, and that drop_membership "
                     "leaves the group");
  BOOST_REQUIRE_EQUAL(joined_on_lo(group4), 0);
  // Bound to the group itself: it receives that group's datagrams only,
  // and no unicast from any interface.
  auto r = open({inet::ip{group4}, inet::active(false),
                 inet::add_membership({group4, lo4})});
  BOOST_TEST(joined_on_lo(group4) == 1);
  auto s = open({inet::ip{lo4}, inet::multicast_if(lo4),
                 inet::multicast_loop(true), inet::multicast_ttl(0)});
  auto sent = gen_udp::send(self(), s, group4, port_of(r), binary{"hello"});
  BOOST_REQUIRE_MESSAGE(sent, why(sent));
  auto d = gen_udp::recv(self(), r, 0, budget);
  BOOST_REQUIRE_MESSAGE(d, why(d));
  BOOST_TEST(d->data.to_string() == "hello");
  BOOST_TEST((d->ip == lo4));
  BOOST_TEST(d->port == port_of(s));
  BOOST_TEST(set(r, inet::drop_membership({group4, lo4})) == "ok");
  BOOST_TEST(joined_on_lo(group4) == 0);
  // Joined again by setopts, now by interface index.
  BOOST_TEST(set(r, inet::add_membership({group4, inet::ip_address::any_v4(),
                                          lo_index()}))
             == "ok");
  BOOST_TEST(joined_on_lo(group4) == 1);
  gen_udp::close(self(), r);
  BOOST_TEST(joined_on_lo(group4) == 0);
}

BOOST_AUTO_TEST_CASE(membership_errors_are_the_kernels) {
  BOOST_TEST_MESSAGE("Ensure that joining a group twice is eaddrinuse, "
                     "leaving one not joined eaddrnotavail, a unicast group "
                     "einval (OTP 25 answers ok to all three), that a "
                     "refusal keeps the named options before it, and that "
                     "membership is no getopts key");
  auto r = open({inet::ip{lo4}, inet::add_membership({group4, lo4})});
  BOOST_TEST(set(r, inet::add_membership({group4, lo4})) == "eaddrinuse");
  BOOST_TEST(set(r, inet::drop_membership({group4, lo4})) == "ok");
  BOOST_TEST(set(r, inet::drop_membership({group4, lo4})) == "eaddrnotavail");
  BOOST_TEST(set(r, inet::add_membership({lo4, lo4})) == "einval");
  auto both = inet::setopts(self(), r,
                            {inet::multicast_ttl(9),
                             inet::drop_membership({group4, lo4})});
  BOOST_TEST(why(both) == "eaddrnotavail");
  BOOST_TEST(int_option(fd_of(r), IPPROTO_IP, IP_MULTICAST_TTL) == 9);
  BOOST_TEST(opts_text(inet::getopts(self(), r, {n::add_membership}))
             == "error einval");
  // At open: the socket is not made.
  auto bad = gen_udp::open(self(), 0,
                           {inet::ip{lo4}, inet::add_membership({lo4, lo4})});
  BOOST_TEST(why(bad) == "einval");
  // The other family's group, and on TCP at all: einval before the kernel.
  BOOST_TEST(set(r, inet::add_membership({group6, 0})) == "einval");
  auto ls = listen({});
  BOOST_TEST(set(ls, inet::multicast_ttl(2)) == "einval");
  BOOST_TEST(set(ls, inet::add_membership({group4, lo4})) == "einval");
}

BOOST_AUTO_TEST_CASE(ipv4_sending_options_reach_the_descriptor) {
  BOOST_TEST_MESSAGE("Ensure that multicast_if, multicast_loop and "
                     "multicast_ttl at open and by setopts set "
                     "IP_MULTICAST_IF/LOOP/TTL, that getopts reads the "
                     "kernel's values (its defaults when never set) and "
                     "that -1 restores the default TTL");
  auto d = open({inet::ip{lo4}});
  BOOST_TEST(opts_text(inet::getopts(self(), d,
                                     {n::multicast_if, n::multicast_loop,
                                      n::multicast_ttl}))
             == "{multicast_if,{0,0,0,0}}{multicast_loop,true}"
                "{multicast_ttl,1}");
  auto s = open({inet::ip{lo4}, inet::multicast_if(lo4),
                 inet::multicast_loop(false), inet::multicast_ttl(3)});
  int fd = fd_of(s);
  BOOST_TEST(int_option(fd, IPPROTO_IP, IP_MULTICAST_LOOP) == 0);
  BOOST_TEST(int_option(fd, IPPROTO_IP, IP_MULTICAST_TTL) == 3);
  BOOST_TEST(opts_text(inet::getopts(self(), s,
                                     {n::multicast_if, n::multicast_loop,
                                      n::multicast_ttl}))
             == "{multicast_if,{127,0,0,1}}{multicast_loop,false}"
                "{multicast_ttl,3}");
  BOOST_TEST(set(s, inet::multicast_ttl(-1)) == "ok");
  BOOST_TEST(int_option(fd, IPPROTO_IP, IP_MULTICAST_TTL) == 1);
  BOOST_TEST(set(s, inet::multicast_loop(true)) == "ok");
  BOOST_TEST(int_option(fd, IPPROTO_IP, IP_MULTICAST_LOOP) == 1);
  BOOST_TEST(set(s, inet::multicast_if(inet::ip_address::any_v4())) == "ok");
  BOOST_TEST(opts_text(inet::getopts(self(), s, {n::multicast_if}))
             == "{multicast_if,{0,0,0,0}}");
  // An address no interface has: the kernel's eaddrnotavail (OTP 25: ok).
  BOOST_TEST(set(s, inet::multicast_if(inet::ip4_address{{192, 0, 2, 1}}))
             == "eaddrnotavail");
  BOOST_TEST(set(s, inet::multicast_if(lo_index())) == "ok");
  BOOST_TEST(set(s, inet::multicast_ttl(256)) == "einval");
  BOOST_TEST(set(s, inet::multicast_if(lo6)) == "einval");
}

BOOST_AUTO_TEST_CASE(ipv6_groups_and_sending_options) {
  BOOST_TEST_MESSAGE("Ensure that an IPv6 socket joins {Group, IfIndex} "
                     "(IPV6_ADD_MEMBERSHIP) with the kernel's errors, takes "
                     "an interface index for multicast_if, and maps "
                     "multicast_ttl/loop to IPV6_MULTICAST_HOPS/LOOP");
  BOOST_REQUIRE_EQUAL(joined_on_lo(group6), 0);
  auto r = open({inet::inet6, inet::ip{lo6},
                 inet::add_membership({group6, lo_index()})});
  BOOST_TEST(joined_on_lo(group6) == 1);
  BOOST_TEST(set(r, inet::add_membership({group6, lo_index()}))
             == "eaddrinuse");
  BOOST_TEST(set(r, inet::drop_membership({group6, lo_index()})) == "ok");
  BOOST_TEST(joined_on_lo(group6) == 0);
  BOOST_TEST(set(r, inet::drop_membership({group6, lo_index()}))
             == "eaddrnotavail");
  BOOST_TEST(set(r, inet::add_membership({group6, lo6})) == "einval");
  BOOST_TEST(set(r, inet::add_membership({group4, lo4})) == "einval");
  BOOST_TEST(set(r, inet::multicast_if(lo6)) == "einval");
  BOOST_TEST(set(r, inet::multicast_if(lo_index())) == "ok");
  BOOST_TEST(set(r, inet::multicast_ttl(5)) == "ok");
  BOOST_TEST(set(r, inet::multicast_loop(false)) == "ok");
  int fd = find_fd(SOCK_DGRAM, port_of(r), false);
  BOOST_TEST(int_option(fd, IPPROTO_IPV6, IPV6_MULTICAST_IF) == lo_index());
  BOOST_TEST(int_option(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS) == 5);
  BOOST_TEST(int_option(fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP) == 0);
  BOOST_TEST(opts_text(inet::getopts(self(), r,
                                     {n::multicast_if, n::multicast_loop,
                                      n::multicast_ttl}))
             == "{multicast_if," + std::to_string(lo_index())
                  + "}{multicast_loop,false}{multicast_ttl,5}");
}

BOOST_AUTO_TEST_SUITE_END()
