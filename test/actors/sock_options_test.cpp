// The socket module's kernel options over loopback: the socket, ip and
// ipv6 options of the spec's tables (003) that Linux has, each set and
// read back from the kernel, and the ones Linux refuses or answers only
// when connected.

#include <net/if.h>

#include <fstream>
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

const inet::ip_address group4 = inet::ip4_address{{239, 255, 78, 1}};
const inet::ip_address group6
  = inet::ip6_address{{0xff02, 0, 0, 0, 0, 0, 0x78, 1}};

int lo_index() {
  return static_cast<int>(::if_nametoindex("lo"));
}

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

BOOST_AUTO_TEST_CASE(ipv6_flowinfo_and_the_options_linux_refuses) {
  BOOST_TEST_MESSAGE("Ensure that {ipv6, flowinfo} is set and read back "
                     "on datagram and stream sockets, hoplimit and authhdr "
                     "answer enoprotoopt both ways, and dstopts, hopopts "
                     "and rthdr read false and refuse a flag with einval: "
                     "the kernel's answers, as OTP 25 gets them");
  for (auto s : {udp(sock::domain::inet6), open(sock::domain::inet6)}) {
    sock::option flowinfo{level::ipv6, name::flowinfo};
    BOOST_TEST(get(s, flowinfo) == "false");
    BOOST_TEST(round_trip(s, flowinfo, true) == "true");
    BOOST_TEST(round_trip(s, flowinfo, false) == "false");
    for (auto n : {name::hoplimit, name::authhdr}) {
      BOOST_TEST(get(s, {level::ipv6, n}) == "enoprotoopt");
      BOOST_TEST(round_trip(s, {level::ipv6, n}, true)
                 == "set: enoprotoopt");
    }
    for (auto n : {name::dstopts, name::hopopts, name::rthdr}) {
      BOOST_TEST(get(s, {level::ipv6, n}) == "false");
      BOOST_TEST(round_trip(s, {level::ipv6, n}, true) == "set: einval");
    }
    BOOST_TEST(why(sock::setopt(self(), s, flowinfo, 1)) == "einval");
    BOOST_TEST(ok(sock::close(self(), s)));
  }
}

BOOST_AUTO_TEST_CASE(multicast_groups_and_interfaces) {
  BOOST_TEST_MESSAGE("Ensure that {ip | ipv6, add_membership} joins a group "
                     "(eaddrinuse the second time), drop_membership leaves "
                     "it (eaddrnotavail when not joined), neither is read "
                     "back, multicast_if takes an IPv4 address or an IPv6 "
                     "interface index, mtu_discover its four atoms, and "
                     "values of the other family are einval");
  auto lo = inet::ip_address::loopback_v4();
  auto s = udp();
  sock::option add{level::ip, name::add_membership};
  sock::option drop{level::ip, name::drop_membership};
  BOOST_TEST(why(sock::setopt(self(), s, add, sock::ip_mreq{group4, lo}))
             == "ok");
  BOOST_TEST(why(sock::setopt(self(), s, add, sock::ip_mreq{group4, lo}))
             == "eaddrinuse");
  BOOST_TEST(get(s, add) == "einval");
  BOOST_TEST(why(sock::setopt(self(), s, drop, sock::ip_mreq{group4, lo}))
             == "ok");
  BOOST_TEST(why(sock::setopt(self(), s, drop, sock::ip_mreq{group4, lo}))
             == "eaddrnotavail");
  BOOST_TEST(why(sock::setopt(self(), s, add,
                              sock::ipv6_mreq{group6, lo_index()}))
             == "einval");
  sock::option mif{level::ip, name::multicast_if};
  BOOST_TEST(get(s, mif) == "{0,0,0,0}");
  BOOST_TEST(round_trip(s, mif, lo) == "{127,0,0,1}");
  BOOST_TEST(round_trip(s, mif, inet::ip_address::loopback_v6())
             == "set: einval");
  sock::option pmtu{level::ip, name::mtu_discover};
  for (auto p : {sock::pmtudisc::dont, sock::pmtudisc::do_,
                 sock::pmtudisc::probe, sock::pmtudisc::want})
    BOOST_TEST(round_trip(s, pmtu, p) == sock::to_string(p));
  BOOST_TEST(ok(sock::close(self(), s)));

  auto s6 = udp(sock::domain::inet6);
  sock::option add6{level::ipv6, name::add_membership};
  sock::option drop6{level::ipv6, name::drop_membership};
  sock::ipv6_mreq m6{group6, lo_index()};
  BOOST_TEST(why(sock::setopt(self(), s6, add6, m6)) == "ok");
  BOOST_TEST(why(sock::setopt(self(), s6, add6, m6)) == "eaddrinuse");
  BOOST_TEST(why(sock::setopt(self(), s6, drop6, m6)) == "ok");
  BOOST_TEST(why(sock::setopt(self(), s6, drop6, m6)) == "eaddrnotavail");
  BOOST_TEST(why(sock::setopt(self(), s6, add6, sock::ip_mreq{group4, lo}))
             == "einval");
  BOOST_TEST(why(sock::setopt(self(), s6, add6,
                              sock::ipv6_mreq{group4, lo_index()}))
             == "einval");
  BOOST_TEST(round_trip(s6, {level::ipv6, name::multicast_if}, lo_index())
             == std::to_string(lo_index()));
  BOOST_TEST(round_trip(s6, {level::ipv6, name::mtu_discover},
                        sock::pmtudisc::probe)
             == "probe");
  BOOST_TEST(ok(sock::close(self(), s6)));
}

BOOST_AUTO_TEST_CASE(msfilter_filters_a_joined_groups_sources) {
  BOOST_TEST_MESSAGE("Ensure that {ip, msfilter} on a joined group delivers "
                     "only the sources `include` lists, or all but those "
                     "`exclude` lists, that it is einval for a group not "
                     "joined, for `null` and on an IPv6 socket, enobufs "
                     "beyond the kernel's igmp_max_msf, and never read "
                     "back: the kernel's answers, as OTP 25 gets them");
  auto lo = inet::ip_address::loopback_v4();
  inet::ip_address other = inet::ip4_address{{127, 0, 0, 2}};
  auto r = open(sock::domain::inet, sock::type::dgram);
  BOOST_REQUIRE(sock::bind(self(), r, {inet::ip_address::any_v4(), 0}));
  auto port = name_of(r).port;
  BOOST_REQUIRE(sock::setopt(self(), r, {level::ip, name::add_membership},
                             sock::ip_mreq{group4, lo}));
  auto s = udp();
  BOOST_REQUIRE(sock::setopt(self(), s, {level::ip, name::multicast_if}, lo));
  sock::option msf{level::ip, name::msfilter};
  auto filter = [&](sock::msfilter_mode mode, inet::ip_address source) {
    return why(sock::setopt(self(), r, msf,
                            sock::ip_msfilter{group4, lo, mode, {source}}));
  };
  // Sends a datagram to the group, then one to r's own address: what r
  // reads first says whether the group's datagram passed the filter
  // (loopback delivers both inside sendto, in order).
  auto passes = [&](const std::string& text) {
    BOOST_REQUIRE(sock::sendto(self(), s, binary{text}, {group4, port}));
    BOOST_REQUIRE(sock::sendto(self(), s, binary{"mark"}, {lo, port}));
    auto d = sock::recvfrom(self(), r, 0, budget);
    BOOST_REQUIRE_MESSAGE(d, why(d));
    if (d->data.to_string() == "mark")
      return false;
    BOOST_TEST(d->data.to_string() == text);
    d = sock::recvfrom(self(), r, 0, budget);
    BOOST_REQUIRE_MESSAGE(d, why(d));
    BOOST_TEST(d->data.to_string() == "mark");
    return true;
  };
  BOOST_TEST(passes("joined"));
  BOOST_TEST(filter(sock::msfilter_mode::include, other) == "ok");
  BOOST_TEST(!passes("not listed"));
  BOOST_TEST(filter(sock::msfilter_mode::include, lo) == "ok");
  BOOST_TEST(passes("listed"));
  BOOST_TEST(filter(sock::msfilter_mode::exclude, lo) == "ok");
  BOOST_TEST(!passes("excluded"));
  BOOST_TEST(filter(sock::msfilter_mode::exclude, other) == "ok");
  BOOST_TEST(passes("not excluded"));
  sock::ip_msfilter f{inet::ip4_address{{239, 255, 78, 2}}, lo,
                      sock::msfilter_mode::include, {lo}};
  BOOST_TEST(why(sock::setopt(self(), r, msf, f)) == "einval");
  BOOST_TEST(why(sock::setopt(self(), r, msf, sock::null)) == "einval");
  int max_msf = 10; // the kernel's default, if /proc does not say
  std::ifstream{"/proc/sys/net/ipv4/igmp_max_msf"} >> max_msf;
  f.multiaddr = group4;
  f.slist.assign(static_cast<size_t>(max_msf) + 1, lo);
  BOOST_TEST(why(sock::setopt(self(), r, msf, f)) == "enobufs");
  BOOST_TEST(get(r, msf) == "einval");
  auto r6 = udp(sock::domain::inet6);
  f.slist = {lo};
  BOOST_TEST(why(sock::setopt(self(), r6, msf, f)) == "einval");
  for (auto& x : {r, s, r6})
    BOOST_TEST(ok(sock::close(self(), x)));
}

BOOST_AUTO_TEST_CASE(default_abort_and_bindtodevice) {
  BOOST_TEST_MESSAGE("Ensure that `default` restores {otp, rcvbuf} (8192), "
                     "the control buffers (1024) and the IPv6 hop limits "
                     "(the kernel's), and is einval elsewhere; that linger "
                     "`abort` reads back as OTP's map; and that "
                     "{socket, bindtodevice} binds to lo, unbinds with "
                     "\"\", and refuses an unknown or malformed name");
  auto s = udp(sock::domain::inet6);
  auto fresh = udp(sock::domain::inet6);
  for (auto [n, dflt] : {std::pair{name::rcvbuf, "8192"},
                         std::pair{name::rcvctrlbuf, "1024"},
                         std::pair{name::sndctrlbuf, "1024"}}) {
    BOOST_TEST(round_trip(s, {level::otp, n}, 100) == "100");
    BOOST_TEST(round_trip(s, {level::otp, n}, sock::use_default) == dflt);
  }
  for (auto n : {name::unicast_hops, name::multicast_hops}) {
    BOOST_TEST(round_trip(s, {level::ipv6, n}, 7) == "7");
    BOOST_TEST(round_trip(s, {level::ipv6, n}, sock::use_default)
               == get(fresh, {level::ipv6, n}));
  }
  BOOST_TEST(round_trip(s, {level::socket, name::priority}, sock::use_default)
             == "set: einval");
  BOOST_TEST(round_trip(s, {level::otp, name::use_registry},
                        sock::use_default)
             == "set: einval");
  sock::option dev{level::socket, name::bindtodevice};
  BOOST_TEST(get(s, dev) == "\"\"");
  BOOST_TEST(round_trip(s, dev, std::string{"lo"}) == "\"lo\"");
  BOOST_TEST(round_trip(s, dev, std::string{}) == "\"\"");
  BOOST_TEST(round_trip(s, dev, std::string{"nosuchdev0"}) == "set: enodev");
  BOOST_TEST(round_trip(s, dev, std::string(16, 'x')) == "set: einval");
  BOOST_TEST(round_trip(s, dev, std::string("l\0o", 3)) == "set: einval");
  BOOST_TEST(ok(sock::close(self(), s)));
  BOOST_TEST(ok(sock::close(self(), fresh)));
  auto t = open(sock::domain::inet);
  BOOST_TEST(round_trip(t, {level::socket, name::linger}, sock::linger_abort)
             == "#{linger => 0,onoff => true}");
  BOOST_TEST(ok(sock::close(self(), t)));
}

BOOST_AUTO_TEST_SUITE_END()
