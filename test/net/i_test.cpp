// inet:i/0..2's table pieces (otpnet/inet/i.hpp): the State column's forms
// (OTP 25's fmt_status), the address columns and the table layout.

#include <fstream>
#include <string>

#include <boost/test/unit_test.hpp>

#include <otpnet/inet/i.hpp>

using otpnet::errc;
using namespace otpnet::inet;
using S = socket_state;

namespace {

socket_address at(ip_address a, uint16_t port) {
  return socket_address{a, port};
}

// Whether the OS's services database names port 22/tcp "ssh" (netbase).
bool services_know_ssh() {
  std::ifstream in{"/etc/services"};
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("ssh", 0) == 0 && line.find("22/tcp") != std::string::npos)
      return true;
  return false;
}

} // namespace

BOOST_AUTO_TEST_SUITE(i_suite)

BOOST_AUTO_TEST_CASE(state_column_names_flag_sets_as_otp_25) {
  BOOST_TEST_MESSAGE("Ensure that status flags print as inet's fmt_status: "
                     "named forms for the known sets, short names joined "
                     "by ':' otherwise, whatever the order given");
  BOOST_TEST(fmt_status({S::listen, S::open}) == "LN:O");
  BOOST_TEST(fmt_status({S::open, S::connected}) == "CONNECTED(O)");
  BOOST_TEST(fmt_status({S::busy, S::connected, S::open}) == "BY:CD:O");
  BOOST_TEST(fmt_status({S::listen, S::open, S::accepting}) == "ACCEPTING");
  BOOST_TEST(fmt_status({S::connecting, S::open}) == "CG:O");
  BOOST_TEST(fmt_status({S::bound, S::open}) == "BOUND");
  BOOST_TEST(fmt_status({S::open}) == "IDLE");
  BOOST_TEST(fmt_status({}) == "CLOSED");
  BOOST_TEST(fmt_status({S::closed}) == "CLOSED");
  BOOST_TEST(fmt_status({S::connected, S::busy, S::bound}) == "CONNECTED(BB)");
  BOOST_TEST(fmt_status({S::bound, S::connected}) == "CONNECTED(B)");
  BOOST_TEST(fmt_status({S::listening, S::bound, S::listen}) == "LISTENING");
  BOOST_TEST(fmt_status({S::selected, S::open}) == "O:SD");
  BOOST_TEST(to_string(S::connecting) == "connecting");
}

BOOST_AUTO_TEST_CASE(address_columns_follow_fmt_addr) {
  BOOST_TEST_MESSAGE("Ensure that addresses print as inet's fmt_addr: *:* "
                     "when not connected, a blank for another error, * for "
                     "the any address, localhost for both loopbacks");
  auto tcp = socket_protocol::tcp;
  BOOST_TEST(fmt_addr(errc::enotconn, tcp, true) == "*:*");
  BOOST_TEST(fmt_addr(errc::einval, tcp, true) == " ");
  BOOST_TEST(fmt_addr(at(ip_address::any_v4(), 4000), tcp, true) == "*:4000");
  BOOST_TEST(fmt_addr(at(ip_address::any_v6(), 4000), tcp, true) == "*:4000");
  BOOST_TEST(fmt_addr(at(ip_address::loopback_v4(), 5), tcp, true)
             == "localhost:5");
  BOOST_TEST(fmt_addr(at(ip_address::loopback_v6(), 5), tcp, true)
             == "localhost:5");
  BOOST_TEST(fmt_addr(at(ip4_address{{10, 1, 2, 3}}, 7), tcp, true)
             == "10.1.2.3:7");
  BOOST_TEST(fmt_addr(at(ip6_address{{0xfe80, 0, 0, 0, 0, 0, 0, 1}}, 7), tcp,
                      true)
             == "fe80::1:7");
}

BOOST_AUTO_TEST_CASE(ports_become_service_names_unless_show_ports) {
  BOOST_TEST_MESSAGE("Ensure that a port the services database names is "
                     "shown by name, by number with show_ports");
  auto ssh = at(ip_address::loopback_v4(), 22);
  BOOST_TEST(fmt_addr(ssh, socket_protocol::tcp, true) == "localhost:22");
  auto named = fmt_addr(ssh, socket_protocol::tcp, false);
  if (services_know_ssh())
    BOOST_TEST(named == "localhost:ssh");
  else
    BOOST_TEST(named == "localhost:22");
}

BOOST_AUTO_TEST_CASE(the_table_aligns_columns_under_headings) {
  BOOST_TEST_MESSAGE("Ensure that format_i prints a heading line and a "
                     "line per row, each cell padded to its column's widest "
                     "and followed by one space, and nothing without rows");
  i_row listen;
  listen.port = 40;
  listen.module = "inet_tcp";
  listen.owner = 9;
  listen.local = at(ip_address::loopback_v4(), 42023);
  listen.states = {S::listen, S::open};
  i_row conn = listen;
  conn.port = 156;
  conn.module = "inet6_tcp";
  conn.recv = 5;
  conn.foreign = at(ip_address::loopback_v4(), 58884);
  conn.states = {S::connected, S::open};
  auto text = format_i({listen, conn}, all_i_items(true), socket_protocol::tcp);
  BOOST_TEST(text
             == "Port Module    Recv Sent Owner   Local Address   "
                "Foreign Address State        Type   \n"
                "40   inet_tcp  0    0    <0.9.0> localhost:42023 "
                "*:*             LN:O         STREAM \n"
                "156  inet6_tcp 5    0    <0.9.0> localhost:42023 "
                "localhost:58884 CONNECTED(O) STREAM \n");
  auto some = format_i({conn}, {i_field::port, i_field::state},
                       socket_protocol::tcp);
  BOOST_TEST(some == "Port State        \n156  CONNECTED(O) \n");
  BOOST_TEST(format_i({}, all_i_items(), socket_protocol::tcp).empty());
}

BOOST_AUTO_TEST_SUITE_END()
