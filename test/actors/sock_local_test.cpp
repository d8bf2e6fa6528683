// The socket module's `local` domain (spec 003: socket:open(local, stream
// | dgram | seqpacket), sockaddr_un() #{family => local, path => Path} in bind,
// connect, sendto, sockname, peername, recvfrom, recvmsg), with OTP 25's
// answers (checked by escript on this machine): protocol `default` in
// getopt and `ip` in info, eprotonosupport for tcp or udp, einval for an
// IP address on a local socket and eafnosupport for a local address on an
// IP socket, enotsup for TCP- and IP-level options, {local,<<>>} for an
// unnamed socket, the kernel's autobind for an empty path.

#include <unistd.h>

#include <string>

#include <boost/test/unit_test.hpp>

#include <otpnet/sock.hpp>
#include <otpnet/sock_info.hpp>

#include "support/scratch_dir.hpp"
#include "support/sock_fixture.hpp"

using namespace otpnet;
using namespace otpnet::test;

namespace {

struct sock_local_fixture : sock_fixture {
  scratch_dir dir;

  inet::socket_address at(const char* name) const {
    return inet::local_socket_address(dir.file(name));
  }

  sock::socket open_local(sock::type t = sock::type::stream) {
    return open(sock::domain::local, t);
  }

  /// OTP's {local, Path} as otpnet prints a local socket_address.
  static std::string term(const caf::expected<inet::socket_address>& x) {
    if (!x)
      return "error " + why(x);
    return x->is_local() ? inet::to_term(*x->local) : "an IP address";
  }

  std::string file_term(const char* name) const {
    return "{local,<<\"" + dir.file(name) + "\">>}";
  }

  /// recv's answer as text: the bytes, or the error's atom.
  std::string recv_text(const sock::socket& s, size_t n) {
    auto r = sock::recv(self(), s, n, budget);
    return r ? "<" + r->to_string() + ">" : why(r);
  }

  /// getopt {socket, type} as text.
  std::string type_of(const sock::socket& s) {
    auto v = sock::getopt(self(), s, {sock::level::socket, sock::name::type});
    return v ? sock::to_string(*v) : why(v);
  }
};

using sock::level;
using sock::name;

} // namespace

BOOST_FIXTURE_TEST_SUITE(sock_local_suite, sock_local_fixture)

BOOST_AUTO_TEST_CASE(open_reports_domain_type_and_protocol_as_otp) {
  BOOST_TEST_MESSAGE("Ensure that open(local, stream | dgram) gives a "
                     "socket whose getopt says domain local and protocol "
                     "default, whose info says protocol ip, that tcp "
                     "or udp as protocol is eprotonosupport, and that "
                     "{otp, rcvbuf} as {Count, Size}, for TCP streams "
                     "(spec 003), is einval");
  auto s = open_local();
  auto d = open_local(sock::type::dgram);
  BOOST_TEST((sock::getopt(self(), s, {level::socket, name::domain})
              == sock::value{sock::domain::local}));
  BOOST_TEST((sock::getopt(self(), d, {level::socket, name::protocol})
              == sock::value{sock::protocol::default_}));
  BOOST_TEST((sock::getopt(self(), d, {level::socket, name::type})
              == sock::value{sock::type::dgram}));
  BOOST_TEST(why(sock::setopt(self(), s, {level::otp, name::rcvbuf},
                              sock::rcvbuf_reads{3, 100}))
             == "einval");
  auto i = sock::info(self(), s);
  BOOST_REQUIRE(i);
  BOOST_TEST(to_string(*i).find("domain => local") != std::string::npos);
  BOOST_TEST(to_string(*i).find("protocol => ip,") != std::string::npos);
  BOOST_TEST(why(sock::open(self(), sock::domain::local, sock::type::stream,
                            sock::protocol::tcp))
             == "eprotonosupport");
  BOOST_TEST(why(sock::open(self(), sock::domain::local, sock::type::dgram,
                            sock::protocol::udp))
             == "eprotonosupport");
  BOOST_TEST(ok(sock::open(self(), sock::domain::local, sock::type::stream,
                           sock::protocol::default_)));
  auto locals = sock::which_sockets(self(), [](const sock::socket_info& x) {
    return x.domain == sock::domain::local;
  });
  BOOST_TEST(locals.size() == 3u);
}

BOOST_AUTO_TEST_CASE(stream_sockets_connect_by_file) {
  BOOST_TEST_MESSAGE("Ensure that a local stream socket bound to a file "
                     "listens, accepts a connect to that file, carries "
                     "bytes both ways in order, names the file as the "
                     "listener's and acceptor's sockname and the client's "
                     "peername and {local,<<>>} for the unnamed client, "
                     "and reports the peer's close as closed");
  auto l = open_local();
  BOOST_REQUIRE(sock::bind(self(), l, at("s")));
  BOOST_TEST(why(sock::bind(self(), open_local(), at("s"))) == "eaddrinuse");
  BOOST_REQUIRE(sock::listen(self(), l));
  auto c = open_local();
  BOOST_TEST(term(sock::sockname(self(), c)) == "{local,<<>>}");
  auto r = sock::connect(self(), c, at("s"), budget);
  BOOST_REQUIRE_MESSAGE(r, "connect failed: " << why(r));
  auto a = sock::accept(self(), l, budget);
  BOOST_REQUIRE_MESSAGE(a, "accept failed: " << why(a));
  BOOST_TEST(term(sock::sockname(self(), l)) == file_term("s"));
  BOOST_TEST(term(sock::sockname(self(), *a)) == file_term("s"));
  BOOST_TEST(term(sock::peername(self(), c)) == file_term("s"));
  BOOST_TEST(term(sock::sockname(self(), c)) == "{local,<<>>}");
  BOOST_TEST(term(sock::peername(self(), *a)) == "{local,<<>>}");
  send(c, "hello ");
  send(c, "world");
  std::string got;
  while (got.size() < 11) {
    auto part = sock::recv(self(), *a, 0, budget);
    BOOST_REQUIRE_MESSAGE(part, "recv failed: " << why(part));
    got += part->to_string();
  }
  BOOST_TEST(got == "hello world");
  send(*a, "back");
  auto back = sock::recv(self(), c, 4, budget);
  BOOST_REQUIRE(back);
  BOOST_TEST(back->to_string() == "back");
  BOOST_REQUIRE(sock::close(self(), c));
  BOOST_TEST(why(sock::recv(self(), *a, 0, budget)) == "closed");
  BOOST_TEST(ok(sock::close(self(), *a)));
  BOOST_TEST(ok(sock::close(self(), l)));
}

BOOST_AUTO_TEST_CASE(seqpacket_sockets_keep_records_on_a_connection) {
  BOOST_TEST_MESSAGE("Ensure that local seqpacket sockets listen, accept "
                     "and connect by file as streams do, that each send "
                     "arrives as one record (two sends are two recvs, an "
                     "empty send an empty record), that recv(S, N) of a "
                     "longer record gets its first N bytes and the rest is "
                     "lost (recvmsg says trunc), that getopt type and info "
                     "say seqpacket, accepted sockets too, and that the "
                     "peer's close reads as closed and a send to it epipe");
  auto l = open_local(sock::type::seqpacket);
  BOOST_REQUIRE(sock::bind(self(), l, at("q")));
  BOOST_REQUIRE(sock::listen(self(), l));
  auto c = open_local(sock::type::seqpacket);
  auto r = sock::connect(self(), c, at("q"), budget);
  BOOST_REQUIRE_MESSAGE(r, "connect failed: " << why(r));
  auto a = sock::accept(self(), l, budget);
  BOOST_REQUIRE_MESSAGE(a, "accept failed: " << why(a));
  BOOST_TEST(type_of(l) == "seqpacket");
  BOOST_TEST(type_of(c) == "seqpacket");
  BOOST_TEST(type_of(*a) == "seqpacket");
  BOOST_TEST(term(sock::peername(self(), c)) == file_term("q"));
  auto i = sock::info(self(), *a);
  BOOST_REQUIRE(i);
  BOOST_TEST((i->type == sock::type::seqpacket));
  BOOST_TEST(to_string(*i).find("type => seqpacket}") != std::string::npos);
  // Both queued before the first recv: a stream would read them as one.
  send(c, "one");
  send(c, "two");
  BOOST_TEST(recv_text(*a, 0) == "<one>");
  BOOST_TEST(recv_text(*a, 0) == "<two>");
  send(c, "abcdef");
  send(c, "gh");
  BOOST_TEST(recv_text(*a, 3) == "<abc>");
  BOOST_TEST(recv_text(*a, 0) == "<gh>");
  send(c, "hello");
  auto m = sock::recvmsg(self(), *a, 2, 0, {}, budget);
  BOOST_REQUIRE_MESSAGE(m, "recvmsg failed: " << why(m));
  BOOST_TEST(to_string(*m)
             == "#{ctrl => [],flags => [trunc],iov => [<<\"he\">>]}");
  BOOST_REQUIRE(sock::sendmsg(self(), *a, {std::nullopt,
                                           {binary{"x"}, binary{"yz"}}, {}},
                              {}, budget));
  send(*a, "back");
  BOOST_TEST(recv_text(c, 0) == "<xyz>");
  BOOST_TEST(recv_text(c, 0) == "<back>");
  send(c, "");
  BOOST_TEST(recv_text(*a, 0) == "<>");
  BOOST_REQUIRE(sock::close(self(), c));
  BOOST_TEST(recv_text(*a, 0) == "closed");
  BOOST_TEST(recv_text(*a, 0) == "closed");
  BOOST_TEST(why(sock::send(self(), *a, binary{"late"}, budget)) == "epipe");
  for (auto& x : {*a, l})
    BOOST_TEST(ok(sock::close(self(), x)));
}

BOOST_AUTO_TEST_CASE(seqpacket_shutdown_and_the_other_types) {
  BOOST_TEST_MESSAGE("Ensure that on an abstract name a seqpacket peer's "
                     "shutdown(write) reads as closed after the records "
                     "it sent, that a stream socket cannot connect to a "
                     "seqpacket listener nor a seqpacket socket to a "
                     "stream's (the kernel's answers: econnrefused for an "
                     "abstract name, which it looks up with the type, "
                     "eprototype for a file), and that seqpacket on inet "
                     "or inet6 is esocktnosupport");
  std::string name{"\0otpnet-seqpacket-", 18};
  name += std::to_string(::getpid());
  auto abstract = inet::local_socket_address(name);
  auto l = open_local(sock::type::seqpacket);
  BOOST_REQUIRE(sock::bind(self(), l, abstract));
  BOOST_REQUIRE(sock::listen(self(), l));
  auto c = open_local(sock::type::seqpacket);
  BOOST_REQUIRE(sock::connect(self(), c, abstract, budget));
  auto a = sock::accept(self(), l, budget);
  BOOST_REQUIRE_MESSAGE(a, "accept failed: " << why(a));
  send(c, "last");
  BOOST_REQUIRE(sock::shutdown(self(), c, sock::shutdown_how::write));
  BOOST_TEST(recv_text(*a, 0) == "<last>");
  BOOST_TEST(recv_text(*a, 0) == "closed");
  send(*a, "still"); // the other direction stays open
  BOOST_TEST(recv_text(c, 0) == "<still>");
  BOOST_TEST(why(sock::connect(self(), open_local(), abstract, budget))
             == "econnrefused");
  auto s = open_local();
  BOOST_REQUIRE(sock::bind(self(), s, at("s")));
  BOOST_REQUIRE(sock::listen(self(), s));
  BOOST_TEST(why(sock::connect(self(), open_local(sock::type::seqpacket),
                               at("s"), budget))
             == "eprototype");
  for (auto d : {sock::domain::inet, sock::domain::inet6})
    BOOST_TEST(why(sock::open(self(), d, sock::type::seqpacket))
               == "esocktnosupport");
}

BOOST_AUTO_TEST_CASE(peek_off_moves_where_a_peek_starts) {
  BOOST_TEST_MESSAGE("Ensure that {socket, peek_off} reads -1 (off) on a "
                     "fresh local socket, that once set each recv with "
                     "peek starts where the last one ended and moves it on, "
                     "that a plain recv takes the bytes from the start and "
                     "pulls the offset back, and that -1 turns it off: the "
                     "kernel's SO_PEEK_OFF, which OTP 25 sets too");
  auto l = open_local();
  BOOST_REQUIRE(sock::bind(self(), l, at("p")));
  BOOST_REQUIRE(sock::listen(self(), l));
  auto c = open_local();
  BOOST_REQUIRE(sock::connect(self(), c, at("p"), budget));
  auto a = sock::accept(self(), l, budget);
  BOOST_REQUIRE_MESSAGE(a, "accept failed: " << why(a));
  sock::option peek_off{level::socket, name::peek_off};
  auto get = [&] {
    auto v = sock::getopt(self(), *a, peek_off);
    return v ? sock::to_string(*v) : why(v);
  };
  auto peek = [&](size_t n) {
    auto got = sock::recv(self(), *a, n, {sock::msg_flag::peek}, budget);
    return got ? got->to_string() : why(got);
  };
  BOOST_TEST(get() == "-1");
  BOOST_REQUIRE(sock::setopt(self(), *a, peek_off, 0));
  send(c, "abcdef");
  BOOST_TEST(peek(2) == "ab");
  BOOST_TEST(peek(2) == "cd");
  BOOST_TEST(get() == "4");
  auto three = sock::recv(self(), *a, 3, budget);
  BOOST_REQUIRE(three);
  BOOST_TEST(three->to_string() == "abc");
  BOOST_TEST(get() == "1");
  BOOST_TEST(peek(1) == "e");
  BOOST_REQUIRE(sock::setopt(self(), *a, peek_off, -1));
  BOOST_TEST(peek(2) == "de");
  BOOST_TEST(peek(2) == "de");
  BOOST_TEST(why(sock::setopt(self(), *a, peek_off, true)) == "einval");
  for (auto& x : {c, *a, l})
    BOOST_TEST(ok(sock::close(self(), x)));
}

BOOST_AUTO_TEST_CASE(datagrams_name_their_sender) {
  BOOST_TEST_MESSAGE("Ensure that local datagram sockets exchange "
                     "datagrams by file, recvfrom naming a bound sender's "
                     "file and an unnamed sender {local,<<>>}, recvmsg "
                     "leaving an unnamed sender's address out (as OTP), "
                     "and that a sendto to a missing file is enoent");
  auto a = open_local(sock::type::dgram);
  auto b = open_local(sock::type::dgram);
  BOOST_REQUIRE(sock::bind(self(), a, at("a")));
  BOOST_REQUIRE(sock::bind(self(), b, at("b")));
  BOOST_REQUIRE(sock::sendto(self(), a, binary{"one"}, at("b"), budget));
  auto d = sock::recvfrom(self(), b, 0, budget);
  BOOST_REQUIRE_MESSAGE(d, "recvfrom failed: " << why(d));
  BOOST_TEST(d->data.to_string() == "one");
  BOOST_TEST(term(d->from) == file_term("a"));
  auto unnamed = open_local(sock::type::dgram);
  BOOST_REQUIRE(sock::sendto(self(), unnamed, binary{"two"}, at("b")));
  d = sock::recvfrom(self(), b, 0, budget);
  BOOST_REQUIRE(d);
  BOOST_TEST(d->data.to_string() == "two");
  BOOST_TEST(term(d->from) == "{local,<<>>}");
  BOOST_REQUIRE(sock::sendto(self(), unnamed, binary{"three"}, at("b")));
  auto m = sock::recvmsg(self(), b, 0, 0, {}, budget);
  BOOST_REQUIRE_MESSAGE(m, "recvmsg failed: " << why(m));
  BOOST_TEST(to_string(*m)
             == "#{ctrl => [],flags => [],iov => [<<\"three\">>]}");
  BOOST_REQUIRE(sock::sendto(self(), a, binary{"four"}, at("b")));
  m = sock::recvmsg(self(), b, 0, 0, {}, budget);
  BOOST_REQUIRE(m);
  BOOST_TEST(to_string(*m)
             == "#{addr => #{family => local,path => <<\"" + dir.file("a")
                  + "\">>},ctrl => [],flags => [],iov => [<<\"four\">>]}");
  BOOST_TEST(why(sock::sendto(self(), a, binary{"x"}, at("none"))) == "enoent");
}

BOOST_AUTO_TEST_CASE(abstract_names_and_autobind) {
  BOOST_TEST_MESSAGE("Ensure that a local socket binds to an abstract name "
                     "(a leading NUL, no file) and reads it back, and that "
                     "an empty path is the kernel's autobind: an abstract "
                     "name of six bytes");
  std::string abstract{"\0otpnet-sock-test-", 18};
  abstract += std::to_string(::getpid());
  auto s = open_local();
  BOOST_REQUIRE(sock::bind(self(), s, inet::local_socket_address(abstract)));
  auto n = sock::sockname(self(), s);
  BOOST_REQUIRE(n && n->is_local());
  BOOST_TEST(n->local->path == abstract);
  auto auto_bound = open_local(sock::type::dgram);
  BOOST_REQUIRE(sock::bind(self(), auto_bound, inet::local_socket_address("")));
  n = sock::sockname(self(), auto_bound);
  BOOST_REQUIRE(n && n->is_local());
  BOOST_TEST(n->local->path.size() == 6u);
  BOOST_TEST(n->local->path[0] == '\0');
}

BOOST_AUTO_TEST_CASE(addresses_and_options_of_the_wrong_family_fail) {
  BOOST_TEST_MESSAGE("Ensure that an IP address on a local socket is "
                     "einval and a local address on an IP socket "
                     "eafnosupport, that a path too long, with a NUL in a "
                     "file name, or empty in connect is einval, a missing "
                     "file enoent, and that TCP- and IP-level options are "
                     "enotsup while socket-level ones work, as OTP 25");
  auto s = open_local();
  BOOST_TEST(why(sock::bind(self(), s, lo4)) == "einval");
  BOOST_TEST(why(sock::connect(self(), s, lo4, budget)) == "einval");
  auto ip = open();
  BOOST_TEST(why(sock::bind(self(), ip, at("x"))) == "eafnosupport");
  BOOST_TEST(why(sock::connect(self(), ip, at("x"), budget))
             == "eafnosupport");
  auto long_path = inet::local_socket_address(std::string(120, 'x'));
  BOOST_TEST(why(sock::bind(self(), s, long_path)) == "einval");
  auto nul = inet::local_socket_address(dir.file("a") + std::string{"\0b", 2});
  BOOST_TEST(why(sock::bind(self(), s, nul)) == "einval");
  BOOST_TEST(why(sock::connect(self(), s, inet::local_socket_address(""),
                               budget))
             == "einval");
  BOOST_TEST(why(sock::connect(self(), s, at("none"), budget)) == "enoent");
  auto c = open_local();
  BOOST_TEST(why(sock::getopt(self(), c, {level::tcp, name::nodelay}))
             == "enotsup");
  BOOST_TEST(why(sock::setopt(self(), c, {level::tcp, name::nodelay}, true))
             == "enotsup");
  BOOST_TEST(why(sock::setopt(self(), c, {level::ip, name::tos}, 16))
             == "enotsup");
  BOOST_REQUIRE(sock::setopt(self(), c, {level::socket, name::rcvbuf}, 65536));
  auto rcvbuf = sock::getopt(self(), c, {level::socket, name::rcvbuf});
  BOOST_REQUIRE(rcvbuf);
  BOOST_TEST((*rcvbuf == sock::value{131072})); // the kernel doubles it
}

BOOST_AUTO_TEST_SUITE_END()
