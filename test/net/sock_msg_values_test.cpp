// socket:sendmsg/recvmsg's value types: which control messages sendmsg
// may send, the room they take, iov slicing and joining, and Erlang's
// printing of a received message.

#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "otpnet/sock/msg.hpp"

using namespace otpnet;
using namespace otpnet::sock;

BOOST_AUTO_TEST_SUITE(sock_msg_values_suite)

BOOST_AUTO_TEST_CASE(check_send_accepts_the_four_named_pairs_in_range) {
  BOOST_TEST_MESSAGE("Ensure that only {ip,tos} 0..255, {ip,ttl} 1..255, "
                     "{ipv6,tclass} and {ipv6,hoplimit} 0..255, or one of "
                     "them with non-empty raw data, may be sent");
  auto ok = [](cmsg c) { return check_send(c) == errc::ok; };
  BOOST_TEST(ok({level::ip, cmsg_type::tos, 0}));
  BOOST_TEST(ok({level::ip, cmsg_type::tos, 255}));
  BOOST_TEST(!ok({level::ip, cmsg_type::tos, 256}));
  BOOST_TEST(ok({level::ip, cmsg_type::ttl, 1}));
  BOOST_TEST(!ok({level::ip, cmsg_type::ttl, 0}));
  BOOST_TEST(ok({level::ipv6, cmsg_type::tclass, 255}));
  BOOST_TEST(!ok({level::ipv6, cmsg_type::tclass, -1}));
  BOOST_TEST(ok({level::ipv6, cmsg_type::hoplimit, 0}));
  BOOST_TEST(!ok({level::ip, cmsg_type::tclass, 1}));
  BOOST_TEST(!ok({level::ipv6, cmsg_type::ttl, 1}));
  BOOST_TEST(!ok({level::socket, cmsg_type::tos, 1}));
  BOOST_TEST(!ok({level::ip, cmsg_type::other, 1}));
  BOOST_TEST(!ok({level::ip, cmsg_type::pktinfo, 1}));
  BOOST_TEST(ok({level::ip, cmsg_type::tos, binary{"\x10"}}));
  BOOST_TEST(!ok({level::ip, cmsg_type::tos, binary{}}));
}

BOOST_AUTO_TEST_CASE(control_space_is_the_kernels_cmsg_space) {
  BOOST_TEST_MESSAGE("Ensure that the room a list takes is a 16-byte "
                     "header per message plus its data rounded up to 8 "
                     "(an int for a value), as CMSG_SPACE on Linux");
  BOOST_TEST(control_space({}) == 0u);
  BOOST_TEST(control_space({cmsg{level::ip, cmsg_type::tos, 1}}) == 24u);
  BOOST_TEST(control_space({cmsg{level::ip, cmsg_type::tos, 1},
                            cmsg{level::ip, cmsg_type::ttl, 1}})
             == 48u);
  BOOST_TEST(control_space({cmsg{level::ip, cmsg_type::tos,
                                 binary{"123456789"}}})
             == 32u);
}

BOOST_AUTO_TEST_CASE(iov_drop_slices_and_iov_join_concatenates) {
  BOOST_TEST_MESSAGE("Ensure that dropping the first N bytes of an iov "
                     "keeps the later binaries' boundaries (the first cut "
                     "in its middle), and that joining gives the bytes in "
                     "order");
  std::vector<binary> iov{binary{"abc"}, binary{}, binary{"defg"},
                          binary{"h"}};
  BOOST_TEST(iov_size(iov) == 8u);
  BOOST_TEST(iov_join(iov).to_string() == "abcdefgh");
  auto rest = iov_drop(iov, 4);
  BOOST_REQUIRE(rest.size() == 2u);
  BOOST_TEST(rest[0].to_string() == "efg");
  BOOST_TEST(rest[1].to_string() == "h");
  BOOST_TEST(iov_drop(iov, 3).size() == 2u);
  BOOST_TEST(iov_drop(iov, 8).empty());
  BOOST_TEST(iov_drop(iov, 100).empty());
  BOOST_TEST(iov_join({}).empty());
}

BOOST_AUTO_TEST_CASE(received_messages_print_as_erlang_maps) {
  BOOST_TEST_MESSAGE("Ensure that a received message prints as OTP 25's "
                     "shell prints recvmsg's map: keys in order, addr only "
                     "on a datagram, values after data");
  msg_recv m;
  m.addr = inet::socket_address{inet::ip_address::loopback_v4(), 59960};
  cmsg ttl{level::ip, cmsg_type::ttl, 7};
  int seven = 7;
  ttl.data = binary::copy_of(&seven, sizeof seven);
  cmsg tos{level::ip, cmsg_type::tos, 16};
  tos.data = binary{"\x10"};
  m.ctrl = {ttl, tos};
  m.iov = {binary{"abcd"}};
  BOOST_TEST(to_string(m)
             == "#{addr => #{addr => {127,0,0,1},family => inet,port => "
                "59960},ctrl => [#{data => <<7,0,0,0>>,level => ip,type => "
                "ttl,value => 7},#{data => <<16>>,level => ip,type => tos,"
                "value => 16}],flags => [],iov => [<<\"abcd\">>]}");
  msg_recv s;
  s.iov = {binary{"x"}};
  s.flags = {msg_flag::trunc, msg_flag::ctrunc};
  BOOST_TEST(to_string(s)
             == "#{ctrl => [],flags => [trunc,ctrunc],iov => [<<\"x\">>]}");
  cmsg other;
  other.type = cmsg_type::other;
  other.native_level = 0;
  other.native_type = 29;
  BOOST_TEST(to_string(other) == "#{data => <<>>,level => 0,type => 29}");
  cmsg where;
  where.type = cmsg_type::pktinfo;
  where.data = binary::copy_of("\x01\0\0\0\x7f\0\0\x01\x7f\0\0\x01", 12);
  where.info = pktinfo{inet::ip_address::loopback_v4(), 1,
                       inet::ip_address::loopback_v4()};
  BOOST_TEST(to_string(where)
             == "#{data => <<1,0,0,0,127,0,0,1,127,0,0,1>>,level => ip,type "
                "=> pktinfo,value => #{addr => {127,0,0,1},ifindex => 1,"
                "spec_dst => {127,0,0,1}}}");
  msg_recv six;
  six.addr = inet::socket_address{inet::ip_address::loopback_v6(), 5};
  BOOST_TEST(to_string(six)
             == "#{addr => #{addr => {0,0,0,0,0,0,0,1},family => inet6,"
                "flowinfo => 0,port => 5,scope_id => 0},ctrl => [],flags "
                "=> [],iov => []}");
  // A local sender: OTP 25's sockaddr_un() map; an abstract name prints
  // its bytes.
  msg_recv local;
  local.addr = inet::local_socket_address("/tmp/a.sock");
  BOOST_TEST(to_string(local)
             == "#{addr => #{family => local,path => <<\"/tmp/a.sock\">>},"
                "ctrl => [],flags => [],iov => []}");
  local.addr = inet::local_socket_address(std::string{"\0ab", 3});
  BOOST_TEST(to_string(local)
             == "#{addr => #{family => local,path => <<0,97,98>>},"
                "ctrl => [],flags => [],iov => []}");
}

BOOST_AUTO_TEST_SUITE_END()
