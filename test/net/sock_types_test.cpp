// The socket module's value types: protocol defaults, the option table's
// rules (which {Level, Name} pairs exist, which are read-only, what kind
// and range of value each takes) and Erlang's printing.

#include <boost/test/unit_test.hpp>

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
                     "udp for dgram, and a mismatched one is "
                     "eprotonosupport");
  BOOST_TEST((*resolve_protocol(type::stream, protocol::ip) == protocol::tcp));
  BOOST_TEST((*resolve_protocol(type::dgram, protocol::ip) == protocol::udp));
  BOOST_TEST((*resolve_protocol(type::dgram, protocol::udp) == protocol::udp));
  BOOST_TEST((resolve_protocol(type::dgram, protocol::tcp).error()
              == errc::eprotonosupport));
  BOOST_TEST((resolve_protocol(type::stream, protocol::udp).error()
              == errc::eprotonosupport));
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
}

BOOST_AUTO_TEST_SUITE_END()
