// The Linux socket options of inet:setopts/2 that otpnet hands to the
// kernel: nopush (TCP_CORK), user_timeout (TCP_USER_TIMEOUT), tclass
// (IPV6_TCLASS), reuseport_lb (SO_REUSEPORT, reuseport's twin),
// bind_to_device (SO_BINDTODEVICE) and recvtos, recvttl, recvtclass
// (IP_RECVTOS, IP_RECVTTL, IPV6_RECVTCLASS). Each is checked on the
// socket's own descriptor, found among the process's descriptors by its
// address.

#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <string>

#include <boost/test/unit_test.hpp>

#include <otpnet/gen_udp.hpp>

#include "support/kernel_socket.hpp"
#include "support/loopback.hpp"

using namespace otpnet;
using namespace otpnet::test;

namespace {


std::string device_of(int fd) {
  char name[IFNAMSIZ] = {};
  socklen_t len = sizeof(name);
  if (fd < 0 || ::getsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, name, &len) != 0)
    return "<unreadable>";
  return std::string(name, strnlen(name, len));
}

/// What this process may do with SO_BINDTODEVICE, asked of the kernel on
/// a scratch socket: bind to lo at all (Linux >= 5.7 lets anyone bind an
/// unbound socket), and change a binding (needs CAP_NET_RAW).
struct device_rights {
  bool bind = false;
  bool rebind = false;
};

device_rights device_rights_here() {
  device_rights out;
  int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  out.bind = ::setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, "lo", 2) == 0;
  out.rebind = out.bind
               && ::setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, "", 0) == 0;
  ::close(fd);
  return out;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(linux_options_suite, loopback_fixture)

BOOST_AUTO_TEST_CASE(nopush_corks_the_socket) {
  BOOST_TEST_MESSAGE("Ensure that {nopush, true} sets TCP_CORK on listen, "
                     "accepted and connected sockets, getopts reports it, "
                     "setopts clears it, and UDP refuses it");
  auto ls = listen({inet::nopush(true)});
  BOOST_TEST(int_option(find_fd(SOCK_STREAM, port_of(ls), false),
                        IPPROTO_TCP, TCP_CORK)
             == 1);
  auto [s, peer] = accept_peer(ls);
  int fd = find_fd(SOCK_STREAM, port_of(ls), true, local_port(peer.fd()));
  BOOST_TEST(int_option(fd, IPPROTO_TCP, TCP_CORK) == 1);
  BOOST_TEST(opts_text(inet::getopts(self(), s, {n::nopush}))
             == "{nopush,true}");
  BOOST_REQUIRE(inet::setopts(self(), s, {inet::nopush(false)}));
  BOOST_TEST(int_option(fd, IPPROTO_TCP, TCP_CORK) == 0);
  BOOST_TEST(opts_text(inet::getopts(self(), s, {n::nopush}))
             == "{nopush,false}");
  // Uncorked, the data goes out at once.
  BOOST_REQUIRE(gen_tcp::send(self(), s, binary{"hi"}));
  BOOST_TEST(peer.read_exact(2).value_or("") == "hi");
  auto c = gen_tcp::connect(self(), "127.0.0.1", port_of(ls),
                            {inet::nopush(true)}, budget);
  BOOST_REQUIRE_MESSAGE(c, "connect failed: " << why(c));
  BOOST_TEST(int_option(find_fd(SOCK_STREAM, port_of(*c), true), IPPROTO_TCP,
                        TCP_CORK)
             == 1);
  BOOST_TEST(why(gen_udp::open(self(), 0, {inet::nopush(true)})) == "einval");
}

BOOST_AUTO_TEST_CASE(user_timeout_reaches_the_kernel) {
  BOOST_TEST_MESSAGE("Ensure that {user_timeout, Ms} sets TCP_USER_TIMEOUT "
                     "on accepted and connected sockets, getopts reports "
                     "it, a negative value is einval and changes nothing, "
                     "and UDP refuses it");
  auto ls = listen({inet::user_timeout(1234)});
  auto [s, peer] = accept_peer(ls);
  int fd = find_fd(SOCK_STREAM, port_of(ls), true, local_port(peer.fd()));
  BOOST_TEST(int_option(fd, IPPROTO_TCP, TCP_USER_TIMEOUT) == 1234);
  BOOST_TEST(opts_text(inet::getopts(self(), s, {n::user_timeout}))
             == "{user_timeout,1234}");
  BOOST_REQUIRE(inet::setopts(self(), s, {inet::user_timeout(0)}));
  BOOST_TEST(int_option(fd, IPPROTO_TCP, TCP_USER_TIMEOUT) == 0);
  BOOST_TEST(why(inet::setopts(self(), s, {inet::user_timeout(-1)}))
             == "einval");
  BOOST_TEST(opts_text(inet::getopts(self(), s, {n::user_timeout}))
             == "{user_timeout,0}");
  auto c = gen_tcp::connect(self(), "127.0.0.1", port_of(ls),
                            {inet::user_timeout(777)}, budget);
  BOOST_REQUIRE_MESSAGE(c, "connect failed: " << why(c));
  BOOST_TEST(int_option(find_fd(SOCK_STREAM, port_of(*c), true), IPPROTO_TCP,
                        TCP_USER_TIMEOUT)
             == 777);
  BOOST_TEST(why(gen_udp::open(self(), 0, {inet::user_timeout(5)}))
             == "einval");
}

BOOST_AUTO_TEST_CASE(tclass_marks_ipv6_sockets_only) {
  BOOST_TEST_MESSAGE("Ensure that {tclass, C} sets IPV6_TCLASS on IPv6 TCP "
                     "and UDP sockets, getopts reads the kernel (TCP keeps "
                     "the ECN bits its own; -1 means the default, 0), and "
                     "that IPv4 sockets and values outside -1..255 are "
                     "einval, as in OTP 25, getopts on IPv4 leaving it out");
  auto ls = gen_tcp::listen(self(), 0, {inet::ip{lo6}, inet::tclass(32)});
  BOOST_REQUIRE_MESSAGE(ls, "listen failed: " << why(ls));
  auto peer = raw_peer::connect(port_of(*ls), true);
  BOOST_REQUIRE(peer);
  auto s = gen_tcp::accept(self(), *ls, budget);
  BOOST_REQUIRE(s);
  int fd = find_fd(SOCK_STREAM, port_of(*ls), true, local_port(peer->fd()));
  BOOST_TEST(int_option(fd, IPPROTO_IPV6, IPV6_TCLASS) == 32);
  BOOST_TEST(opts_text(inet::getopts(self(), *s, {n::tclass}))
             == "{tclass,32}");
  BOOST_REQUIRE(inet::setopts(self(), *s, {inet::tclass(7)}));
  BOOST_TEST(int_option(fd, IPPROTO_IPV6, IPV6_TCLASS) == 4);
  BOOST_TEST(opts_text(inet::getopts(self(), *s, {n::tclass}))
             == "{tclass,4}");
  BOOST_REQUIRE(inet::setopts(self(), *s, {inet::tclass(-1)}));
  BOOST_TEST(opts_text(inet::getopts(self(), *s, {n::tclass}))
             == "{tclass,0}");
  BOOST_TEST(why(inet::setopts(self(), *s, {inet::tclass(256)}))
             == "einval");
  auto u = gen_udp::open(self(), 0, {inet::ip{lo6}, inet::tclass(40)});
  BOOST_REQUIRE_MESSAGE(u, "open failed: " << why(u));
  BOOST_TEST(int_option(find_fd(SOCK_DGRAM, port_of(*u), false), IPPROTO_IPV6,
                        IPV6_TCLASS)
             == 40);
  BOOST_TEST(opts_text(inet::getopts(self(), *u, {n::tclass}))
             == "{tclass,40}");
  // IPv4: OTP 25 answers einval at open and in setopts.
  BOOST_TEST(why(gen_udp::open(self(), 0, {inet::ip{lo4}, inet::tclass(8)}))
             == "einval");
  BOOST_TEST(why(gen_tcp::listen(self(), 0, {inet::ip{lo4}, inet::tclass(8)}))
             == "einval");
  auto u4 = gen_udp::open(self(), 0, {inet::ip{lo4}});
  BOOST_REQUIRE(u4);
  BOOST_TEST(why(inet::setopts(self(), *u4, {inet::tclass(8)})) == "einval");
  // getopts leaves it out there, as OTP 25 does (its getsockopt fails).
  BOOST_TEST(opts_text(inet::getopts(self(), *u4, {n::tclass, n::priority}))
             == "{priority,0}");
}

BOOST_AUTO_TEST_CASE(reuseport_lb_is_reuseport_on_linux) {
  BOOST_TEST_MESSAGE("Ensure that {reuseport_lb, true} lets two UDP and two "
                     "listen sockets bind one port, sets SO_REUSEPORT, and "
                     "that reuseport and reuseport_lb read back what the "
                     "other set (one kernel option)");
  auto a = gen_udp::open(self(), 0, {inet::ip{lo4}, inet::reuseport_lb(true)});
  BOOST_REQUIRE(a);
  auto port = port_of(*a);
  auto b = gen_udp::open(self(), port,
                         {inet::ip{lo4}, inet::reuseport_lb(true)});
  BOOST_TEST(why(b) == "ok");
  BOOST_TEST(why(gen_udp::open(self(), port, {inet::ip{lo4}}))
             == "eaddrinuse");
  BOOST_TEST(opts_text(inet::getopts(self(), *a, {n::reuseport,
                                                  n::reuseport_lb}))
             == "{reuseport,true}{reuseport_lb,true}");
  BOOST_REQUIRE(inet::setopts(self(), *a, {inet::reuseport(false)}));
  BOOST_TEST(opts_text(inet::getopts(self(), *a, {n::reuseport,
                                                  n::reuseport_lb}))
             == "{reuseport,false}{reuseport_lb,false}");
  if (b)
    BOOST_REQUIRE(gen_udp::close(self(), *b));
  BOOST_TEST(int_option(find_fd(SOCK_DGRAM, port, false), SOL_SOCKET,
                        SO_REUSEPORT)
             == 0);
  auto l1 = listen({inet::reuseport_lb(true)});
  auto lport = port_of(l1);
  BOOST_TEST(int_option(find_fd(SOCK_STREAM, lport, false), SOL_SOCKET,
                        SO_REUSEPORT)
             == 1);
  BOOST_TEST(why(gen_tcp::listen(self(), lport, {inet::ip{lo4},
                                                 inet::reuseport_lb(true)}))
             == "ok");
  BOOST_TEST(why(gen_tcp::listen(self(), lport, {inet::ip{lo4}}))
             == "eaddrinuse");
}

BOOST_AUTO_TEST_CASE(bind_to_device_binds_to_an_interface) {
  BOOST_TEST_MESSAGE("Ensure that {bind_to_device, <<\"lo\">>} sets "
                     "SO_BINDTODEVICE on listen, connected and UDP sockets "
                     "and loopback traffic flows, or is eperm where the "
                     "kernel refuses it; an unknown interface is einval (as "
                     "in OTP 25), a name past IFNAMSIZ - 1 einval");
  auto rights = device_rights_here();
  BOOST_TEST_MESSAGE("SO_BINDTODEVICE here: bind " << rights.bind
                                                   << ", rebind "
                                                   << rights.rebind);
  auto ls = gen_tcp::listen(self(), 0, {inet::ip{lo4},
                                        inet::bind_to_device("lo"),
                                        inet::active(false)});
  if (!rights.bind) {
    BOOST_TEST(why(ls) == "eperm");
    return;
  }
  BOOST_REQUIRE_MESSAGE(ls, "listen failed: " << why(ls));
  BOOST_TEST(device_of(find_fd(SOCK_STREAM, port_of(*ls), false)) == "lo");
  BOOST_TEST(opts_text(inet::getopts(self(), *ls, {n::bind_to_device}))
             == "{bind_to_device,<<\"lo\">>}");
  auto c = gen_tcp::connect(self(), "127.0.0.1", port_of(*ls),
                            {inet::bind_to_device("lo")}, budget);
  BOOST_REQUIRE_MESSAGE(c, "connect failed: " << why(c));
  BOOST_TEST(device_of(find_fd(SOCK_STREAM, port_of(*c), true)) == "lo");
  auto s = gen_tcp::accept(self(), *ls, budget);
  BOOST_REQUIRE(s);
  BOOST_REQUIRE(gen_tcp::send(self(), *c, binary{"via lo"}));
  auto got = gen_tcp::recv(self(), *s, 6, budget);
  BOOST_REQUIRE(got);
  BOOST_TEST(got->to_string() == "via lo");
  auto u = gen_udp::open(self(), 0, {inet::ip{lo4}, inet::active(false),
                                     inet::bind_to_device("lo")});
  BOOST_REQUIRE_MESSAGE(u, "open failed: " << why(u));
  BOOST_TEST(device_of(find_fd(SOCK_DGRAM, port_of(*u), false)) == "lo");
  BOOST_REQUIRE(gen_udp::send(self(), *u, lo4, port_of(*u), binary{"d"}));
  auto d = gen_udp::recv(self(), *u, 0, budget);
  BOOST_REQUIRE(d);
  BOOST_TEST(d->data.to_string() == "d");
  // Unbinding a bound socket needs CAP_NET_RAW.
  auto unbind = inet::setopts(self(), *u, {inet::bind_to_device("")});
  BOOST_TEST(why(unbind) == (rights.rebind ? "ok" : "eperm"));
  BOOST_TEST(device_of(find_fd(SOCK_DGRAM, port_of(*u), false))
             == (rights.rebind ? "" : "lo"));
  BOOST_TEST(opts_text(inet::getopts(self(), *u, {n::bind_to_device}))
             == (rights.rebind ? "{bind_to_device,<<>>}"
                               : "{bind_to_device,<<\"lo\">>}"));
  BOOST_TEST(why(gen_udp::open(self(), 0, {inet::bind_to_device("nosuch0")}))
             == "einval");
  BOOST_TEST(why(gen_tcp::listen(self(), 0,
                                 {inet::bind_to_device("nosuch0")}))
             == "einval");
  BOOST_TEST(why(gen_tcp::listen(self(), 0, {inet::bind_to_device(
                                              std::string(16, 'x'))}))
             == "einval");
}

BOOST_AUTO_TEST_CASE(recv_options_reach_the_kernel) {
  BOOST_TEST_MESSAGE("Ensure that recvtos, recvttl and recvtclass set "
                     "IP_RECVTOS, IP_RECVTTL and IPV6_RECVTCLASS on UDP "
                     "sockets (at open and in setopts, on and off again; "
                     "IPv6 sockets take the IPv4 pair too, for dual-stack "
                     "traffic) and on TCP listen and accepted sockets, as "
                     "OTP 25 sets them");
  auto u = gen_udp::open(self(), 0, {inet::ip{lo4}, inet::recvtos(true)});
  BOOST_REQUIRE(u);
  int fd = find_fd(SOCK_DGRAM, port_of(*u), false);
  BOOST_TEST(int_option(fd, IPPROTO_IP, IP_RECVTOS) == 1);
  BOOST_TEST(int_option(fd, IPPROTO_IP, IP_RECVTTL) == 0);
  BOOST_REQUIRE(inet::setopts(self(), *u, {inet::recvttl(true),
                                           inet::recvtos(false)}));
  BOOST_TEST(int_option(fd, IPPROTO_IP, IP_RECVTOS) == 0);
  BOOST_TEST(int_option(fd, IPPROTO_IP, IP_RECVTTL) == 1);
  BOOST_REQUIRE(inet::setopts(self(), *u, {inet::recvttl(false)}));
  BOOST_TEST(int_option(fd, IPPROTO_IP, IP_RECVTTL) == 0);
  auto u6 = gen_udp::open(self(), 0, {inet::ip{lo6}, inet::recvtclass(true),
                                      inet::recvttl(true)});
  BOOST_REQUIRE(u6);
  int fd6 = find_fd(SOCK_DGRAM, port_of(*u6), false);
  BOOST_TEST(int_option(fd6, IPPROTO_IPV6, IPV6_RECVTCLASS) == 1);
  BOOST_TEST(int_option(fd6, IPPROTO_IP, IP_RECVTTL) == 1);
  BOOST_REQUIRE(inet::setopts(self(), *u6, {inet::recvtclass(false)}));
  BOOST_TEST(int_option(fd6, IPPROTO_IPV6, IPV6_RECVTCLASS) == 0);
  auto ls = gen_tcp::listen(self(), 0, {inet::ip{lo4}, inet::recvtos(true)});
  BOOST_REQUIRE(ls);
  BOOST_TEST(int_option(find_fd(SOCK_STREAM, port_of(*ls), false), IPPROTO_IP,
                        IP_RECVTOS)
             == 1);
  auto peer = raw_peer::connect(port_of(*ls));
  BOOST_REQUIRE(peer);
  auto s = gen_tcp::accept(self(), *ls, budget);
  BOOST_REQUIRE(s);
  BOOST_REQUIRE(inet::setopts(self(), *s, {inet::recvttl(true)}));
  int afd = find_fd(SOCK_STREAM, port_of(*ls), true, local_port(peer->fd()));
  BOOST_TEST(int_option(afd, IPPROTO_IP, IP_RECVTOS) == 1);
  BOOST_TEST(int_option(afd, IPPROTO_IP, IP_RECVTTL) == 1);
}

BOOST_AUTO_TEST_SUITE_END()
