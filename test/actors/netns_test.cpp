// {netns, Namespace} (spec 004, setopts/2): sockets created in another
// network namespace, and getifaddrs of one. The test makes a namespace of
// its own (unshare(2) on a helper thread, its loopback brought up) and
// shows that a port taken in one namespace is free in the other, that a
// connect made in the namespace reaches its listener and one made outside
// reaches the outside one. Needs CAP_SYS_ADMIN (CI runs as root); without
// it the cases that need a namespace say so and stop.

#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <thread>

#include <boost/test/unit_test.hpp>

#include <otpnet/gen_udp.hpp>
#include <otpnet/inet/getifaddrs.hpp>

#include "support/loopback.hpp"

using namespace otpnet;
using namespace otpnet::test;

namespace {


/// Brings `lo` up in the calling thread's namespace (a new one has it
/// down, so 127.0.0.1 is nobody's address there).
bool loopback_up() {
  int s = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (s < 0)
    return false;
  ifreq ifr{};
  std::strncpy(ifr.ifr_name, "lo", IFNAMSIZ - 1);
  bool ok = ::ioctl(s, SIOCGIFFLAGS, &ifr) == 0;
  ifr.ifr_flags |= IFF_UP;
  ok = ok && ::ioctl(s, SIOCSIFFLAGS, &ifr) == 0;
  ::close(s);
  return ok;
}

/// A fresh network namespace, alive while this object holds a descriptor
/// of it; `path` names it as {netns, Path} wants a file name.
struct scratch_namespace {
  int fd = -1;
  std::string path;
  std::string why_not; // set when the namespace could not be made

  scratch_namespace() {
    // unshare(2) moves only the calling thread: a thread of its own, gone
    // once it has opened the namespace and set it up.
    std::thread maker([this] {
      if (::unshare(CLONE_NEWNET) != 0) {
        why_not = std::string{"unshare(CLONE_NEWNET): "}
                  + std::strerror(errno);
        return;
      }
      if (!loopback_up()) {
        why_not = "cannot bring lo up in the new namespace";
        return;
      }
      fd = ::open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
      if (fd < 0)
        why_not = std::string{"open ns: "} + std::strerror(errno);
    });
    maker.join();
    if (fd >= 0)
      path = "/proc/self/fd/" + std::to_string(fd);
  }

  ~scratch_namespace() {
    if (fd >= 0)
      ::close(fd);
  }

  /// False (with the reason in the log) where namespaces cannot be made.
  bool usable() const {
    BOOST_WARN_MESSAGE(why_not.empty(), "no network namespace for this "
                                        "test (needs CAP_SYS_ADMIN): "
                                          << why_not);
    return why_not.empty();
  }
};

struct netns_fixture : loopback_fixture {
  scratch_namespace ns;

  /// What a connection through `s` echoes back: `s`'s peer is an accepted
  /// socket that the test reads and writes through `a`.
  std::string round_trip(const otpnet::socket& c, const otpnet::socket& a,
                         const std::string& text) {
    if (!gen_tcp::send(self(), c, binary{text}))
      return "<send failed>";
    auto got = gen_tcp::recv(self(), a, text.size(), budget);
    return got ? got->to_string() : "<" + why(got) + ">";
  }
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(netns_suite, netns_fixture)

BOOST_AUTO_TEST_CASE(a_port_taken_outside_is_free_in_the_namespace) {
  BOOST_TEST_MESSAGE("Ensure that a listen socket created with netns binds "
                     "a port that a listen socket outside already holds, "
                     "that a connect with the same netns reaches it and "
                     "one without reaches the outside one, and that getopts "
                     "answers the namespace of each (accepted sockets: their "
                     "listen socket's)");
  if (!ns.usable())
    return;
  auto outside = listen({inet::active(false)});
  auto port = port_of(outside);
  auto inside = gen_tcp::listen(self(), port,
                                {inet::ip{lo4}, inet::active(false),
                                 inet::netns(ns.path)});
  BOOST_REQUIRE_MESSAGE(inside, "listen in the namespace: " << why(inside));
  BOOST_TEST(port_of(*inside) == port);
  // The same port again in the namespace is taken there.
  BOOST_TEST(why(gen_tcp::listen(self(), port,
                                 {inet::ip{lo4}, inet::netns(ns.path)}))
             == "eaddrinuse");

  auto c_in = gen_tcp::connect(self(), lo4, port,
                               {inet::active(false), inet::netns(ns.path)},
                               budget);
  BOOST_REQUIRE_MESSAGE(c_in, "connect in the namespace: " << why(c_in));
  auto a_in = gen_tcp::accept(self(), *inside, budget);
  BOOST_REQUIRE_MESSAGE(a_in, "accept in the namespace: " << why(a_in));
  BOOST_TEST(round_trip(*c_in, *a_in, "inside") == "inside");

  auto c_out = gen_tcp::connect(self(), lo4, port, {inet::active(false)},
                                budget);
  BOOST_REQUIRE_MESSAGE(c_out, "connect outside: " << why(c_out));
  auto a_out = gen_tcp::accept(self(), outside, budget);
  BOOST_REQUIRE_MESSAGE(a_out, "accept outside: " << why(a_out));
  BOOST_TEST(round_trip(*c_out, *a_out, "outside") == "outside");

  auto where = "{netns,\"" + ns.path + "\"}";
  BOOST_TEST(opts_text(inet::getopts(self(), *inside, {n::netns})) == where);
  BOOST_TEST(opts_text(inet::getopts(self(), *c_in, {n::netns})) == where);
  BOOST_TEST(opts_text(inet::getopts(self(), *a_in, {n::netns})) == where);
  // Created in the process's own namespace: nothing to show.
  BOOST_TEST(opts_text(inet::getopts(self(), outside, {n::netns, n::active}))
             == "{active,false}");
}

BOOST_AUTO_TEST_CASE(gen_udp_sockets_are_created_in_the_namespace) {
  BOOST_TEST_MESSAGE("Ensure that gen_udp:open with netns binds a port that "
                     "a UDP socket outside holds, and that a datagram sent "
                     "inside the namespace reaches it");
  if (!ns.usable())
    return;
  auto outside = gen_udp::open(self(), 0, {inet::ip{lo4}});
  BOOST_REQUIRE(outside);
  auto port = port_of(*outside);
  auto inside = gen_udp::open(self(), port,
                              {inet::ip{lo4}, inet::active(false),
                               inet::netns(ns.path)});
  BOOST_REQUIRE_MESSAGE(inside, "open in the namespace: " << why(inside));
  auto sender = gen_udp::open(self(), 0, {inet::ip{lo4},
                                          inet::netns(ns.path)});
  BOOST_REQUIRE(sender);
  BOOST_REQUIRE(gen_udp::send(self(), *sender, lo4, port, binary{"ping"}));
  auto got = gen_udp::recv(self(), *inside, 0, budget);
  BOOST_REQUIRE_MESSAGE(got, "recv: " << why(got));
  BOOST_TEST(got->data.to_string() == "ping");
  BOOST_TEST(got->port == port_of(*sender));
  BOOST_TEST(opts_text(inet::getopts(self(), *inside, {n::netns}))
             == "{netns,\"" + ns.path + "\"}");
}

BOOST_AUTO_TEST_CASE(getifaddrs_lists_the_namespaces_interfaces) {
  BOOST_TEST_MESSAGE("Ensure that getifaddrs with netns lists the "
                     "namespace's interfaces (a new one has only lo, up, "
                     "with 127.0.0.1), and fails as the socket option "
                     "does for a path that is no namespace");
  if (!ns.usable())
    return;
  auto ifs = inet::getifaddrs(inet::netns(ns.path));
  BOOST_REQUIRE(ifs.has_value());
  BOOST_REQUIRE(ifs->size() == 1u);
  BOOST_TEST(ifs->front().name == "lo");
  auto text = inet::to_string(*ifs);
  BOOST_TEST(text.find("{addr,{127,0,0,1}}") != std::string::npos, text);
  BOOST_TEST(text.find("up") != std::string::npos, text);
  BOOST_TEST((inet::getifaddrs(inet::netns("/nonexistent/netns")).error()
              == errc::enoent));
  BOOST_TEST((inet::getifaddrs(inet::netns("/etc/hosts")).error()
              == errc::einval));
}

BOOST_AUTO_TEST_CASE(a_path_that_is_no_namespace_fails_the_creation) {
  BOOST_TEST_MESSAGE("Ensure that listen, connect and gen_udp:open with a "
                     "netns that does not exist are enoent, with a file "
                     "that is no network namespace einval (as OTP 25 on "
                     "Linux), and that setopts refuses netns with einval "
                     "and changes nothing");
  auto missing = inet::netns("/nonexistent/netns");
  auto not_ns = inet::netns("/etc/hosts");
  BOOST_TEST(why(gen_tcp::listen(self(), 0, {missing})) == "enoent");
  BOOST_TEST(why(gen_tcp::listen(self(), 0, {not_ns})) == "einval");
  auto ls = listen({inet::active(false)});
  BOOST_TEST(why(gen_tcp::connect(self(), lo4, port_of(ls), {missing},
                                  budget))
             == "enoent");
  BOOST_TEST(why(gen_udp::open(self(), 0, {missing})) == "enoent");
  BOOST_TEST(why(gen_udp::open(self(), 0, {not_ns})) == "einval");
  BOOST_TEST(why(inet::setopts(self(), ls, {inet::active(true),
                                            inet::netns("/proc/self/ns/net")}))
             == "einval");
  BOOST_TEST(opts_text(inet::getopts(self(), ls, {n::active, n::netns}))
             == "{active,false}");
}

BOOST_AUTO_TEST_SUITE_END()
