// {ipv6_v6only, Boolean} (spec 004, setopts/2): set before an IPv6
// socket binds, and read back from the kernel by getopts, with OTP 25's
// answers (checked by escript): true on a socket bound to a specific IPv6
// address (Linux sets it in bind, whatever was given) and on what it
// accepts, the kernel's default (false) on one bound to the any address
// or not bound, the value given there, and left out on IPv4 sockets.

#include <string>

#include <boost/test/unit_test.hpp>

#include <otpnet/gen_udp.hpp>

#include "support/loopback.hpp"

using namespace otpnet;
using namespace otpnet::test;

BOOST_FIXTURE_TEST_SUITE(ipv6_v6only_suite, loopback_fixture)

BOOST_AUTO_TEST_CASE(getopts_reads_the_kernels_value_as_otp_does) {
  BOOST_TEST_MESSAGE("Ensure that getopts answers ipv6_v6only from the "
                     "kernel: true on a listen socket bound to ::1 and on "
                     "the socket it accepts (even when false was given: "
                     "Linux's bind sets it), false on an unbound "
                     "connecting socket and on ::, the value given there, "
                     "and nothing on IPv4 sockets");
  auto v6only = [&](const otpnet::socket& s) {
    return opts_text(inet::getopts(self(), s, {n::ipv6_v6only}));
  };
  auto ls = gen_tcp::listen(self(), 0, {inet::inet6, inet::ip{lo6}});
  BOOST_REQUIRE(ls);
  BOOST_TEST(v6only(*ls) == "{ipv6_v6only,true}");
  auto c = gen_tcp::connect(self(), lo6, port_of(*ls), {inet::inet6}, budget);
  BOOST_REQUIRE(c);
  auto a = gen_tcp::accept(self(), *ls, budget);
  BOOST_REQUIRE(a);
  BOOST_TEST(v6only(*c) == "{ipv6_v6only,false}");
  BOOST_TEST(v6only(*a) == "{ipv6_v6only,true}");
  auto any = gen_tcp::listen(self(), 0, {inet::inet6});
  BOOST_REQUIRE(any);
  BOOST_TEST(v6only(*any) == "{ipv6_v6only,false}");
  auto given = gen_tcp::listen(self(), 0, {inet::inet6, inet::ip{lo6},
                                           inet::ipv6_v6only(false)});
  BOOST_REQUIRE(given);
  BOOST_TEST(v6only(*given) == "{ipv6_v6only,true}");
  auto any_only = gen_tcp::listen(self(), 0, {inet::inet6,
                                              inet::ipv6_v6only(true)});
  BOOST_REQUIRE(any_only);
  BOOST_TEST(v6only(*any_only) == "{ipv6_v6only,true}");
  auto c_only = gen_tcp::connect(self(), lo6, port_of(*any_only),
                                 {inet::inet6, inet::ipv6_v6only(true)},
                                 budget);
  BOOST_REQUIRE(c_only);
  BOOST_TEST(v6only(*c_only) == "{ipv6_v6only,true}");
  auto ls4 = listen();
  auto [s4, peer] = accept_peer(ls4);
  BOOST_TEST(v6only(ls4).empty());
  BOOST_TEST(v6only(s4).empty());
  auto u6 = gen_udp::open(self(), 0, {inet::inet6});
  auto u6lo = gen_udp::open(self(), 0, {inet::ip{lo6}});
  auto u4 = gen_udp::open(self(), 0, {inet::ip{lo4}});
  BOOST_REQUIRE((u6 && u6lo && u4));
  BOOST_TEST(v6only(*u6) == "{ipv6_v6only,false}");
  BOOST_TEST(v6only(*u6lo) == "{ipv6_v6only,true}");
  BOOST_TEST(v6only(*u4).empty());
}

BOOST_AUTO_TEST_CASE(an_ipv6_literal_makes_an_ipv6_socket_record) {
  BOOST_TEST_MESSAGE("Ensure that a connect to an IPv6 address without the "
                     "inet6 option (the address picks the family) makes a "
                     "socket that getopts and i() know as IPv6");
  auto ls = gen_tcp::listen(self(), 0, {inet::inet6, inet::ip{lo6}});
  BOOST_REQUIRE(ls);
  auto c = gen_tcp::connect(self(), lo6, port_of(*ls), {}, budget);
  BOOST_REQUIRE(c);
  auto by_text = gen_tcp::connect(self(), "::1", port_of(*ls), {}, budget);
  BOOST_REQUIRE(by_text);
  for (const auto& s : {*c, *by_text}) {
    BOOST_TEST(opts_text(inet::getopts(self(), s, {n::ipv6_v6only,
                                                   n::recvtclass}))
               == "{ipv6_v6only,false}{recvtclass,false}");
    auto info = inet::info(self(), s);
    BOOST_REQUIRE(info);
    BOOST_TEST((info->address_family == inet::inet6));
  }
}

BOOST_AUTO_TEST_CASE(a_v6only_listener_refuses_ipv4_clients) {
  BOOST_TEST_MESSAGE("Ensure that an IPv6 listen socket on :: takes an "
                     "IPv4 client by default (dual stack) and refuses it "
                     "with {ipv6_v6only, true}");
  auto dual = gen_tcp::listen(self(), 0, {inet::inet6});
  BOOST_REQUIRE(dual);
  auto c4 = gen_tcp::connect(self(), lo4, port_of(*dual), {}, budget);
  BOOST_TEST(why(c4) == "ok");
  auto only = gen_tcp::listen(self(), 0, {inet::inet6,
                                          inet::ipv6_v6only(true)});
  BOOST_REQUIRE(only);
  BOOST_TEST(why(gen_tcp::connect(self(), lo4, port_of(*only), {}, budget))
             == "econnrefused");
  BOOST_TEST(why(gen_tcp::connect(self(), lo6, port_of(*only), {inet::inet6},
                                  budget))
             == "ok");
}

BOOST_AUTO_TEST_SUITE_END()
