// {read_ahead, false}: the socket reads from the kernel no byte past the
// packet it frames, so what follows stays in the kernel (FIONREAD on the
// socket's own descriptor shows it), e.g. for a switch to kTLS. The same
// cases with read_ahead left on show that the kernel is emptied then.

#include <string>

#include <boost/test/unit_test.hpp>

#include <otpnet/gen_udp.hpp>
#include <otpnet/net/packet_writer.hpp>

#include "support/kernel_socket.hpp"
#include "support/loopback.hpp"

using namespace otpnet;
using namespace otpnet::test;

namespace {

/// `body` with the length header the peer sends under `type`.
std::string framed(net::packet_type type, const std::string& body) {
  char header[4];
  int n = net::encode_header(type, body.size(), header);
  return std::string(header, static_cast<size_t>(n > 0 ? n : 0)) + body;
}

std::string p2(const std::string& body) {
  return framed(net::packet_type::p2, body);
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(read_ahead_suite, loopback_fixture)

BOOST_AUTO_TEST_CASE(passive_recv_leaves_the_next_packets_in_the_kernel) {
  BOOST_TEST_MESSAGE("Ensure that with {read_ahead, false} a passive "
                     "{packet, 2} recv reads just its packet and the "
                     "following ones stay in the kernel, while the default "
                     "reads them all ahead");
  auto ls = listen({inet::active(false), inet::packet(2),
                    inet::read_ahead(false)});
  BOOST_TEST(opts_text(inet::getopts(self(), ls, {n::read_ahead}))
             == "{read_ahead,false}");
  auto [s, peer] = accept_peer(ls);
  int fd = find_fd(SOCK_STREAM, port_of(ls), true, local_port(peer.fd()));
  BOOST_REQUIRE(peer.write(p2("first") + p2("second!") + p2("3")));
  auto a = gen_tcp::recv(self(), s, 0, budget);
  BOOST_REQUIRE(a);
  BOOST_TEST(a->to_string() == "first");
  BOOST_TEST(unread_bytes(fd) == 9 + 3);
  auto b = gen_tcp::recv(self(), s, 0, budget);
  BOOST_REQUIRE(b);
  BOOST_TEST(b->to_string() == "second!");
  BOOST_TEST(unread_bytes(fd) == 3);
  // Read ahead again: the next read empties the kernel.
  BOOST_REQUIRE(inet::setopts(self(), s, {inet::read_ahead(true)}));
  BOOST_REQUIRE(peer.write(p2("4") + p2("5")));
  auto c = gen_tcp::recv(self(), s, 0, budget);
  BOOST_REQUIRE(c);
  BOOST_TEST(c->to_string() == "3");
  BOOST_TEST(unread_bytes(fd) == 0);
  BOOST_TEST(gen_tcp::recv(self(), s, 0, budget)->to_string() == "4");
  BOOST_TEST(gen_tcp::recv(self(), s, 0, budget)->to_string() == "5");
}

BOOST_AUTO_TEST_CASE(raw_recv_reads_exactly_its_length) {
  BOOST_TEST_MESSAGE("Ensure that with {read_ahead, false} a raw recv(S, N) "
                     "takes N bytes from the kernel and leaves the rest, as "
                     "a switch to kTLS needs");
  auto ls = listen({inet::active(false), inet::read_ahead(false)});
  auto [s, peer] = accept_peer(ls);
  int fd = find_fd(SOCK_STREAM, port_of(ls), true, local_port(peer.fd()));
  BOOST_REQUIRE(peer.write("helloworld"));
  auto a = gen_tcp::recv(self(), s, 5, budget);
  BOOST_REQUIRE(a);
  BOOST_TEST(a->to_string() == "hello");
  BOOST_TEST(unread_bytes(fd) == 5);
  BOOST_TEST(gen_tcp::recv(self(), s, 5, budget)->to_string() == "world");
}

BOOST_AUTO_TEST_CASE(active_once_and_line_framing_stop_at_the_packet) {
  BOOST_TEST_MESSAGE("Ensure that an {active, once} socket with {read_ahead, "
                     "false} reads one {packet, 4} packet per re-arm, and "
                     "that {packet, line} reads a byte at a time up to the "
                     "delimiter, leaving the next line in the kernel");
  auto ls = listen({inet::active(inet::once), inet::packet(4),
                    inet::read_ahead(false)});
  auto [s, peer] = accept_peer(ls);
  int fd = find_fd(SOCK_STREAM, port_of(ls), true, local_port(peer.fd()));
  BOOST_REQUIRE(peer.write(framed(net::packet_type::p4, "ab")
                           + framed(net::packet_type::p4, "cde")));
  BOOST_TEST(expect<tcp_msg>().data.to_string() == "ab");
  BOOST_TEST(unread_bytes(fd) == 7);
  BOOST_REQUIRE(inet::setopts(self(), s, {inet::active(inet::once)}));
  BOOST_TEST(expect<tcp_msg>().data.to_string() == "cde");
  BOOST_TEST(unread_bytes(fd) == 0);
  BOOST_REQUIRE(inet::setopts(self(), s, {inet::packet(net::packet_type::line),
                                          inet::active(false)}));
  BOOST_REQUIRE(peer.write("one\ntwo\n"));
  auto line = gen_tcp::recv(self(), s, 0, budget);
  BOOST_REQUIRE(line);
  BOOST_TEST(line->to_string() == "one\n");
  BOOST_TEST(unread_bytes(fd) == 4);
  BOOST_TEST(gen_tcp::recv(self(), s, 0, budget)->to_string() == "two\n");
}

BOOST_AUTO_TEST_CASE(read_ahead_is_tcp_only) {
  BOOST_TEST_MESSAGE("Ensure that gen_udp refuses read_ahead (a datagram is "
                     "read whole) and that TCP sockets report it, true by "
                     "default");
  auto ls = listen();
  auto [s, peer] = accept_peer(ls);
  BOOST_TEST(opts_text(inet::getopts(self(), s, {n::read_ahead}))
             == "{read_ahead,true}");
  BOOST_TEST(why(gen_udp::open(self(), 0, {inet::read_ahead(false)}))
             == "einval");
}

BOOST_AUTO_TEST_SUITE_END()
