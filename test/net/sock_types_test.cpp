// The socket module's value types: protocol defaults, the option table's
// rules (which {Level, Name} pairs exist, which are read-only, what kind
// and range of value each takes) and Erlang's printing.

#include <boost/test/unit_test.hpp>

#include <limits>

#include "otpnet/sock/types.hpp"

using namespace otpnet;
using namespace otpnet::sock;

namespace {

bool refused(const option& o, const value& v) {
  return check_set(o, v) == errc::einval;
}

} // namespace

BOOST_AUTO_TEST_SUITE(sock_types_suite)

BOOST_AUTO_TEST_CASE(protocol_defaults_follow_the_type) {
  BOOST_TEST_MESSAGE("Ensure that open/2's protocol is tcp for stream and "
                     "udp for dgram (`default` too), ip for a local socket, "
                     "and a mismatched one is eprotonosupport, as OTP 25's "
                     "socket:open answers");
  auto resolve = [](domain d, type t, protocol p) {
    auto r = resolve_protocol(d, t, p);
    return r ? std::string{to_string(*r)} : std::string{to_atom(r.error())};
  };
  for (auto d : {domain::inet, domain::inet6}) {
    BOOST_TEST(resolve(d, type::stream, protocol::ip) == "tcp");
    BOOST_TEST(resolve(d, type::stream, protocol::default_) == "tcp");
    BOOST_TEST(resolve(d, type::dgram, protocol::ip) == "udp");
    BOOST_TEST(resolve(d, type::dgram, protocol::udp) == "udp");
    BOOST_TEST(resolve(d, type::dgram, protocol::tcp) == "eprotonosupport");
    BOOST_TEST(resolve(d, type::stream, protocol::udp) == "eprotonosupport");
  }
  for (auto t : {type::stream, type::dgram, type::seqpacket}) {
    BOOST_TEST(resolve(domain::local, t, protocol::ip) == "ip");
    BOOST_TEST(resolve(domain::local, t, protocol::default_) == "ip");
    BOOST_TEST(resolve(domain::local, t, protocol::tcp) == "eprotonosupport");
    BOOST_TEST(resolve(domain::local, t, protocol::udp) == "eprotonosupport");
  }
  BOOST_TEST(to_string(domain::local) == "local");
  BOOST_TEST(to_string(protocol::default_) == "default");
}

BOOST_AUTO_TEST_CASE(seqpacket_is_local_only) {
  BOOST_TEST_MESSAGE("Ensure that seqpacket on inet or inet6 (SCTP's "
                     "type, which otpnet has not) is esocktnosupport with "
                     "any protocol, as a Linux without SCTP answers "
                     "socket(2), while a local seqpacket socket takes `ip`");
  auto resolve = [](domain d, protocol p) {
    auto r = resolve_protocol(d, type::seqpacket, p);
    return r ? std::string{to_string(*r)} : std::string{to_atom(r.error())};
  };
  for (auto d : {domain::inet, domain::inet6})
    for (auto p : {protocol::ip, protocol::default_, protocol::tcp,
                   protocol::udp})
      BOOST_TEST(resolve(d, p) == "esocktnosupport");
  BOOST_TEST(resolve(domain::local, protocol::default_) == "ip");
}

BOOST_AUTO_TEST_CASE(type_names_round_trip) {
  BOOST_TEST_MESSAGE("Ensure that every type prints as its Erlang atom and "
                     "parses back, seqpacket too, that other text (raw and "
                     "rdm, which otpnet has not, or another case) is "
                     "nullopt, and that dgram and seqpacket keep records");
  for (auto t : {type::stream, type::dgram, type::seqpacket}) {
    auto back = type_from_string(to_string(t));
    BOOST_TEST((back && *back == t));
    BOOST_TEST(to_string(value{t}) == to_string(t));
  }
  BOOST_TEST(to_string(type::seqpacket) == "seqpacket");
  BOOST_TEST((type_from_string("seqpacket") == type::seqpacket));
  for (auto text : {"raw", "rdm", "", "Seqpacket", "seqpacket "})
    BOOST_TEST(!type_from_string(text));
  BOOST_TEST(!keeps_records(type::stream));
  BOOST_TEST(keeps_records(type::dgram));
  BOOST_TEST(keeps_records(type::seqpacket));
}

BOOST_AUTO_TEST_CASE(option_table_rules) {
  BOOST_TEST_MESSAGE("Ensure that only the table's {Level, Name} pairs "
                     "exist, read-only ones refuse setopt, and each takes "
                     "one kind of value within its range");
  BOOST_TEST(traits({level::tcp, name::nodelay}).known);
  BOOST_TEST(!traits({level::ip, name::nodelay}).known);
  BOOST_TEST(!traits({level::udp, name::rcvbuf}).known);
  BOOST_TEST((check_get({level::ip, name::nodelay}) == errc::einval));
  BOOST_TEST((check_get({level::socket, name::type}) == errc::ok));
  BOOST_TEST(refused({level::socket, name::type}, type::dgram));
  BOOST_TEST(refused({level::socket, name::acceptconn}, true));
  BOOST_TEST(refused({level::otp, name::use_registry}, false));
  BOOST_TEST((check_set({level::tcp, name::nodelay}, true) == errc::ok));
  BOOST_TEST(refused({level::tcp, name::nodelay}, 1));
  BOOST_TEST(refused({level::socket, name::reuseaddr}, 1));
  BOOST_TEST(refused({level::socket, name::rcvbuf}, 0));
  BOOST_TEST(refused({level::otp, name::rcvbuf}, -5));
  BOOST_TEST((check_set({level::ip, name::tos}, 255) == errc::ok));
  BOOST_TEST(refused({level::ip, name::tos}, 256));
  BOOST_TEST(refused({level::ip, name::ttl}, 0));
  BOOST_TEST((check_set({level::ipv6, name::unicast_hops}, -1) == errc::ok));
  BOOST_TEST(refused({level::ipv6, name::unicast_hops}, -2));
  BOOST_TEST(refused({level::socket, name::linger}, linger{true, -1}));
  BOOST_TEST((check_set({level::socket, name::linger}, linger{true, 0})
              == errc::ok));
}

BOOST_AUTO_TEST_CASE(recvmsg_and_sendmsg_options) {
  BOOST_TEST_MESSAGE("Ensure that the options recvmsg and sendmsg rely on "
                     "exist with their kinds and ranges: the recv* flags, "
                     "{ipv6, tclass} -1..255, the otp control buffers "
                     "1..64 KiB");
  for (auto o : {option{level::ip, name::recvtos},
                 option{level::ip, name::recvttl},
                 option{level::ipv6, name::recvtclass},
                 option{level::ipv6, name::recvhoplimit}}) {
    BOOST_TEST((check_set(o, true) == errc::ok));
    BOOST_TEST(refused(o, 1));
    BOOST_TEST((check_get(o) == errc::ok));
  }
  BOOST_TEST(!traits({level::ip, name::recvtclass}).known);
  BOOST_TEST(!traits({level::ipv6, name::recvtos}).known);
  option tclass{level::ipv6, name::tclass};
  BOOST_TEST((check_set(tclass, -1) == errc::ok));
  BOOST_TEST((check_set(tclass, 255) == errc::ok));
  BOOST_TEST(refused(tclass, 256));
  BOOST_TEST(refused(tclass, -2));
  for (auto n : {name::rcvctrlbuf, name::sndctrlbuf}) {
    option o{level::otp, n};
    BOOST_TEST((check_set(o, 1) == errc::ok));
    BOOST_TEST((check_set(o, 65536) == errc::ok));
    BOOST_TEST(refused(o, 0));
    BOOST_TEST(refused(o, 65537));
    BOOST_TEST(!traits({level::socket, n}).known);
  }
  BOOST_TEST(to_string(option{level::otp, name::rcvctrlbuf})
             == "{otp,rcvctrlbuf}");
  BOOST_TEST(to_string(option{level::ipv6, name::recvhoplimit})
             == "{ipv6,recvhoplimit}");
}

BOOST_AUTO_TEST_CASE(linux_kernel_options_of_the_spec_tables) {
  BOOST_TEST_MESSAGE("Ensure that the socket, ip and ipv6 options of the "
                     "spec's tables that Linux has exist at their levels "
                     "with their kinds and ranges, mtu read-only");
  for (auto o : {option{level::socket, name::priority},
                 option{level::socket, name::rcvlowat},
                 option{level::socket, name::sndlowat},
                 option{level::socket, name::debug}}) {
    BOOST_TEST((check_set(o, 0) == errc::ok));
    BOOST_TEST(refused(o, -1));
    BOOST_TEST(refused(o, true));
  }
  for (auto n : {name::freebind, name::multicast_loop, name::nodefrag,
                 name::pktinfo, name::recverr, name::recvopts,
                 name::retopts, name::transparent})
    BOOST_TEST((check_set({level::ip, n}, true) == errc::ok));
  for (auto n : {name::multicast_loop, name::recverr, name::recvpktinfo})
    BOOST_TEST((check_set({level::ipv6, n}, false) == errc::ok));
  for (auto n : {name::flowinfo, name::hoplimit, name::authhdr,
                 name::dstopts, name::hopopts, name::rthdr}) {
    BOOST_TEST((check_set({level::ipv6, n}, true) == errc::ok));
    BOOST_TEST((check_get({level::ipv6, n}) == errc::ok));
    BOOST_TEST(refused({level::ipv6, n}, 1));
    BOOST_TEST(!traits({level::ip, n}).known);
  }
  option peek_off{level::socket, name::peek_off};
  BOOST_TEST((check_set(peek_off, -2) == errc::ok)); // as OTP 25 and Linux
  BOOST_TEST((check_set(peek_off, 1 << 30) == errc::ok));
  BOOST_TEST((check_get(peek_off) == errc::ok));
  BOOST_TEST(refused(peek_off, true));
  BOOST_TEST(to_string(peek_off) == "{socket,peek_off}");
  BOOST_TEST(to_string(option{level::ipv6, name::flowinfo})
             == "{ipv6,flowinfo}");
  BOOST_TEST(to_string(option{level::ipv6, name::rthdr}) == "{ipv6,rthdr}");
  BOOST_TEST(!traits({level::ipv6, name::pktinfo}).known);
  BOOST_TEST(!traits({level::ip, name::recvpktinfo}).known);
  BOOST_TEST((check_set({level::ip, name::minttl}, 255) == errc::ok));
  BOOST_TEST(refused({level::ip, name::minttl}, 256));
  BOOST_TEST((check_set({level::ip, name::multicast_ttl}, 0) == errc::ok));
  BOOST_TEST(refused({level::ip, name::multicast_ttl}, 256));
  BOOST_TEST((check_set({level::ipv6, name::multicast_hops}, -1)
              == errc::ok));
  BOOST_TEST(refused({level::ipv6, name::multicast_hops}, 256));
  for (auto l : {level::ip, level::ipv6}) {
    BOOST_TEST((check_get({l, name::mtu}) == errc::ok));
    BOOST_TEST(refused({l, name::mtu}, 1500));
  }
  BOOST_TEST(to_string(option{level::ipv6, name::mtu}) == "{ipv6,mtu}");
  BOOST_TEST(to_string(option{level::ip, name::multicast_ttl})
             == "{ip,multicast_ttl}");
}

BOOST_AUTO_TEST_CASE(multicast_device_and_default_values) {
  BOOST_TEST_MESSAGE("Ensure that memberships are set-only and take the "
                     "map of their level's family, multicast_if an IPv4 "
                     "address (ip) or an index (ipv6), bindtodevice a name "
                     "of at most 15 bytes without NUL, mtu_discover its "
                     "atoms, and `default` only the otp buffers and IPv6 "
                     "hop limits");
  inet::ip_address g4 = inet::ip4_address{{239, 1, 2, 3}};
  inet::ip_address g6 = inet::ip6_address{{0xff02, 0, 0, 0, 0, 0, 0, 1}};
  auto lo = inet::ip_address::loopback_v4();
  for (auto n : {name::add_membership, name::drop_membership}) {
    option ip{level::ip, n};
    option ip6{level::ipv6, n};
    BOOST_TEST((check_set(ip, ip_mreq{g4, lo}) == errc::ok));
    BOOST_TEST((check_get(ip) == errc::einval));
    BOOST_TEST(refused(ip, ip_mreq{g6, lo}));
    BOOST_TEST(refused(ip, ip_mreq{g4, g6}));
    BOOST_TEST(refused(ip, ipv6_mreq{g6, 1}));
    BOOST_TEST((check_set(ip6, ipv6_mreq{g6, 1}) == errc::ok));
    BOOST_TEST((check_get(ip6) == errc::einval));
    BOOST_TEST(refused(ip6, ipv6_mreq{g4, 1}));
    BOOST_TEST(refused(ip6, ipv6_mreq{g6, -1}));
    BOOST_TEST(refused(ip6, ip_mreq{g4, lo}));
  }
  BOOST_TEST((check_set({level::ip, name::multicast_if}, lo) == errc::ok));
  BOOST_TEST(refused({level::ip, name::multicast_if}, g6));
  BOOST_TEST(refused({level::ip, name::multicast_if}, 1));
  BOOST_TEST((check_set({level::ipv6, name::multicast_if}, 1) == errc::ok));
  BOOST_TEST(refused({level::ipv6, name::multicast_if}, g6));
  option dev{level::socket, name::bindtodevice};
  BOOST_TEST((check_set(dev, std::string(15, 'x')) == errc::ok));
  BOOST_TEST((check_set(dev, std::string{}) == errc::ok));
  BOOST_TEST(refused(dev, std::string(16, 'x')));
  BOOST_TEST(refused(dev, std::string("l\0o", 3)));
  BOOST_TEST((check_get(dev) == errc::ok));
  for (auto l : {level::ip, level::ipv6}) {
    BOOST_TEST((check_set({l, name::mtu_discover}, pmtudisc::do_)
                == errc::ok));
    BOOST_TEST(refused({l, name::mtu_discover}, static_cast<pmtudisc>(4)));
    BOOST_TEST(refused({l, name::mtu_discover}, 2));
  }
  for (auto o : {option{level::otp, name::rcvbuf},
                 option{level::otp, name::rcvctrlbuf},
                 option{level::otp, name::sndctrlbuf},
                 option{level::ipv6, name::unicast_hops},
                 option{level::ipv6, name::multicast_hops}})
    BOOST_TEST((check_set(o, use_default) == errc::ok));
  for (auto o : {option{level::otp, name::use_registry},
                 option{level::socket, name::rcvbuf},
                 option{level::ip, name::ttl},
                 option{level::socket, name::linger}})
    BOOST_TEST(refused(o, use_default));
  BOOST_TEST((check_set({level::socket, name::linger}, linger_abort)
              == errc::ok));
}

BOOST_AUTO_TEST_CASE(otp_rcvbuf_takes_count_and_size) {
  BOOST_TEST_MESSAGE("Ensure that {otp, rcvbuf} takes the tuple {Count, "
                     "Size} with both 1 or more and their product at most "
                     "INT_MAX, that no other option takes it, and that it "
                     "prints as Erlang's tuple");
  option rcvbuf{level::otp, name::rcvbuf};
  BOOST_TEST((check_set(rcvbuf, rcvbuf_reads{3, 1000}) == errc::ok));
  BOOST_TEST((check_set(rcvbuf, rcvbuf_reads{1, 1}) == errc::ok));
  int max = std::numeric_limits<int>::max();
  BOOST_TEST((check_set(rcvbuf, rcvbuf_reads{1, max}) == errc::ok));
  BOOST_TEST(refused(rcvbuf, rcvbuf_reads{2, max}));
  BOOST_TEST(refused(rcvbuf, rcvbuf_reads{max, 2}));
  BOOST_TEST(refused(rcvbuf, rcvbuf_reads{0, 1000}));
  BOOST_TEST(refused(rcvbuf, rcvbuf_reads{1, 0}));
  BOOST_TEST(refused(rcvbuf, rcvbuf_reads{-1, 5}));
  BOOST_TEST(refused(rcvbuf, rcvbuf_reads{5, -1}));
  BOOST_TEST(refused({level::socket, name::rcvbuf}, rcvbuf_reads{3, 1000}));
  BOOST_TEST(refused({level::otp, name::rcvctrlbuf}, rcvbuf_reads{3, 1000}));
  BOOST_TEST(to_string(value{rcvbuf_reads{3, 1000}}) == "{3,1000}");
}

BOOST_AUTO_TEST_CASE(msfilter_takes_null_or_an_ipv4_filter) {
  BOOST_TEST_MESSAGE("Ensure that {ip, msfilter} is set only, takes `null` "
                     "or an ip_msfilter whose group, interface and sources "
                     "are all IPv4 (any number of sources: the kernel "
                     "bounds them), that no other option takes either, and "
                     "that both print as Erlang's terms");
  option msf{level::ip, name::msfilter};
  inet::ip_address g4 = inet::ip4_address{{239, 1, 2, 3}};
  auto lo = inet::ip_address::loopback_v4();
  auto lo6 = inet::ip_address::loopback_v6();
  ip_msfilter f{g4, lo, msfilter_mode::include, {lo}};
  BOOST_TEST((check_set(msf, f) == errc::ok));
  BOOST_TEST((check_set(msf, null) == errc::ok));
  BOOST_TEST((check_set(msf, ip_msfilter{g4, lo, msfilter_mode::exclude,
                                         {}})
              == errc::ok));
  BOOST_TEST((check_set(msf, ip_msfilter{g4, lo, msfilter_mode::include,
                                         std::vector<inet::ip_address>(
                                           100, lo)})
              == errc::ok));
  BOOST_TEST((check_get(msf) == errc::einval));
  BOOST_TEST(refused(msf, ip_msfilter{lo6, lo, msfilter_mode::include, {}}));
  BOOST_TEST(refused(msf, ip_msfilter{g4, lo6, msfilter_mode::include, {}}));
  BOOST_TEST(refused(msf, ip_msfilter{g4, lo, msfilter_mode::include,
                                      {lo, lo6}}));
  BOOST_TEST(refused(msf, ip_msfilter{g4, lo,
                                      static_cast<msfilter_mode>(2), {}}));
  BOOST_TEST(refused(msf, ip_mreq{g4, lo}));
  BOOST_TEST(refused(msf, use_default));
  BOOST_TEST(!traits({level::ipv6, name::msfilter}).known);
  BOOST_TEST(refused({level::ip, name::add_membership}, null));
  BOOST_TEST(refused({level::ip, name::add_membership}, f));
  BOOST_TEST(to_string(msf) == "{ip,msfilter}");
  BOOST_TEST(to_string(value{null}) == "null");
  BOOST_TEST(to_string(value{f})
             == "#{interface => {127,0,0,1},mode => include,multiaddr => "
                "{239,1,2,3},slist => [{127,0,0,1}]}");
  f.mode = msfilter_mode::exclude;
  f.slist.push_back(g4);
  BOOST_TEST(to_string(value{f})
             == "#{interface => {127,0,0,1},mode => exclude,multiaddr => "
                "{239,1,2,3},slist => [{127,0,0,1},{239,1,2,3}]}");
}

BOOST_AUTO_TEST_CASE(printing_as_erlang) {
  BOOST_TEST_MESSAGE("Ensure that options and values print as Erlang "
                     "terms");
  BOOST_TEST(to_string(option{level::socket, name::reuseaddr})
             == "{socket,reuseaddr}");
  BOOST_TEST(to_string(option{level::otp, name::rcvbuf}) == "{otp,rcvbuf}");
  BOOST_TEST(to_string(option{level::ipv6, name::v6only}) == "{ipv6,v6only}");
  BOOST_TEST(to_string(value{false}) == "false");
  BOOST_TEST(to_string(value{8192}) == "8192");
  BOOST_TEST(to_string(value{linger{false, 0}})
             == "#{linger => 0,onoff => false}");
  BOOST_TEST(to_string(value{domain::inet6}) == "inet6");
  BOOST_TEST(to_string(value{type::dgram}) == "dgram");
  BOOST_TEST(to_string(value{protocol::tcp}) == "tcp");
  BOOST_TEST(to_string(value{std::string{"lo"}}) == "\"lo\"");
  BOOST_TEST(to_string(value{inet::ip_address::loopback_v4()})
             == "{127,0,0,1}");
  inet::ip_address g4 = inet::ip4_address{{239, 1, 2, 3}};
  BOOST_TEST(to_string(value{ip_mreq{g4, inet::ip_address::any_v4()}})
             == "#{interface => {0,0,0,0},multiaddr => {239,1,2,3}}");
  BOOST_TEST(to_string(value{ipv6_mreq{
               inet::ip6_address{{0xff02, 0, 0, 0, 0, 0, 0, 1}}, 2}})
             == "#{interface => 2,multiaddr => {65282,0,0,0,0,0,0,1}}");
  BOOST_TEST(to_string(value{pmtudisc::do_}) == "do");
  BOOST_TEST(to_string(value{use_default}) == "default");
  BOOST_TEST(to_string(value{linger_abort})
             == "#{linger => 0,onoff => true}");
  BOOST_TEST(to_string(option{level::ipv6, name::add_membership})
             == "{ipv6,add_membership}");
  BOOST_TEST(to_string(option{level::socket, name::bindtodevice})
             == "{socket,bindtodevice}");
}

BOOST_AUTO_TEST_SUITE_END()
