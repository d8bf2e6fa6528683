// gen_udp over the local family (OTP's local_udp; spec 004
// inet:local_address/0): datagram sockets on files, {udp, S, {local,
// File}, 0, Data} for active sockets, {{local, File}, 0, Data} from recv,
// and the errors of a send to a file nobody has (checked against OTP 25
// by escript).

#include <string>

#include <boost/test/unit_test.hpp>

#include <otpnet/gen_udp.hpp>

#include "support/loopback.hpp"
#include "support/scratch_dir.hpp"

using namespace otpnet;
using namespace otpnet::test;

namespace {

/// Sockets on files in a directory of the test's own.
struct local_udp_fixture : loopback_fixture {
  scratch_dir dir;

  std::string file(const char* name) const {
    return dir.file(name);
  }

  otpnet::socket open_on(const std::string& path,
                         gen_udp::option_list opts = {}) {
    opts.insert(opts.begin(), inet::ifaddr{inet::local_address{path}});
    auto s = gen_udp::open(self(), 0, opts);
    BOOST_REQUIRE_MESSAGE(s, "open failed: " << why(s));
    return *s;
  }

  static std::string term(const inet::socket_address& x) {
    return x.is_local() ? inet::to_term(*x.local) : "an IP address";
  }
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(local_udp_suite, local_udp_fixture)

BOOST_AUTO_TEST_CASE(datagrams_between_two_files) {
  BOOST_TEST_MESSAGE("Ensure that two local datagram sockets exchange "
                     "datagrams by file, whole and in order, that an active "
                     "socket's udp_msg and a passive one's recv name the "
                     "sender {local, File} with port 0, and that sockname "
                     "answers the file");
  auto a = open_on(file("a"), {inet::active(true)});
  auto b = open_on(file("b"), {inet::active(false)});
  auto a_term = "{local,<<\"" + file("a") + "\">>}";
  auto sa = inet::sockname(self(), a);
  BOOST_REQUIRE(sa);
  BOOST_TEST(term(*sa) == a_term);
  BOOST_REQUIRE(gen_udp::send(self(), a, inet::local_address{file("b")},
                              binary{"one"}));
  BOOST_REQUIRE(gen_udp::send(self(), a, inet::local_address{file("b")},
                              binary{"two"}));
  auto d1 = gen_udp::recv(self(), b, 0, budget);
  auto d2 = gen_udp::recv(self(), b, 0, budget);
  BOOST_REQUIRE(d1);
  BOOST_REQUIRE(d2);
  BOOST_TEST(d1->data.to_string() == "one");
  BOOST_TEST(d2->data.to_string() == "two");
  BOOST_TEST(term(d1->from()) == a_term);
  BOOST_TEST(d1->port == 0);
  BOOST_TEST(gen_udp::to_string(*d1) == "{" + a_term + ",0,<<\"one\">>}");
  // The answer goes back to the sender's file, by its socket_address.
  BOOST_REQUIRE(gen_udp::send(self(), b, d1->from(), {}, binary{"back"}));
  auto msg = expect<udp_msg>();
  BOOST_TEST(msg.data.to_string() == "back");
  BOOST_TEST(term(msg.from()) == "{local,<<\"" + file("b") + "\">>}");
  BOOST_TEST(msg.port == 0);
}

BOOST_AUTO_TEST_CASE(an_unnamed_sender_and_a_connected_pair) {
  BOOST_TEST_MESSAGE("Ensure that a local datagram socket without a file "
                     "sends and is seen as {local, <<>>}, and that connect "
                     "fixes the peer for send without an address");
  auto b = open_on(file("b"), {inet::active(false)});
  auto unnamed = gen_udp::open(self(), 0, {inet::local});
  BOOST_REQUIRE(unnamed);
  BOOST_REQUIRE(gen_udp::send(self(), *unnamed,
                              inet::local_address{file("b")}, binary{"x"}));
  auto d = gen_udp::recv(self(), b, 0, budget);
  BOOST_REQUIRE(d);
  BOOST_TEST(term(d->from()) == "{local,<<>>}");
  BOOST_REQUIRE(gen_udp::connect(self(), *unnamed,
                                 inet::local_address{file("b")}));
  BOOST_REQUIRE(gen_udp::send(self(), *unnamed, binary{"y"}));
  auto e = gen_udp::recv(self(), b, 0, budget);
  BOOST_REQUIRE(e);
  BOOST_TEST(e->data.to_string() == "y");
  auto peer = inet::peername(self(), *unnamed);
  BOOST_REQUIRE(peer);
  BOOST_TEST(term(*peer) == "{local,<<\"" + file("b") + "\">>}");
}

BOOST_AUTO_TEST_CASE(sends_that_cannot_arrive_are_errors) {
  BOOST_TEST_MESSAGE("Ensure that a datagram to a file nobody made is "
                     "enoent, to a closed socket's file econnrefused, to an "
                     "IP address from a local socket (or to a file from an "
                     "IP one) eafnosupport, and that the socket stays open");
  auto a = open_on(file("a"), {inet::active(false)});
  BOOST_TEST(why(gen_udp::send(self(), a, inet::local_address{file("none")},
                               binary{"x"}))
             == "enoent");
  auto lo = inet::ip_address::loopback_v4();
  auto gone = open_on(file("gone"));
  BOOST_REQUIRE(gen_udp::close(self(), gone));
  BOOST_TEST(why(gen_udp::send(self(), a, inet::local_address{file("gone")},
                               binary{"x"}))
             == "econnrefused");
  BOOST_TEST(why(gen_udp::send(self(), a, lo, 9, binary{"x"}))
             == "eafnosupport");
  auto ip = gen_udp::open(self(), 0, {inet::ip{lo}});
  BOOST_REQUIRE(ip);
  BOOST_TEST(why(gen_udp::send(self(), *ip, inet::local_address{file("a")},
                               binary{"x"}))
             == "eafnosupport");
  BOOST_TEST(why(gen_udp::send(self(), a, inet::local_address{""},
                               binary{"x"}))
             == "einval");
  BOOST_TEST(static_cast<bool>(inet::sockname(self(), a)));
}

BOOST_AUTO_TEST_CASE(i_lists_local_udp_sockets) {
  BOOST_TEST_MESSAGE("Ensure that format_i shows a local datagram socket "
                     "as local_udp with its file");
  auto a = open_on(file("a"));
  auto text = inet::format_i(self(), inet::socket_protocol::udp,
                             {inet::i_field::module,
                              inet::i_field::local_address});
  BOOST_TEST(text.find("local_udp local:" + file("a")) != std::string::npos,
             text);
}

BOOST_AUTO_TEST_SUITE_END()
