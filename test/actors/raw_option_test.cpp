// inet's {raw, Protocol, OptionNum, ValueBin} (setopts, listen, connect,
// gen_udp:open) and getopts' {raw, Protocol, OptionNum, ValueSpec}, checked
// against the socket's own descriptor. The options used are Linux's:
// TCP_LINGER2 (the spec's own example), SO_PRIORITY, IPV6_UNICAST_HOPS.

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <cstring>
#include <string>

#include <boost/test/unit_test.hpp>

#include <otpnet/gen_udp.hpp>

#include "support/kernel_socket.hpp"
#include "support/loopback.hpp"

using namespace otpnet;
using namespace otpnet::test;
using inet::raw_request;

namespace {


/// An int in native byte order, as Erlang's <<V:32/native>>.
std::string native(int v) {
  std::string out(sizeof(v), '\0');
  std::memcpy(out.data(), &v, sizeof(v));
  return out;
}

inet::raw linger2(int seconds) {
  return inet::raw{IPPROTO_TCP, TCP_LINGER2, native(seconds)};
}

inet::raw priority(int value) {
  return inet::raw{SOL_SOCKET, SO_PRIORITY, native(value)};
}

/// How getopts prints a 4-byte raw answer for TCP_LINGER2.
std::string linger2_text(int seconds) {
  return inet::to_string(inet::option{linger2(seconds)});
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(raw_option_suite, loopback_fixture)

BOOST_AUTO_TEST_CASE(raw_options_at_open_reach_the_kernel) {
  BOOST_TEST_MESSAGE("Ensure that raw options given to listen, connect and "
                     "gen_udp:open are set on the new descriptor, that an "
                     "accepted socket has its listen socket's (the kernel "
                     "copies them, as OTP shows), and that getopts reads "
                     "them back with a raw request");
  auto ls = listen({linger2(30), inet::active(false)});
  int lfd = find_fd(SOCK_STREAM, port_of(ls), false);
  BOOST_TEST(int_option(lfd, IPPROTO_TCP, TCP_LINGER2) == 30);
  BOOST_TEST(opts_text(inet::getopts(self(), ls, {raw_request{6, 8, 4}}))
             == "{raw,6,8,<<30,0,0,0>>}");
  auto [s, peer] = accept_peer(ls);
  int fd = find_fd(SOCK_STREAM, port_of(ls), true, local_port(peer.fd()));
  BOOST_TEST(int_option(fd, IPPROTO_TCP, TCP_LINGER2) == 30);
  BOOST_TEST(opts_text(inet::getopts(self(), s, {raw_request{6, 8, 4}}))
             == linger2_text(30));
  auto c = gen_tcp::connect(self(), "127.0.0.1", port_of(ls),
                            {priority(3), linger2(20)}, budget);
  BOOST_REQUIRE_MESSAGE(c, "connect failed: " << why(c));
  int cfd = find_fd(SOCK_STREAM, port_of(*c), true);
  BOOST_TEST(int_option(cfd, SOL_SOCKET, SO_PRIORITY) == 3);
  BOOST_TEST(int_option(cfd, IPPROTO_TCP, TCP_LINGER2) == 20);
  auto u = gen_udp::open(self(), 0, {inet::ip{lo4}, priority(4)});
  BOOST_REQUIRE_MESSAGE(u, "open failed: " << why(u));
  BOOST_TEST(int_option(find_fd(SOCK_DGRAM, port_of(*u), false), SOL_SOCKET,
                        SO_PRIORITY)
             == 4);
  raw_request get_priority{SOL_SOCKET, SO_PRIORITY, 4};
  BOOST_TEST(opts_text(inet::getopts(self(), *u, {get_priority}))
             == inet::to_string(inet::option{priority(4)}));
  // IPv6 on ::1: a raw IPPROTO_IPV6 option.
  auto u6 = gen_udp::open(self(), 0,
                          {inet::ip{lo6}, inet::raw{IPPROTO_IPV6,
                                                    IPV6_UNICAST_HOPS,
                                                    native(9)}});
  BOOST_REQUIRE_MESSAGE(u6, "open failed: " << why(u6));
  BOOST_TEST(int_option(find_fd(SOCK_DGRAM, port_of(*u6), false),
                        IPPROTO_IPV6, IPV6_UNICAST_HOPS)
             == 9);
  // Traffic still flows on the sockets opened with raw options.
  BOOST_REQUIRE(gen_tcp::send(self(), s, binary{"raw"}));
  BOOST_TEST(peer.read_exact(3).value_or("") == "raw");
}

BOOST_AUTO_TEST_CASE(setopts_sets_raw_options_in_order_after_named_ones) {
  BOOST_TEST_MESSAGE("Ensure that setopts sets each raw option with its own "
                     "setsockopt in list order (the last of two on one "
                     "option stays) after the named options of the same "
                     "list, on connected, listen and UDP sockets");
  auto ls = listen({inet::active(false)});
  auto [s, peer] = accept_peer(ls);
  int fd = find_fd(SOCK_STREAM, port_of(ls), true, local_port(peer.fd()));
  BOOST_REQUIRE(inet::setopts(self(), s,
                              {linger2(40), inet::nodelay(true), linger2(41)}));
  BOOST_TEST(int_option(fd, IPPROTO_TCP, TCP_LINGER2) == 41);
  BOOST_TEST(int_option(fd, IPPROTO_TCP, TCP_NODELAY) == 1);
  // A raw option follows the named ones: here it overrides {priority, 2}.
  BOOST_REQUIRE(inet::setopts(self(), s, {priority(6), inet::priority(2)}));
  BOOST_TEST(int_option(fd, SOL_SOCKET, SO_PRIORITY) == 6);
  BOOST_REQUIRE(inet::setopts(self(), ls, {linger2(50)}));
  BOOST_TEST(int_option(find_fd(SOCK_STREAM, port_of(ls), false), IPPROTO_TCP,
                        TCP_LINGER2)
             == 50);
  BOOST_TEST(opts_text(inet::getopts(self(), ls, {raw_request{6, 8, 4}}))
             == linger2_text(50));
  auto u = gen_udp::open(self(), 0, {inet::ip{lo4}});
  BOOST_REQUIRE(u);
  BOOST_REQUIRE(inet::setopts(self(), *u, {priority(5)}));
  BOOST_TEST(int_option(find_fd(SOCK_DGRAM, port_of(*u), false), SOL_SOCKET,
                        SO_PRIORITY)
             == 5);
  // The socket still works after raw setopts.
  BOOST_REQUIRE(gen_tcp::send(self(), s, binary{"ok"}));
  BOOST_TEST(peer.read_exact(2).value_or("") == "ok");
}

BOOST_AUTO_TEST_CASE(getopts_answers_raw_requests_in_place) {
  BOOST_TEST_MESSAGE("Ensure that getopts answers raw requests among named "
                     "options in list order, with the bytes the kernel "
                     "wrote (cut to a short buffer, the option's length for "
                     "a long one, empty for size 0, an input binary's size "
                     "as the room), leaves out one the kernel refuses, and "
                     "is einval for a size over 65535 or raw by name");
  auto ls = listen({inet::active(false), linger2(31)});
  auto [s, peer] = accept_peer(ls);
  BOOST_TEST(
    opts_text(inet::getopts(self(), s,
                            {n::nodelay, raw_request{6, 8, 4},
                             raw_request{6, 8, std::string(4, '\0')},
                             n::packet}))
    == "{nodelay,false}{raw,6,8,<<31,0,0,0>>}{raw,6,8,<<31,0,0,0>>}"
       "{packet,0}");
  BOOST_TEST(opts_text(inet::getopts(self(), s, {raw_request{6, 8, 2}}))
             == "{raw,6,8,<<31,0>>}");
  BOOST_TEST(opts_text(inet::getopts(self(), s, {raw_request{6, 8, 8}}))
             == "{raw,6,8,<<31,0,0,0>>}");
  BOOST_TEST(opts_text(inet::getopts(self(), s, {raw_request{6, 8, 0}}))
             == "{raw,6,8,<<>>}");
  // TCP_INFO: a structure, read into a buffer of its size.
  auto info = inet::getopts(self(), s, {raw_request{IPPROTO_TCP, TCP_INFO,
                                                    sizeof(tcp_info)}});
  BOOST_REQUIRE(info);
  BOOST_REQUIRE(info->size() == 1u);
  BOOST_TEST(std::get<inet::raw>(info->front()).value.size()
             == sizeof(tcp_info));
  // Refused by the kernel: left out, the rest answered.
  BOOST_TEST(opts_text(inet::getopts(self(), s, {raw_request{6, 9999, 4},
                                                 n::nodelay,
                                                 raw_request{-1, 8, 4}}))
             == "{nodelay,false}");
  BOOST_TEST(opts_text(inet::getopts(self(), s, {raw_request{6, 8, 65536}}))
             == "error einval");
  BOOST_TEST(opts_text(inet::getopts(self(), s, {raw_request{6, 8, -1}}))
             == "error einval");
  BOOST_TEST(opts_text(inet::getopts(self(), s, {n::raw})) == "error einval");
  BOOST_TEST(opts_text(inet::getopts(self(), s, {n::nodelay, n::raw}))
             == "error einval");
}

BOOST_AUTO_TEST_CASE(a_refused_raw_option_is_an_error) {
  BOOST_TEST_MESSAGE("Ensure that a raw option the kernel refuses fails "
                     "setopts, listen, connect and gen_udp:open with the "
                     "kernel's error (OTP 25 ignores it: otpnet says so), "
                     "that the named options of the failed setopts stay in "
                     "force, and that numbers outside a C int are einval "
                     "before anything is set");
  auto ls = listen({inet::active(false)});
  auto [s, peer] = accept_peer(ls);
  int fd = find_fd(SOCK_STREAM, port_of(ls), true, local_port(peer.fd()));
  inet::raw unknown{IPPROTO_TCP, 9999, native(1)};
  BOOST_TEST(why(inet::setopts(self(), s, {inet::nodelay(true), unknown}))
             == "enoprotoopt");
  BOOST_TEST(int_option(fd, IPPROTO_TCP, TCP_NODELAY) == 1);
  BOOST_TEST(opts_text(inet::getopts(self(), s, {n::nodelay}))
             == "{nodelay,true}");
  // A value of the wrong size: the kernel's einval.
  BOOST_TEST(why(inet::setopts(self(), s, {inet::raw{IPPROTO_TCP,
                                                     TCP_LINGER2, "x"}}))
             == "einval");
  BOOST_TEST(why(inet::setopts(self(), s, {inet::nodelay(false),
                                           inet::raw{int64_t{1} << 40, 8,
                                                     native(1)}}))
             == "einval");
  BOOST_TEST(int_option(fd, IPPROTO_TCP, TCP_NODELAY) == 1);
  BOOST_TEST(why(gen_tcp::listen(self(), 0, {inet::ip{lo4}, unknown}))
             == "enoprotoopt");
  BOOST_TEST(why(gen_tcp::connect(self(), "127.0.0.1", port_of(ls), {unknown},
                                  budget))
             == "enoprotoopt");
  BOOST_TEST(why(gen_udp::open(self(), 0, {inet::ip{lo4}, unknown}))
             == "enoprotoopt");
  // The socket is unharmed.
  BOOST_REQUIRE(gen_tcp::send(self(), s, binary{"still"}));
  BOOST_TEST(peer.read_exact(5).value_or("") == "still");
}

BOOST_AUTO_TEST_SUITE_END()
