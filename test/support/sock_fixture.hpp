// The socket-module tests' fixture: opens, listeners, connected pairs
// and select messages over loopback (sock_test, sock_msg_test).

#pragma once

#include <string>
#include <utility>

#include <boost/test/unit_test.hpp>

#include <otpnet/sock.hpp>

#include "support/loopback.hpp"

namespace otpnet::test {

using sock::nowait;

template <class T>
bool ok(const caf::expected<T>& x) {
  return static_cast<bool>(x);
}

struct sock_fixture : loopback_fixture {
  const inet::socket_address lo4{inet::ip_address::loopback_v4(), 0};

  sock::socket open(sock::domain d = sock::domain::inet,
                    sock::type t = sock::type::stream) {
    auto s = sock::open(self(), d, t);
    BOOST_REQUIRE_MESSAGE(s, "open failed: " << why(s));
    return *s;
  }

  /// A stream socket listening on `at` (port 0).
  sock::socket listener(inet::socket_address at = {
                          inet::ip_address::loopback_v4(), 0}) {
    auto d = at.addr.is_v4() ? sock::domain::inet : sock::domain::inet6;
    auto l = open(d);
    BOOST_REQUIRE(sock::bind(self(), l, at));
    BOOST_REQUIRE(sock::listen(self(), l));
    return l;
  }

  /// A dgram socket bound to loopback of `d` (port 0).
  sock::socket udp(sock::domain d = sock::domain::inet) {
    auto s = open(d, sock::type::dgram);
    auto at = d == sock::domain::inet
                ? lo4
                : inet::socket_address{inet::ip_address::loopback_v6(), 0};
    BOOST_REQUIRE(sock::bind(self(), s, at));
    return s;
  }

  inet::socket_address name_of(const sock::socket& s) {
    auto a = sock::sockname(self(), s);
    BOOST_REQUIRE_MESSAGE(a, "sockname failed: " << why(a));
    return *a;
  }

  /// A connected pair: {client, accepted}.
  std::pair<sock::socket, sock::socket> pair(sock::domain d
                                             = sock::domain::inet) {
    auto at = d == sock::domain::inet
                ? lo4
                : inet::socket_address{inet::ip_address::loopback_v6(), 0};
    auto l = listener(at);
    auto c = open(d);
    auto r = sock::connect(self(), c, name_of(l), budget);
    BOOST_REQUIRE_MESSAGE(r, "connect failed: " << why(r));
    auto s = sock::accept(self(), l, budget);
    BOOST_REQUIRE_MESSAGE(s, "accept failed: " << why(s));
    BOOST_REQUIRE(sock::close(self(), l));
    return {c, *s};
  }

  void send(const sock::socket& s, const std::string& text) {
    auto r = sock::send(self(), s, binary{text}, budget);
    BOOST_REQUIRE_MESSAGE(r, "send failed: " << why(r));
  }

  /// The select_msg for `info` (no other message may come first).
  void expect_select(const sock::socket& s, const sock::select_info& info) {
    auto m = expect<sock::select_msg>();
    BOOST_TEST((m.socket == s));
    BOOST_TEST(m.handle == info.handle);
  }

  /// True if nothing waits in `who`'s mailbox after a round trip to `s`
  /// (whatever `s` sent `who` before would be there by now).
  bool quiet(caf::scoped_actor& who, const sock::socket& s) {
    auto r = sock::getopt(who, s, {sock::level::socket, sock::name::type});
    (void)r;
    return who->mailbox().empty();
  }
};

} // namespace otpnet::test
