// inet's {ttl, N} (IP_TTL, gen_tcp and gen_udp), getopts' pktoptions (a
// TCP socket's ancillary data) and the other options getopts reads off the
// kernel (tos, priority, tclass), checked against the sockets' own
// descriptors and against what a peer's options put on the wire.

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <string>
#include <utility>

#include <boost/test/unit_test.hpp>

#include <otpnet/gen_udp.hpp>

#include "support/kernel_socket.hpp"
#include "support/loopback.hpp"

using namespace otpnet;
using namespace otpnet::test;

namespace {


/// IP_TTL of a fresh descriptor: the system's default (ip_default_ttl).
int default_ttl() {
  int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  int ttl = int_option(fd, IPPROTO_IP, IP_TTL);
  ::close(fd);
  return ttl;
}

std::string ttl_text(int ttl) {
  return "{ttl," + std::to_string(ttl) + "}";
}

} // namespace

struct ttl_fixture : loopback_fixture {
  /// A client that connected to `ls` with {tos, 32} and {ttl, 9} on its
  /// SYN, and the socket `ls` accepted for it.
  std::pair<otpnet::socket, otpnet::socket>
  accept_marked(const otpnet::socket& ls) {
    auto c = gen_tcp::connect(self(), "127.0.0.1", port_of(ls),
                              {inet::active(false), inet::tos(32),
                               inet::ttl(9)},
                              budget);
    BOOST_REQUIRE_MESSAGE(c, "connect failed: " << why(c));
    auto a = gen_tcp::accept(self(), ls, budget);
    BOOST_REQUIRE_MESSAGE(a, "accept failed: " << why(a));
    return {*c, *a};
  }
};

BOOST_FIXTURE_TEST_SUITE(ttl_pktoptions_suite, ttl_fixture)

BOOST_AUTO_TEST_CASE(ttl_reaches_the_kernel_and_getopts_reads_it) {
  BOOST_TEST_MESSAGE("Ensure that {ttl, N} in listen, connect, gen_udp:open "
                     "and setopts sets IP_TTL on the descriptor (an accepted "
                     "socket inherits its listen socket's, an IPv6 socket "
                     "takes it too), that -1 restores the default and that "
                     "getopts answers the kernel's value, set or not");
  auto ls = listen({inet::ttl(7), inet::active(false)});
  BOOST_TEST(int_option(find_fd(SOCK_STREAM, port_of(ls), false), IPPROTO_IP,
                        IP_TTL)
             == 7);
  BOOST_TEST(opts_text(inet::getopts(self(), ls, {n::ttl})) == ttl_text(7));
  auto [s, peer] = accept_peer(ls);
  int fd = find_fd(SOCK_STREAM, port_of(ls), true, local_port(peer.fd()));
  BOOST_TEST(int_option(fd, IPPROTO_IP, IP_TTL) == 7);
  BOOST_TEST(opts_text(inet::getopts(self(), s, {n::ttl})) == ttl_text(7));
  BOOST_REQUIRE(inet::setopts(self(), s, {inet::ttl(200)}));
  BOOST_TEST(int_option(fd, IPPROTO_IP, IP_TTL) == 200);
  BOOST_REQUIRE(inet::setopts(self(), s, {inet::ttl(-1)}));
  BOOST_TEST(int_option(fd, IPPROTO_IP, IP_TTL) == default_ttl());
  BOOST_TEST(opts_text(inet::getopts(self(), s, {n::ttl}))
             == ttl_text(default_ttl()));
  // Never set: the kernel's default, not an error.
  auto c = gen_tcp::connect(self(), "127.0.0.1", port_of(ls), {}, budget);
  BOOST_REQUIRE_MESSAGE(c, "connect failed: " << why(c));
  BOOST_TEST(opts_text(inet::getopts(self(), *c, {n::ttl}))
             == ttl_text(default_ttl()));
  auto c9 = gen_tcp::connect(self(), "127.0.0.1", port_of(ls),
                             {inet::ttl(9)}, budget);
  BOOST_REQUIRE_MESSAGE(c9, "connect failed: " << why(c9));
  BOOST_TEST(int_option(find_fd(SOCK_STREAM, port_of(*c9), true), IPPROTO_IP,
                        IP_TTL)
             == 9);
  auto u = gen_udp::open(self(), 0, {inet::ip{lo4}, inet::ttl(5)});
  BOOST_REQUIRE_MESSAGE(u, "open failed: " << why(u));
  int ufd = find_fd(SOCK_DGRAM, port_of(*u), false);
  BOOST_TEST(int_option(ufd, IPPROTO_IP, IP_TTL) == 5);
  BOOST_REQUIRE(inet::setopts(self(), *u, {inet::ttl(6)}));
  BOOST_TEST(int_option(ufd, IPPROTO_IP, IP_TTL) == 6);
  BOOST_TEST(opts_text(inet::getopts(self(), *u, {n::ttl})) == ttl_text(6));
  auto u6 = gen_udp::open(self(), 0, {inet::ip{lo6}, inet::ttl(4)});
  BOOST_REQUIRE_MESSAGE(u6, "open failed: " << why(u6));
  BOOST_TEST(int_option(find_fd(SOCK_DGRAM, port_of(*u6), false), IPPROTO_IP,
                        IP_TTL)
             == 4);
  BOOST_TEST(opts_text(inet::getopts(self(), *u6, {n::ttl})) == ttl_text(4));
}

BOOST_AUTO_TEST_CASE(ttl_outside_the_kernels_range_is_einval) {
  BOOST_TEST_MESSAGE("Ensure that a TTL other than -1 or 1..255 is einval "
                     "from listen, connect, gen_udp:open and setopts, and "
                     "that a refused setopts leaves the kernel's TTL as it "
                     "was");
  auto ls = listen({inet::active(false)});
  for (int64_t bad : {int64_t{0}, int64_t{-2}, int64_t{256}}) {
    BOOST_TEST_CONTEXT("ttl " << bad) {
      auto l = gen_tcp::listen(self(), 0, {inet::ip{lo4}, inet::ttl(bad)});
      BOOST_TEST(why(l) == "einval");
      auto c = gen_tcp::connect(self(), "127.0.0.1", port_of(ls),
                                {inet::ttl(bad)}, budget);
      BOOST_TEST(why(c) == "einval");
      auto u = gen_udp::open(self(), 0, {inet::ip{lo4}, inet::ttl(bad)});
      BOOST_TEST(why(u) == "einval");
    }
  }
  auto u = gen_udp::open(self(), 0, {inet::ip{lo4}, inet::ttl(33)});
  BOOST_REQUIRE(u);
  auto r = inet::setopts(self(), *u, {inet::ttl(44), inet::ttl(0)});
  BOOST_TEST(why(r) == "einval");
  BOOST_TEST(int_option(find_fd(SOCK_DGRAM, port_of(*u), false), IPPROTO_IP,
                        IP_TTL)
             == 33);
}

BOOST_AUTO_TEST_CASE(getopts_reads_tos_priority_and_tclass_off_the_kernel) {
  BOOST_TEST_MESSAGE("Ensure that getopts answers tos, priority and tclass "
                     "with the kernel's values as OTP 25 does: the defaults "
                     "when never set, a priority a new tos leaves alone, "
                     "what a raw option set last, tos on an IPv6 socket "
                     "too, and tclass left out on IPv4");
  auto ls = listen({inet::active(false)});
  BOOST_TEST(opts_text(inet::getopts(self(), ls, {n::tos, n::priority,
                                                  n::tclass}))
             == "{tos,0}{priority,0}");
  auto [s, peer] = accept_peer(ls);
  BOOST_TEST(opts_text(inet::getopts(self(), s, {n::tclass, n::tos}))
             == "{tos,0}");
  // Linux derives the priority from a new TOS (16 gives 6); as in OTP, a
  // tos leaves the priority as it was.
  BOOST_REQUIRE(inet::setopts(self(), s, {inet::tos(16)}));
  BOOST_TEST(opts_text(inet::getopts(self(), s, {n::tos, n::priority}))
             == "{tos,16}{priority,0}");
  BOOST_REQUIRE(inet::setopts(self(), s, {inet::priority(3)}));
  BOOST_REQUIRE(inet::setopts(self(), s, {inet::tos(8)}));
  BOOST_TEST(opts_text(inet::getopts(self(), s, {n::tos, n::priority}))
             == "{tos,8}{priority,3}");
  // A raw SO_PRIORITY after the named one: the kernel's is the answer.
  int v = 5;
  std::string five(sizeof(v), '\0');
  std::memcpy(five.data(), &v, sizeof(v));
  BOOST_REQUIRE(inet::setopts(self(), s,
                              {inet::priority(3),
                               inet::raw{SOL_SOCKET, SO_PRIORITY, five}}));
  BOOST_TEST(opts_text(inet::getopts(self(), s, {n::priority}))
             == "{priority,5}");
  auto u6 = gen_udp::open(self(), 0, {inet::ip{lo6}, inet::tos(16)});
  BOOST_REQUIRE_MESSAGE(u6, "open failed: " << why(u6));
  BOOST_TEST(int_option(find_fd(SOCK_DGRAM, port_of(*u6), false), IPPROTO_IP,
                        IP_TOS)
             == 16);
  BOOST_TEST(opts_text(inet::getopts(self(), *u6, {n::tos, n::priority,
                                                   n::tclass}))
             == "{tos,16}{priority,0}{tclass,0}");
}

BOOST_AUTO_TEST_CASE(pktoptions_reads_the_syns_ttl_and_tos_on_ipv4) {
  BOOST_TEST_MESSAGE("Ensure that getopts' pktoptions on an accepted IPv4 "
                     "socket with recvtos and recvttl answers the TTL and "
                     "TOS its peer's SYN carried, in the kernel's order (as "
                     "OTP 25 shows), only the values whose option is on, "
                     "and [] on a socket with none on");
  auto ls = listen({inet::active(false), inet::recvtos(true),
                    inet::recvttl(true)});
  auto [c, a] = accept_marked(ls);
  BOOST_TEST(opts_text(inet::getopts(self(), a, {n::pktoptions}))
             == "{pktoptions,[{ttl,9},{tos,32}]}");
  // Still there once data flowed; the client has no recv* option on.
  BOOST_REQUIRE(gen_tcp::send(self(), c, binary{"x"}));
  auto got = gen_tcp::recv(self(), a, 1, budget);
  BOOST_REQUIRE_MESSAGE(got, "recv failed: " << why(got));
  BOOST_TEST(got->to_string() == "x");
  BOOST_TEST(opts_text(inet::getopts(self(), a, {n::pktoptions, n::recvtos}))
             == "{pktoptions,[{ttl,9},{tos,32}]}{recvtos,true}");
  BOOST_TEST(opts_text(inet::getopts(self(), c, {n::pktoptions}))
             == "{pktoptions,[]}");
  BOOST_REQUIRE(inet::setopts(self(), a, {inet::recvtos(false)}));
  BOOST_TEST(opts_text(inet::getopts(self(), a, {n::pktoptions}))
             == "{pktoptions,[{ttl,9}]}");
}

BOOST_AUTO_TEST_CASE(pktoptions_reads_the_traffic_class_on_ipv6) {
  BOOST_TEST_MESSAGE("Ensure that pktoptions on an IPv6 socket with "
                     "recvtclass answers the traffic class of the packets "
                     "it received, over ::1");
  auto ls = gen_tcp::listen(self(), 0,
                            {inet::ip{lo6}, inet::active(false),
                             inet::recvtclass(true)});
  BOOST_REQUIRE_MESSAGE(ls, "listen failed: " << why(ls));
  auto c = gen_tcp::connect(self(), "::1", port_of(*ls),
                            {inet::inet6, inet::active(false),
                             inet::tclass(32)},
                            budget);
  BOOST_REQUIRE_MESSAGE(c, "connect failed: " << why(c));
  auto a = gen_tcp::accept(self(), *ls, budget);
  BOOST_REQUIRE_MESSAGE(a, "accept failed: " << why(a));
  BOOST_REQUIRE(gen_tcp::send(self(), *c, binary{"x"}));
  auto got = gen_tcp::recv(self(), *a, 1, budget);
  BOOST_REQUIRE_MESSAGE(got, "recv failed: " << why(got));
  BOOST_TEST(got->to_string() == "x");
  BOOST_TEST(opts_text(inet::getopts(self(), *a, {n::pktoptions}))
             == "{pktoptions,[{tclass,32}]}");
}

BOOST_AUTO_TEST_CASE(pktoptions_on_a_listen_socket_answers_the_kernel) {
  BOOST_TEST_MESSAGE("Ensure that getopts' pktoptions on a listen socket "
                     "answers as OTP 25 on Linux: [] with no recv* option "
                     "on; with recvttl and recvtos the kernel's values for "
                     "a socket that received no packet (its multicast TTL, "
                     "1, and TOS 0), before and after an accept that "
                     "carried other values");
  auto plain = listen({inet::active(false)});
  BOOST_TEST(opts_text(inet::getopts(self(), plain, {n::pktoptions}))
             == "{pktoptions,[]}");
  auto plain6 = gen_tcp::listen(self(), 0, {inet::ip{lo6}});
  BOOST_REQUIRE_MESSAGE(plain6, "listen failed: " << why(plain6));
  BOOST_TEST(opts_text(inet::getopts(self(), *plain6, {n::pktoptions}))
             == "{pktoptions,[]}");
  auto ls = listen({inet::active(false), inet::recvttl(true),
                    inet::recvtos(true)});
  BOOST_TEST(opts_text(inet::getopts(self(), ls, {n::pktoptions}))
             == "{pktoptions,[{ttl,1},{tos,0}]}");
  auto [c, a] = accept_marked(ls);
  BOOST_TEST(opts_text(inet::getopts(self(), a, {n::pktoptions}))
             == "{pktoptions,[{ttl,9},{tos,32}]}");
  BOOST_TEST(opts_text(inet::getopts(self(), ls, {n::pktoptions}))
             == "{pktoptions,[{ttl,1},{tos,0}]}");
}

BOOST_AUTO_TEST_CASE(pktoptions_is_read_only_and_tcp_only) {
  BOOST_TEST_MESSAGE("Ensure that pktoptions is einval in listen, connect "
                     "and setopts (it is the kernel's to say) and on a UDP "
                     "socket (a datagram brings its own ancillary data), "
                     "and that a refused list changes nothing");
  auto ls = listen({inet::active(false)});
  BOOST_TEST(why(gen_tcp::listen(self(), 0, {inet::pktoptions{}}))
             == "einval");
  BOOST_TEST(why(gen_tcp::connect(self(), "127.0.0.1", port_of(ls),
                                  {inet::pktoptions{}}, budget))
             == "einval");
  auto [s, peer] = accept_peer(ls);
  BOOST_TEST(why(inet::setopts(self(), s,
                               {inet::nodelay(true), inet::pktoptions{}}))
             == "einval");
  BOOST_TEST(opts_text(inet::getopts(self(), s, {n::nodelay}))
             == "{nodelay,false}");
  auto u = gen_udp::open(self(), 0, {inet::ip{lo4}, inet::recvtos(true)});
  BOOST_REQUIRE(u);
  BOOST_TEST(why(inet::getopts(self(), *u, {n::pktoptions})) == "einval");
  BOOST_TEST(why(gen_udp::open(self(), 0, {inet::pktoptions{}})) == "einval");
}

BOOST_AUTO_TEST_SUITE_END()
