// inet:local_address() ({local, File}) in the net layer: which paths a
// socket can take, how the address and the options print, and how
// {ifaddr, {local, File}} and `local` normalise against the other
// address options.

#include <boost/test/unit_test.hpp>

#include <string>

#include <otpnet/inet/i.hpp>
#include <otpnet/inet/local_address.hpp>
#include <otpnet/net/get_option.hpp>
#include <otpnet/net/normalize_options.hpp>

using otpnet::errc;

namespace inet = otpnet::inet;
namespace net = otpnet::net;

namespace {

inet::local_address file(std::string path) {
  return inet::local_address{std::move(path)};
}

std::string atom_of(const net::result<net::socket_options>& x) {
  return std::string{otpnet::to_atom(x ? errc::ok : x.error())};
}

} // namespace

BOOST_AUTO_TEST_SUITE(local_address_suite)

BOOST_AUTO_TEST_CASE(a_path_fits_in_sun_path_or_is_einval) {
  BOOST_TEST_MESSAGE("Ensure that check_local_path takes 1 to 107 bytes "
                     "and an abstract name, and refuses an empty path, a "
                     "longer one and a file name with a NUL inside");
  BOOST_TEST((inet::check_local_path("/tmp/s") == errc::ok));
  BOOST_TEST((inet::check_local_path(std::string(107, 'a')) == errc::ok));
  BOOST_TEST((inet::check_local_path(std::string(108, 'a')) == errc::einval));
  BOOST_TEST((inet::check_local_path("") == errc::einval));
  BOOST_TEST((inet::check_local_path(std::string{"\0name\0x", 7}) == errc::ok));
  BOOST_TEST((inet::check_local_path(std::string{"/tmp/a\0b", 8})
              == errc::einval));
}

BOOST_AUTO_TEST_CASE(addresses_and_options_print_as_erlang_terms) {
  BOOST_TEST_MESSAGE("Ensure that {local, File} prints as the shell prints "
                     "it (a binary), in ifaddr too, that the family prints "
                     "as the atom local and i() shows local:File");
  BOOST_TEST(inet::to_term(file("/tmp/s")) == "{local,<<\"/tmp/s\">>}");
  BOOST_TEST(inet::to_term(file("")) == "{local,<<>>}");
  BOOST_TEST(inet::to_term(file(std::string{"\0a", 2})) == "{local,<<0,97>>}");
  BOOST_TEST(inet::to_string(inet::option{inet::ifaddr{file("/tmp/s")}})
             == "{ifaddr,{local,<<\"/tmp/s\">>}}");
  BOOST_TEST(inet::to_string(inet::option{inet::local}) == "local");
  BOOST_TEST(inet::fmt_addr(inet::local_socket_address("/tmp/s"),
                            inet::socket_protocol::tcp, false)
             == "local:/tmp/s");
}

BOOST_AUTO_TEST_CASE(local_socket_addresses_compare_by_path) {
  BOOST_TEST_MESSAGE("Ensure that two local addresses are equal by path, "
                     "never equal to an IP address, and sort after every "
                     "IP address");
  auto a = inet::local_socket_address("/a");
  auto b = inet::local_socket_address("/b");
  inet::socket_address ip{inet::ip_address::any_v4(), 0};
  BOOST_TEST((a == inet::local_socket_address("/a")));
  BOOST_TEST((a != b));
  BOOST_TEST((a != ip));
  BOOST_TEST((a < b));
  BOOST_TEST((ip < a));
  BOOST_TEST(!(a < ip));
  BOOST_TEST(a.is_local());
  BOOST_TEST(!ip.is_local());
}

BOOST_AUTO_TEST_CASE(ifaddr_local_sets_the_family_and_the_file) {
  BOOST_TEST_MESSAGE("Ensure that {ifaddr, {local, File}} makes a local "
                     "socket binding File, that the last address option "
                     "wins, and that inet6, a port, an IP address with "
                     "`local` or a bad path are einval");
  auto x = net::normalize_listen_options({inet::ifaddr{file("/tmp/s")}});
  BOOST_REQUIRE(x);
  BOOST_TEST((x->family == inet::family_kind::local));
  BOOST_REQUIRE(x->local_address);
  BOOST_TEST(x->local_address->path == "/tmp/s");
  BOOST_TEST(!x->ip);
  auto lo = inet::ip_address::loopback_v4();
  auto later_ip = net::normalize_listen_options(
    {inet::ifaddr{file("/tmp/s")}, inet::ip{lo}});
  BOOST_REQUIRE(later_ip);
  BOOST_TEST((later_ip->family == inet::family_kind::inet));
  BOOST_TEST(!later_ip->local_address);
  auto later_file = net::normalize_connect_options(
    {inet::ifaddr{lo}, inet::ifaddr{file("/tmp/s")}});
  BOOST_REQUIRE(later_file);
  BOOST_TEST((later_file->family == inet::family_kind::local));
  BOOST_TEST(!later_file->ip);
  BOOST_TEST(atom_of(net::normalize_listen_options(
               {inet::ifaddr{file("/tmp/s")}, inet::inet6}))
             == "einval");
  BOOST_TEST(atom_of(net::normalize_listen_options(
               {inet::ifaddr{file("/tmp/s")}, inet::port(80)}))
             == "einval");
  BOOST_TEST(atom_of(net::normalize_connect_options(
               {inet::local, inet::ip{lo}}))
             == "einval");
  BOOST_TEST(atom_of(net::normalize_connect_options(
               {inet::ifaddr{file(std::string(108, 'a'))}}))
             == "einval");
  auto bare = net::normalize_connect_options({inet::local});
  BOOST_REQUIRE(bare);
  BOOST_TEST((bare->family == inet::family_kind::local));
  BOOST_TEST(!bare->local_address);
  auto set = net::apply_setopts(*x, {inet::ifaddr{file("/tmp/t")}});
  BOOST_TEST(!set);
}

BOOST_AUTO_TEST_CASE(a_local_socket_has_no_ip_level_options) {
  BOOST_TEST_MESSAGE("Ensure that the local family refuses IP-level "
                     "options at creation and in setopts, takes TCP-level "
                     "ones, and that getopts leaves both out there while "
                     "an IP socket keeps them");
  auto here = file("/tmp/s");
  BOOST_TEST(atom_of(net::normalize_listen_options(
               {inet::ifaddr{here}, inet::tos(16)}))
             == "einval");
  BOOST_TEST(atom_of(net::normalize_connect_options(
               {inet::recvttl(true), inet::local}))
             == "einval");
  auto x = net::normalize_listen_options(
    {inet::ifaddr{here}, inet::nodelay(true), inet::priority(1)});
  BOOST_REQUIRE(x);
  BOOST_TEST(!net::apply_setopts(*x, {inet::ttl(3)}));
  BOOST_TEST(static_cast<bool>(net::apply_setopts(*x, {inet::nopush(true)})));
  using n = inet::option_name;
  BOOST_TEST(net::left_out(*x, n::nodelay));
  BOOST_TEST(net::left_out(*x, n::tos));
  BOOST_TEST(!net::left_out(*x, n::priority));
  BOOST_TEST(!net::left_out(*x, n::recbuf));
  net::socket_options tcp;
  BOOST_TEST(!net::left_out(tcp, n::nodelay));
  BOOST_TEST(!net::left_out(tcp, n::tos));
  BOOST_TEST(net::left_out(tcp, n::recvtclass)); // IPv4
  BOOST_TEST(net::left_out(tcp, n::netns));      // created here
  BOOST_TEST(net::left_out(tcp, n::ipv6_v6only)); // IPv4
  BOOST_TEST(net::left_out(tcp, n::tclass));      // IPv4
  tcp.family = inet::family_kind::inet6;
  BOOST_TEST(!net::left_out(tcp, n::tclass));
  BOOST_TEST(!net::left_out(tcp, n::ipv6_v6only));
}

BOOST_AUTO_TEST_SUITE_END()
