// The kernel switches and counters of inet:setopts/2 that reach the OS:
// broadcast (UDP), dontroute, reuseport, keepidle/keepintvl/keepcnt (TCP).
// Each is checked where the kernel shows it: a refusal, a second bind, or
// the kernel's own limits turning into einval.

#include <string>

#include <boost/test/unit_test.hpp>

#include <otpnet/gen_udp.hpp>

#include "support/loopback.hpp"

using namespace otpnet;
using namespace otpnet::test;

namespace {

const inet::ip_address lo = inet::ip_address::loopback_v4();

std::string text_of(const caf::expected<std::vector<inet::option>>& x) {
  if (!x)
    return "error";
  std::string out;
  for (const auto& o : *x)
    out += to_string(o);
  return out;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(kernel_options_suite, loopback_fixture)

BOOST_AUTO_TEST_CASE(a_listen_socket_reads_its_buffers_from_the_kernel) {
  BOOST_TEST_MESSAGE("Ensure that getopts recbuf and sndbuf on a listen "
                     "socket answer the kernel's sizes (twice the size "
                     "set, as Linux keeps it), as OTP 25 does, not einval");
  using n = inet::option_name;
  auto ls = listen({inet::recbuf(4096), inet::sndbuf(8192)});
  BOOST_TEST(opts_text(inet::getopts(self(), ls, {n::recbuf, n::sndbuf}))
             == "{recbuf,8192}{sndbuf,16384}");
  auto plain = listen();
  auto got = inet::getopts(self(), plain, {n::recbuf});
  BOOST_REQUIRE(got);
  BOOST_REQUIRE(got->size() == 1u);
  BOOST_TEST(std::get<inet::recbuf>(got->front()).value > 0);
}

BOOST_AUTO_TEST_CASE(broadcast_gates_sends_to_a_broadcast_address) {
  BOOST_TEST_MESSAGE("Ensure that without {broadcast, true} the kernel "
                     "refuses a datagram to 255.255.255.255 (eacces, "
                     "nothing sent), that getopts reports the switch, and "
                     "that TCP refuses the option");
  auto s = gen_udp::open(self(), 0, {inet::ip{lo}});
  BOOST_REQUIRE(s);
  auto all = inet::ip_address{inet::ip4_address{{255, 255, 255, 255}}};
  BOOST_TEST(why(gen_udp::send(self(), *s, all, 9, binary{"x"})) == "eacces");
  BOOST_TEST(text_of(inet::getopts(self(), *s, {inet::option_name::broadcast}))
             == "{broadcast,false}");
  BOOST_REQUIRE(inet::setopts(self(), *s, {inet::broadcast(true)}));
  BOOST_TEST(text_of(inet::getopts(self(), *s, {inet::option_name::broadcast}))
             == "{broadcast,true}");
  BOOST_TEST(why(gen_tcp::listen(self(), 0, {inet::broadcast(true)}))
             == "einval");
  auto ls = listen();
  BOOST_TEST(why(inet::getopts(self(), ls, {inet::option_name::broadcast}))
             == "einval");
}

BOOST_AUTO_TEST_CASE(reuseport_lets_two_sockets_share_a_port) {
  BOOST_TEST_MESSAGE("Ensure that two UDP sockets (and two listen sockets) "
                     "with {reuseport, true} bind the same port, and "
                     "without it the second is eaddrinuse");
  auto a = gen_udp::open(self(), 0, {inet::ip{lo}, inet::reuseport(true)});
  BOOST_REQUIRE(a);
  auto port = port_of(*a);
  auto b = gen_udp::open(self(), port, {inet::ip{lo}, inet::reuseport(true)});
  BOOST_TEST(why(b) == "ok");
  BOOST_TEST(why(gen_udp::open(self(), port, {inet::ip{lo}}))
             == "eaddrinuse");
  auto l1 = listen({inet::reuseport(true)});
  auto lport = port_of(l1);
  BOOST_TEST(why(gen_tcp::listen(self(), lport, {inet::ip{lo},
                                                 inet::reuseport(true)}))
             == "ok");
  BOOST_TEST(why(gen_tcp::listen(self(), lport, {inet::ip{lo}}))
             == "eaddrinuse");
}

BOOST_AUTO_TEST_CASE(keepalive_counters_reach_the_kernel) {
  BOOST_TEST_MESSAGE("Ensure that keepidle, keepintvl and keepcnt are set on "
                     "listen and accepted sockets and reported by getopts, "
                     "that values past the kernel's limits are einval "
                     "(so they do reach it), and that UDP refuses them");
  auto ls = listen({inet::keepalive(true), inet::keepidle(30),
                    inet::keepintvl(5), inet::keepcnt(3)});
  auto [s, peer] = accept_peer(ls);
  BOOST_TEST(text_of(inet::getopts(self(), s, {inet::option_name::keepidle,
                                               inet::option_name::keepintvl,
                                               inet::option_name::keepcnt}))
             == "{keepidle,30}{keepintvl,5}{keepcnt,3}");
  BOOST_REQUIRE(inet::setopts(self(), s, {inet::keepcnt(9)}));
  // Linux: TCP_KEEPCNT at most 127, TCP_KEEPIDLE at most 32767 seconds.
  BOOST_TEST(why(inet::setopts(self(), s, {inet::keepcnt(1000)})) == "einval");
  BOOST_TEST(why(inet::setopts(self(), s, {inet::keepidle(40000)}))
             == "einval");
  BOOST_TEST(text_of(inet::getopts(self(), s, {inet::option_name::keepcnt}))
             == "{keepcnt,9}");
  BOOST_TEST(why(gen_udp::open(self(), 0, {inet::keepidle(30)})) == "einval");
  BOOST_TEST(why(gen_tcp::listen(self(), 0, {inet::keepcnt(0)})) == "einval");
}

BOOST_AUTO_TEST_CASE(dontroute_keeps_loopback_traffic_flowing) {
  BOOST_TEST_MESSAGE("Ensure that {dontroute, true} is accepted on TCP and "
                     "UDP sockets, reported by getopts, and loopback "
                     "traffic still flows (it needs no route)");
  auto ls = listen({inet::dontroute(true), inet::active(false)});
  auto [s, peer] = accept_peer(ls);
  BOOST_TEST(text_of(inet::getopts(self(), s, {inet::option_name::dontroute}))
             == "{dontroute,true}");
  BOOST_REQUIRE(gen_tcp::send(self(), s, binary{"hi"}));
  BOOST_TEST(peer.read_exact(2).value_or("") == "hi");
  auto a = gen_udp::open(self(), 0, {inet::ip{lo}, inet::dontroute(true),
                                     inet::active(false)});
  BOOST_REQUIRE(a);
  BOOST_REQUIRE(gen_udp::send(self(), *a, lo, port_of(*a), binary{"self"}));
  auto d = gen_udp::recv(self(), *a, 0, budget);
  BOOST_REQUIRE(d);
  BOOST_TEST(d->data.to_string() == "self");
}

BOOST_AUTO_TEST_SUITE_END()
