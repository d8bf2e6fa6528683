// inet:socknames/1, peernames/1 (a TCP socket has one address each way)
// and inet:close/1.

#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "support/spawn.hpp"

#include "support/loopback.hpp"

using namespace otpnet;
using namespace otpnet::test;

namespace {

using addr_list = std::vector<inet::socket_address>;
using names_atom = caf::atom_constant<caf::atom("names")>;

std::string text(const caf::expected<addr_list>& xs) {
  if (!xs)
    return "error";
  std::string out;
  for (const auto& x : *xs)
    out += inet::ntoa(x.addr) + ":" + std::to_string(x.port) + ";";
  return out;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(socknames_suite, loopback_fixture)

BOOST_AUTO_TEST_CASE(socknames_and_peernames_list_the_one_address) {
  BOOST_TEST_MESSAGE("Ensure that socknames/peernames are [sockname] and "
                     "[peername], for blocking and event-based callers, "
                     "and enotconn for a listen socket's peer");
  auto ls = listen();
  auto [s, peer] = accept_peer(ls);
  auto local = inet::sockname(self(), s);
  auto remote = inet::peername(self(), s);
  BOOST_REQUIRE(local);
  BOOST_REQUIRE(remote);
  auto ln = inet::socknames(self(), s);
  auto pn = inet::peernames(self(), s);
  BOOST_REQUIRE(ln);
  BOOST_REQUIRE(pn);
  BOOST_TEST((*ln == addr_list{*local}));
  BOOST_TEST((*pn == addr_list{*remote}));
  BOOST_TEST(why(inet::peernames(self(), ls)) == "enotconn");
  auto me = caf::actor{self()};
  spawn_lambda(sys(), [me, s = s](caf::event_based_actor* a) {
    inet::socknames(a, s).then([a, me, s](caf::expected<addr_list> l) {
      inet::peernames(a, s).await([a, me, l](caf::expected<addr_list> p) {
        a->send(me, names_atom::value, text(l), text(p));
      });
    });
  });
  bool got = false;
  self()->receive(
    [&](names_atom, const std::string& l, const std::string& p) {
      got = true;
      BOOST_TEST(l == text(addr_list{*local}));
      BOOST_TEST(p == text(addr_list{*remote}));
    },
    caf::after(budget) >> [] {});
  BOOST_TEST(got);
}

BOOST_AUTO_TEST_CASE(inet_close_closes_any_socket) {
  BOOST_TEST_MESSAGE("Ensure that inet::close closes a connected and a "
                     "listen socket (the peer sees end of stream) and is ok "
                     "on a closed one");
  auto ls = listen();
  auto [s, peer] = accept_peer(ls);
  BOOST_REQUIRE(inet::close(self(), s));
  BOOST_TEST(!peer.read_exact(1).has_value()); // end of stream
  BOOST_TEST(static_cast<bool>(inet::close(self(), s)));
  BOOST_REQUIRE(inet::close(self(), ls));
  BOOST_TEST(why(inet::sockname(self(), ls)) == "closed");
}

BOOST_AUTO_TEST_SUITE_END()
