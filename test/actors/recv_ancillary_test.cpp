// {recvtos, true}, {recvttl, true} and {recvtclass, true} on gen_udp
// sockets over loopback: each datagram comes with its ancillary data, in
// recv's {Address, Port, AncData, Packet} and in the active
// {udp, S, IP, Port, AncData, Packet}, as OTP 25 delivers them (checked
// with escripts: a sender with {tos, 16} gives [{tos,16}]; with recvttl
// too [{ttl,64},{tos,16}], the kernel's order; an IPv6 socket with only
// recvtos gets [] for an IPv6 datagram; with none on, the old forms).
// The senders are plain POSIX sockets, so TOS, TTL and traffic class are
// exactly what the test sets.

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

#include <boost/test/unit_test.hpp>

#include <otpnet/gen_udp.hpp>

#include "support/loopback.hpp"
#include "support/udp_ancillary.hpp"

using namespace otpnet;
using namespace otpnet::test;

namespace {


/// A POSIX UDP socket that marks what it sends (IP_TOS/IP_TTL, or
/// IPV6_TCLASS/IPV6_UNICAST_HOPS); closed when it goes.
class marked_sender {
public:
  explicit marked_sender(bool v6) : v6_(v6) {
    fd_ = ::socket(v6 ? AF_INET6 : AF_INET, SOCK_DGRAM, 0);
  }

  marked_sender(const marked_sender&) = delete;
  marked_sender& operator=(const marked_sender&) = delete;

  ~marked_sender() {
    if (fd_ >= 0)
      ::close(fd_);
  }

  bool mark(int tos_or_tclass, int ttl) {
    return set(v6_ ? IPPROTO_IPV6 : IPPROTO_IP, v6_ ? IPV6_TCLASS : IP_TOS,
               tos_or_tclass)
           && set(v6_ ? IPPROTO_IPV6 : IPPROTO_IP,
                  v6_ ? IPV6_UNICAST_HOPS : IP_TTL, ttl);
  }

  /// Sends `data` to the loopback address of its family at `port`.
  bool send(uint16_t port, const std::string& data) {
    ssize_t sent = -1;
    if (v6_) {
      sockaddr_in6 to{};
      to.sin6_family = AF_INET6;
      to.sin6_addr = in6addr_loopback;
      to.sin6_port = htons(port);
      sent = ::sendto(fd_, data.data(), data.size(), 0,
                      reinterpret_cast<sockaddr*>(&to), sizeof(to));
    } else {
      sockaddr_in to{};
      to.sin_family = AF_INET;
      to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      to.sin_port = htons(port);
      sent = ::sendto(fd_, data.data(), data.size(), 0,
                      reinterpret_cast<sockaddr*>(&to), sizeof(to));
    }
    return sent == static_cast<ssize_t>(data.size());
  }

  uint16_t port() const {
    sockaddr_storage sa{};
    socklen_t len = sizeof(sa);
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&sa), &len);
    if (sa.ss_family == AF_INET6)
      return ntohs(reinterpret_cast<const sockaddr_in6&>(sa).sin6_port);
    return ntohs(reinterpret_cast<const sockaddr_in&>(sa).sin_port);
  }

private:
  bool set(int level, int name, int value) {
    return ::setsockopt(fd_, level, name, &value, sizeof(value)) == 0;
  }

  bool v6_;
  int fd_ = -1;
};

using fixture = udp_ancillary_fixture;

} // namespace

BOOST_FIXTURE_TEST_SUITE(recv_ancillary_suite, fixture)

BOOST_AUTO_TEST_CASE(recv_returns_tos_and_ttl_while_asked_for) {
  BOOST_TEST_MESSAGE("Ensure that recv on an IPv4 socket with recvtos and "
                     "recvttl returns {Address, Port, [{ttl,T},{tos,S}], "
                     "Packet} for every datagram, in order and whole, then "
                     "only what is still on after setopts, and the plain "
                     "{Address, Port, Packet} once all are off");
  auto s = udp_open({inet::ip{lo4}, inet::active(false), inet::recvtos(true),
                 inet::recvttl(true)});
  marked_sender tx{false};
  BOOST_REQUIRE(tx.mark(16, 33));
  auto port = port_of(s);
  for (auto text : {"one", "two", "three"})
    BOOST_REQUIRE(tx.send(port, text));
  auto from = std::to_string(tx.port());
  for (auto text : {"one", "two", "three"})
    BOOST_TEST(text_of(gen_udp::recv(self(), s, 0, budget))
               == "{{127,0,0,1}," + from + ",[{ttl,33},{tos,16}],<<\""
                    + text + "\">>}");
  BOOST_REQUIRE(inet::setopts(self(), s, {inet::recvtos(false)}));
  BOOST_REQUIRE(tx.send(port, "ttl"));
  BOOST_TEST(text_of(gen_udp::recv(self(), s, 0, budget))
             == "{{127,0,0,1}," + from + ",[{ttl,33}],<<\"ttl\">>}");
  BOOST_REQUIRE(inet::setopts(self(), s, {inet::recvttl(false),
                                          inet::recvtos(true)}));
  BOOST_REQUIRE(tx.send(port, "tos"));
  auto d = gen_udp::recv(self(), s, 2, budget); // truncated as always
  BOOST_TEST(text_of(d) == "{{127,0,0,1}," + from + ",[{tos,16}],<<\"to\">>}");
  BOOST_REQUIRE(inet::setopts(self(), s, {inet::recvtos(false)}));
  BOOST_REQUIRE(tx.send(port, "plain"));
  d = gen_udp::recv(self(), s, 0, budget);
  BOOST_REQUIRE(d);
  BOOST_TEST(!d->ancillary.has_value());
  BOOST_TEST(text_of(d) == "{{127,0,0,1}," + from + ",<<\"plain\">>}");
}

BOOST_AUTO_TEST_CASE(active_socket_sends_the_six_tuple) {
  BOOST_TEST_MESSAGE("Ensure that an active socket with recvtos sends "
                     "{udp, S, IP, Port, AncData, Packet} (udp_msg with "
                     "ancillary set, printed with the list), also for a "
                     "sender with the default TOS 0, and {udp, S, IP, "
                     "Port, Packet} again after setopts turns it off");
  auto s = udp_open({inet::ip{lo4}, inet::recvtos(true)});
  marked_sender tx{false};
  BOOST_REQUIRE(tx.mark(16, 64));
  BOOST_REQUIRE(tx.send(port_of(s), "a"));
  auto m = expect<udp_msg>();
  BOOST_TEST((m.socket == s));
  BOOST_TEST(m.data.to_string() == "a");
  BOOST_TEST(m.port == tx.port());
  BOOST_TEST(anc_text(m.ancillary) == "[{tos,16}]");
  auto printed = to_string(caf::make_message(m));
  // udp(#Socket<N>, "127.0.0.1", Port, [{tos,16}], "a")
  BOOST_TEST(printed.find(std::to_string(tx.port()) + ", [{tos,16}], \"a\")")
               != std::string::npos,
             printed);
  marked_sender plain{false};
  BOOST_REQUIRE(plain.send(port_of(s), "b"));
  m = expect<udp_msg>();
  BOOST_TEST(anc_text(m.ancillary) == "[{tos,0}]");
  BOOST_REQUIRE(inet::setopts(self(), s, {inet::recvtos(false)}));
  BOOST_REQUIRE(tx.send(port_of(s), "c"));
  m = expect<udp_msg>();
  BOOST_TEST(m.data.to_string() == "c");
  BOOST_TEST(anc_text(m.ancillary) == "none");
  printed = to_string(caf::make_message(m));
  BOOST_TEST(printed.find("[") == std::string::npos, printed);
}

BOOST_AUTO_TEST_CASE(setopts_applies_to_the_receive_already_waiting) {
  BOOST_TEST_MESSAGE("Ensure that turning recvttl on while an active "
                     "socket waits for its next datagram (it always does) "
                     "gives that very datagram its ancillary data, as OTP "
                     "reads the options when it receives");
  auto s = udp_open({inet::ip{lo4}});
  marked_sender tx{false};
  BOOST_REQUIRE(tx.mark(0, 7));
  BOOST_REQUIRE(tx.send(port_of(s), "before"));
  auto m = expect<udp_msg>(); // the socket has a receive waiting again
  BOOST_TEST(anc_text(m.ancillary) == "none");
  BOOST_REQUIRE(inet::setopts(self(), s, {inet::recvttl(true)}));
  BOOST_REQUIRE(tx.send(port_of(s), "after"));
  m = expect<udp_msg>();
  BOOST_TEST(m.data.to_string() == "after");
  BOOST_TEST(anc_text(m.ancillary) == "[{ttl,7}]");
}

BOOST_AUTO_TEST_CASE(ipv6_sockets_receive_the_traffic_class) {
  BOOST_TEST_MESSAGE("Ensure that an IPv6 socket with recvtclass gets "
                     "[{tclass,C}] for an IPv6 datagram, that recvtos and "
                     "recvttl are accepted there (OTP 25) but bring nothing "
                     "for IPv6 traffic, and that an IPv6 socket with only "
                     "recvtos gets the 6-tuple with []");
  auto s = udp_open({inet::ip{lo6}, inet::active(false),
                 inet::recvtclass(true)});
  marked_sender tx{true};
  BOOST_REQUIRE(tx.mark(32, 9));
  BOOST_REQUIRE(tx.send(port_of(s), "v6"));
  auto from = std::to_string(tx.port());
  BOOST_TEST(text_of(gen_udp::recv(self(), s, 0, budget))
             == "{{0,0,0,0,0,0,0,1}," + from + ",[{tclass,32}],<<\"v6\">>}");
  BOOST_REQUIRE(inet::setopts(self(), s, {inet::recvtos(true),
                                          inet::recvttl(true)}));
  BOOST_TEST(opts_text(inet::getopts(self(), s,
                                     {n::recvtos, n::recvttl, n::recvtclass}))
             == "{recvtos,true}{recvttl,true}{recvtclass,true}");
  BOOST_REQUIRE(tx.send(port_of(s), "all"));
  BOOST_TEST(text_of(gen_udp::recv(self(), s, 0, budget))
             == "{{0,0,0,0,0,0,0,1}," + from + ",[{tclass,32}],<<\"all\">>}");
  auto t = udp_open({inet::inet6, inet::ip{lo6}, inet::active(false),
                 inet::recvtos(true)});
  BOOST_REQUIRE(tx.send(port_of(t), "none"));
  BOOST_TEST(text_of(gen_udp::recv(self(), t, 0, budget))
             == "{{0,0,0,0,0,0,0,1}," + from + ",[],<<\"none\">>}");
}

BOOST_AUTO_TEST_CASE(recvtclass_is_einval_on_ipv4_and_left_out_of_getopts) {
  BOOST_TEST_MESSAGE("Ensure that recvtclass, either value, is einval on an "
                     "IPv4 socket at open and in setopts, that getopts "
                     "leaves it out there, and that the defaults read back "
                     "false, as OTP 25 answers");
  BOOST_TEST(why(gen_udp::open(self(), 0, {inet::ip{lo4},
                                           inet::recvtclass(true)}))
             == "einval");
  BOOST_TEST(why(gen_udp::open(self(), 0, {inet::recvtclass(false)}))
             == "einval");
  auto s = udp_open({inet::ip{lo4}});
  BOOST_TEST(why(inet::setopts(self(), s, {inet::recvtclass(true)}))
             == "einval");
  BOOST_TEST(why(inet::setopts(self(), s, {inet::recvtclass(false)}))
             == "einval");
  BOOST_TEST(opts_text(inet::getopts(self(), s,
                                     {n::recvtos, n::recvttl, n::recvtclass}))
             == "{recvtos,false}{recvttl,false}");
  BOOST_TEST(opts_text(inet::getopts(self(), s, {n::recvtclass})) == "");
  auto s6 = udp_open({inet::ip{lo6}});
  BOOST_TEST(opts_text(inet::getopts(self(), s6, {n::recvtclass}))
             == "{recvtclass,false}");
  // The socket still works after the refused calls.
  BOOST_REQUIRE(inet::setopts(self(), s, {inet::active(false)}));
  marked_sender tx{false};
  BOOST_REQUIRE(tx.send(port_of(s), "x"));
  auto d = gen_udp::recv(self(), s, 0, budget);
  BOOST_REQUIRE(d);
  BOOST_TEST(d->data.to_string() == "x");
}

BOOST_AUTO_TEST_CASE(tcp_sockets_keep_the_options_and_their_messages) {
  BOOST_TEST_MESSAGE("Ensure that TCP sockets accept recvtos and recvttl "
                     "(listen and setopts) and report them, refuse "
                     "recvtclass on IPv4 with einval, and still deliver "
                     "plain {tcp, S, Data}, as OTP 25 does");
  auto ls = listen({inet::recvtos(true)});
  BOOST_TEST(opts_text(inet::getopts(self(), ls, {n::recvtos, n::recvttl,
                                                  n::recvtclass}))
             == "{recvtos,true}{recvttl,false}");
  BOOST_TEST(why(gen_tcp::listen(self(), 0, {inet::ip{lo4},
                                             inet::recvtclass(true)}))
             == "einval");
  auto peer = raw_peer::connect(port_of(ls));
  BOOST_REQUIRE(peer);
  auto s = gen_tcp::accept(self(), ls, budget);
  BOOST_REQUIRE(s);
  BOOST_REQUIRE(inet::setopts(self(), *s, {inet::recvttl(true)}));
  BOOST_TEST(opts_text(inet::getopts(self(), *s, {n::recvttl}))
             == "{recvttl,true}");
  BOOST_TEST(why(inet::setopts(self(), *s, {inet::recvtclass(false)}))
             == "einval");
  BOOST_REQUIRE(peer->write("data"));
  BOOST_TEST(expect_bytes(4) == "data");
}

BOOST_AUTO_TEST_SUITE_END()
