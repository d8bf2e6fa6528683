// inet's resolver functions (net/include/otpnet/inet/resolver.hpp). Only
// answers that do not depend on this machine's /etc/hosts or DNS are
// checked exactly (numeric names, argument checks, the family rules);
// test/otp_compare/inet_utils/run.sh compares the rest with OTP's own on a
// given machine.

#include <algorithm>
#include <cctype>
#include <string>

#include <boost/test/unit_test.hpp>

#include <otpnet/inet/resolver.hpp>

#include "net/inet_printers.hpp"

namespace net = otpnet::net;
using otpnet::errc;
using namespace otpnet::inet;

namespace {

template <class T>
std::string atom_of(const net::result<T>& r) {
  return std::string{to_atom(r ? errc::ok : r.error())};
}

const ip_address v4_loopback = ip_address::loopback_v4();
const ip_address v6_loopback = ip_address::loopback_v6();

bool contains(const std::vector<ip_address>& xs, const ip_address& x) {
  return std::find(xs.begin(), xs.end(), x) != xs.end();
}

} // namespace

BOOST_AUTO_TEST_SUITE(resolver_suite)

BOOST_AUTO_TEST_CASE(hostent_prints_as_the_erlang_record) {
  BOOST_TEST_MESSAGE("Ensure that a hostent prints as the shell prints "
                     "#hostent{}, names quoted and escaped");
  hostent h;
  h.h_name = "alpha";
  h.h_aliases = {"beta", "a\"b"};
  h.h_addr_list = {ip4_address{{127, 0, 0, 2}}, ip4_address{{127, 0, 0, 3}}};
  BOOST_TEST(to_string(h)
             == "{hostent,\"alpha\",[\"beta\",\"a\\\"b\"],inet,4,"
                "[{127,0,0,2},{127,0,0,3}]}");
  hostent h6;
  h6.h_name = "six";
  h6.h_addrtype = inet6;
  h6.h_length = 16;
  h6.h_addr_list = {v6_loopback};
  BOOST_TEST(to_string(h6)
             == "{hostent,\"six\",[],inet6,16,[{0,0,0,0,0,0,0,1}]}");
}

BOOST_AUTO_TEST_CASE(numeric_names_are_their_addresses) {
  BOOST_TEST_MESSAGE("Ensure that gethostbyname of an address literal "
                     "answers it under its own name, with the OS's numeric "
                     "forms for inet (127.1, 3232235521) as OTP does");
  auto a = gethostbyname("127.1");
  BOOST_REQUIRE_MESSAGE(a, atom_of(a));
  BOOST_TEST(to_string(*a) == "{hostent,\"127.1\",[],inet,4,[{127,0,0,1}]}");
  auto b = gethostbyname("3232235521", inet);
  BOOST_REQUIRE_MESSAGE(b, atom_of(b));
  BOOST_TEST(to_string(*b)
             == "{hostent,\"3232235521\",[],inet,4,[{192,168,0,1}]}");
  auto c = gethostbyname("::1", inet6);
  BOOST_REQUIRE_MESSAGE(c, atom_of(c));
  BOOST_TEST(to_string(*c)
             == "{hostent,\"::1\",[],inet6,16,[{0,0,0,0,0,0,0,1}]}");
  auto d = gethostbyname("::ffff:127.0.0.1", inet6);
  BOOST_REQUIRE_MESSAGE(d, atom_of(d));
  BOOST_TEST(d->h_addr_list.front()
             == ipv4_mapped_ipv6_address(v4_loopback));
}

BOOST_AUTO_TEST_CASE(a_literal_of_the_other_family_is_nxdomain) {
  BOOST_TEST_MESSAGE("Ensure that an IPv6 literal asked for inet, or an "
                     "IPv4 literal asked for inet6 (no mapping), is "
                     "nxdomain, as in OTP");
  BOOST_TEST(atom_of(gethostbyname("::1")) == "nxdomain");
  BOOST_TEST(atom_of(gethostbyname("127.0.0.1", inet6)) == "nxdomain");
  BOOST_TEST(atom_of(getaddr("::1", inet)) == "nxdomain");
  // glibc's numeric forms are decimal only: hex is a (missing) name.
  BOOST_TEST(atom_of(gethostbyname("0x7f.1")) == "nxdomain");
}

BOOST_AUTO_TEST_CASE(getaddrs_wants_a_visible_string) {
  BOOST_TEST_MESSAGE("Ensure that getaddr(s) refuses an empty name or one "
                     "with a character outside 33..126 (einval), and any "
                     "lookup refuses a NUL byte instead of reading part of "
                     "the name");
  for (std::string bad : {std::string{}, std::string{"no such"},
                          std::string{"tab\there"}, std::string{"\x7f"},
                          std::string{"caf\xc3\xa9"}}) {
    BOOST_TEST(atom_of(getaddrs(bad, inet)) == "einval");
    BOOST_TEST(atom_of(getaddr(bad, inet6)) == "einval");
  }
  auto nul = std::string{"127.0.0.1\0x", 11};
  BOOST_TEST(atom_of(gethostbyname(nul)) == "einval");
  BOOST_TEST(atom_of(getaddrs(nul, inet)) == "einval");
  BOOST_TEST(atom_of(gethostbyaddr(nul)) == "einval");
}

BOOST_AUTO_TEST_CASE(an_address_is_checked_against_the_family) {
  BOOST_TEST_MESSAGE("Ensure that getaddr(s) of an address returns it when "
                     "the family matches and eafnosupport otherwise");
  auto four = getaddrs(v4_loopback, inet);
  BOOST_REQUIRE(four);
  BOOST_TEST((*four == std::vector<ip_address>{v4_loopback}));
  BOOST_TEST(atom_of(getaddrs(v4_loopback, inet6)) == "eafnosupport");
  BOOST_TEST(atom_of(getaddr(v6_loopback, inet)) == "eafnosupport");
  auto six = getaddr(v6_loopback, inet6);
  BOOST_REQUIRE(six);
  BOOST_TEST(*six == v6_loopback);
  auto text = getaddr("127.1", inet);
  BOOST_REQUIRE(text);
  BOOST_TEST(*text == v4_loopback);
}

BOOST_AUTO_TEST_CASE(localhost_resolves_to_loopback) {
  BOOST_TEST_MESSAGE("Ensure that localhost (every Debian /etc/hosts has "
                     "it) is found with 127.0.0.1 among its addresses");
  auto h = gethostbyname("localhost");
  BOOST_REQUIRE_MESSAGE(h, atom_of(h));
  BOOST_TEST((h->h_addrtype == inet));
  BOOST_TEST(h->h_length == 4);
  BOOST_TEST(contains(h->h_addr_list, v4_loopback));
  auto all = getaddrs("localhost", inet);
  BOOST_REQUIRE(all);
  BOOST_TEST((*all == h->h_addr_list));
}

BOOST_AUTO_TEST_CASE(the_hosts_own_name_always_resolves) {
  BOOST_TEST_MESSAGE("Ensure that gethostname has no domain part and that "
                     "it resolves in both families and in any letter case "
                     "(from the OS, else as loopback)");
  auto me = gethostname();
  BOOST_TEST(!me.empty());
  BOOST_TEST(me.find('.') == std::string::npos);
  auto upper = me;
  for (auto& c : upper)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (const auto& name : {me, upper}) {
    for (auto f : {inet, inet6}) {
      auto h = gethostbyname(name, f);
      BOOST_TEST_CONTEXT(name << (f == inet ? " inet" : " inet6")) {
        BOOST_REQUIRE_MESSAGE(h, atom_of(h));
        BOOST_TEST((h->h_addrtype == f));
        BOOST_TEST(!h->h_addr_list.empty());
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(gethostbyaddr_takes_addresses_and_their_text) {
  BOOST_TEST_MESSAGE("Ensure that gethostbyaddr answers for both loopbacks "
                     "(from the OS, else with the host's own name), the "
                     "same for an address and its text, and einval for "
                     "text that is no address");
  auto four = gethostbyaddr(v4_loopback);
  BOOST_REQUIRE_MESSAGE(four, atom_of(four));
  BOOST_TEST(!four->h_name.empty());
  BOOST_TEST(four->h_length == 4);
  BOOST_TEST(contains(four->h_addr_list, v4_loopback));
  auto text = gethostbyaddr("127.1");
  BOOST_REQUIRE(text);
  BOOST_TEST((*text == *four));
  auto six = gethostbyaddr(v6_loopback);
  BOOST_REQUIRE_MESSAGE(six, atom_of(six));
  BOOST_TEST((six->h_addrtype == inet6));
  BOOST_TEST((six->h_addr_list == std::vector<ip_address>{v6_loopback}));
  auto six_text = gethostbyaddr("::1");
  BOOST_REQUIRE(six_text);
  BOOST_TEST((*six_text == *six));
  BOOST_TEST(atom_of(gethostbyaddr("bogus")) == "einval");
  BOOST_TEST(atom_of(gethostbyaddr("")) == "einval");
  BOOST_TEST(atom_of(gethostbyaddr("1.2.3.256")) == "einval");
}

BOOST_AUTO_TEST_SUITE_END()
