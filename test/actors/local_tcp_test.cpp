// gen_tcp over the local family (Unix domain sockets, spec 002 `local`
// and 004 inet:local_address/0): listen with {ifaddr, {local, File}},
// connect to {local, File}, the addresses both ends report, and the
// errors OTP 25 gives (checked by escript: eaddrinuse on a file that is
// still there, enoent for a missing one, badarg, here einval, for a bad
// path or a contradicting option).

#include <sys/stat.h>
#include <unistd.h>

#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include <otpnet/sock.hpp>

#include "support/loopback.hpp"
#include "support/scratch_dir.hpp"

using namespace otpnet;
using namespace otpnet::test;

namespace {

bool is_socket_file(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISSOCK(st.st_mode);
}

/// Sockets on files in a directory of the test's own.
struct local_fixture : loopback_fixture {
  scratch_dir dir;

  std::string file(const char* name = "s") const {
    return dir.file(name);
  }

  /// Listens on `path`, {packet, 2} unless `opts` say otherwise.
  otpnet::socket listen_on(const std::string& path,
                           gen_tcp::option_list opts = {}) {
    opts.insert(opts.begin(), {inet::ifaddr{inet::local_address{path}},
                               inet::packet(2)});
    auto ls = gen_tcp::listen(self(), 0, opts);
    BOOST_REQUIRE_MESSAGE(ls, "listen failed: " << why(ls));
    return *ls;
  }

  /// A connected pair over `path`: the connecting end ({packet, 2}, active)
  /// and the accepted one (with the options of `ls`).
  std::pair<otpnet::socket, otpnet::socket>
  connect_pair(const std::string& path,
               const otpnet::socket& ls,
               gen_tcp::option_list opts = {}) {
    opts.push_back(inet::packet(2));
    auto c = gen_tcp::connect(self(), inet::local_address{path}, 0, opts,
                              budget);
    BOOST_REQUIRE_MESSAGE(c, "connect failed: " << why(c));
    auto a = gen_tcp::accept(self(), ls, budget);
    BOOST_REQUIRE_MESSAGE(a, "accept failed: " << why(a));
    return {*c, *a};
  }

  std::string text_of(const caf::expected<inet::socket_address>& x) {
    if (!x)
      return "error " + why(x);
    return x->is_local() ? inet::to_term(*x->local) : "an IP address";
  }
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(local_tcp_suite, local_fixture)

BOOST_AUTO_TEST_CASE(a_connection_over_a_file_carries_packets_both_ways) {
  BOOST_TEST_MESSAGE("Ensure that listen on {ifaddr, {local, File}} makes "
                     "the socket file, that a connect to {local, File} is "
                     "accepted, and that packets go both ways, framed, in "
                     "active and passive mode, until close");
  auto path = file();
  auto ls = listen_on(path, {inet::packet(2), inet::active(false)});
  BOOST_TEST(is_socket_file(path));
  auto [c, a] = connect_pair(path, ls);
  BOOST_REQUIRE(gen_tcp::send(self(), c, binary{"ping"}));
  BOOST_REQUIRE(gen_tcp::send(self(), c, binary{"again"}));
  auto first = gen_tcp::recv(self(), a, 0, budget);
  auto second = gen_tcp::recv(self(), a, 0, budget);
  BOOST_REQUIRE(first);
  BOOST_REQUIRE(second);
  BOOST_TEST(first->to_string() == "ping");
  BOOST_TEST(second->to_string() == "again");
  BOOST_REQUIRE(gen_tcp::send(self(), a, binary{"pong"}));
  auto reply = expect<tcp_msg>();
  BOOST_TEST(reply.data.to_string() == "pong");
  BOOST_TEST((reply.socket == c));
  BOOST_REQUIRE(gen_tcp::close(self(), c));
  BOOST_TEST(why(gen_tcp::recv(self(), a, 0, budget)) == "closed");
}

BOOST_AUTO_TEST_CASE(both_ends_report_local_addresses) {
  BOOST_TEST_MESSAGE("Ensure that sockname and peername answer {local, "
                     "File} for the listening side and {local, <<>>} for "
                     "an unnamed connecting socket, and the connecting "
                     "socket's file when it binds one with ifaddr; and "
                     "that inet::port, a number, is einval");
  auto path = file();
  auto ls = listen_on(path);
  auto named = "{local,<<\"" + path + "\">>}";
  BOOST_TEST(text_of(inet::sockname(self(), ls)) == named);
  BOOST_TEST(why(inet::port(self(), ls)) == "einval"); // a file, no port
  auto [c, a] = connect_pair(path, ls);
  BOOST_TEST(text_of(inet::sockname(self(), a)) == named);
  BOOST_TEST(text_of(inet::peername(self(), c)) == named);
  BOOST_TEST(text_of(inet::sockname(self(), c)) == "{local,<<>>}");
  BOOST_TEST(text_of(inet::peername(self(), a)) == "{local,<<>>}");
  BOOST_TEST((*inet::sockname(self(), a)
              == inet::local_socket_address(path)));

  auto client_file = file("client");
  auto [c2, a2] = connect_pair(
    path, ls, {inet::ifaddr{inet::local_address{client_file}}});
  BOOST_TEST(text_of(inet::sockname(self(), c2))
             == "{local,<<\"" + client_file + "\">>}");
  BOOST_TEST(text_of(inet::peername(self(), a2))
             == "{local,<<\"" + client_file + "\">>}");
}

BOOST_AUTO_TEST_CASE(the_file_outlives_the_socket_as_in_otp) {
  BOOST_TEST_MESSAGE("Ensure that the socket file stays after close (OTP "
                     "does not remove it), so a second listen on it is "
                     "eaddrinuse until it is removed");
  auto path = file();
  auto ls = listen_on(path);
  BOOST_TEST(why(gen_tcp::listen(
               self(), 0, {inet::ifaddr{inet::local_address{path}}}))
             == "eaddrinuse");
  BOOST_REQUIRE(gen_tcp::close(self(), ls));
  BOOST_TEST(is_socket_file(path));
  BOOST_TEST(why(gen_tcp::listen(
               self(), 0, {inet::ifaddr{inet::local_address{path}}}))
             == "eaddrinuse");
  BOOST_REQUIRE(::unlink(path.c_str()) == 0);
  listen_on(path);
}

BOOST_AUTO_TEST_CASE(a_missing_file_is_enoent_and_a_dead_one_econnrefused) {
  BOOST_TEST_MESSAGE("Ensure that connecting to a file nobody made is "
                     "enoent, and to one whose listener is closed "
                     "econnrefused, as the kernel answers");
  BOOST_TEST(why(gen_tcp::connect(self(), inet::local_address{file()}, 0,
                                  {}, budget))
             == "enoent");
  auto ls = listen_on(file());
  BOOST_REQUIRE(gen_tcp::close(self(), ls));
  BOOST_TEST(why(gen_tcp::connect(self(), inet::local_address{file()}, 0,
                                  {}, budget))
             == "econnrefused");
}

BOOST_AUTO_TEST_CASE(a_full_backlog_is_eagain_not_a_dead_socket) {
  BOOST_TEST_MESSAGE("Ensure that a connect to a local listener whose "
                     "backlog is full is eagain (OTP 25 answers ok with a "
                     "socket that never connected), that every connect "
                     "that succeeds is connected, and that one succeeds "
                     "again once a connection is accepted");
  auto path = file();
  auto ls = listen_on(path, {inet::backlog(1)});
  std::vector<otpnet::socket> queued;
  std::string last = "ok";
  for (int i = 0; i < 10 && last == "ok"; ++i) {
    auto c = gen_tcp::connect(self(), inet::local_address{path}, 0, {},
                              budget);
    last = why(c);
    if (c)
      queued.push_back(*c);
  }
  BOOST_TEST(last == "eagain");
  BOOST_TEST(!queued.empty());
  for (const auto& c : queued)
    BOOST_TEST(text_of(inet::peername(self(), c))
               == "{local,<<\"" + path + "\">>}");
  BOOST_REQUIRE(gen_tcp::accept(self(), ls, budget));
  BOOST_TEST(why(gen_tcp::connect(self(), inet::local_address{path}, 0, {},
                                  budget))
             == "ok");
}

BOOST_AUTO_TEST_CASE(bad_paths_and_contradicting_options_are_einval) {
  BOOST_TEST_MESSAGE("Ensure that an empty path, one over 107 bytes or "
                     "with a NUL inside, a port, inet6 or `local` without "
                     "a file are einval (OTP: badarg), and nothing is "
                     "created");
  auto local = [](std::string p) { return inet::local_address{std::move(p)}; };
  std::string too_long = dir.file(std::string(120, 'x'));
  auto fits = std::string(inet::max_local_path - dir.path.size() - 1, 'y');
  auto nul_inside = file() + std::string{"\0x", 2};
  for (const auto& p : {std::string{}, too_long, nul_inside})
    BOOST_TEST(why(gen_tcp::listen(self(), 0, {inet::ifaddr{local(p)}}))
               == "einval");
  for (const auto& p : {std::string{}, too_long})
    BOOST_TEST(why(gen_tcp::connect(self(), local(p), 0, {}, budget))
               == "einval");
  BOOST_TEST(why(gen_tcp::listen(self(), 7, {inet::ifaddr{local(file())}}))
             == "einval");
  BOOST_TEST(why(gen_tcp::listen(self(), 0, {inet::ifaddr{local(file())},
                                             inet::inet6}))
             == "einval");
  BOOST_TEST(why(gen_tcp::listen(self(), 0, {inet::local})) == "einval");
  BOOST_TEST(why(gen_tcp::connect(self(), local(file()), 80, {}, budget))
             == "einval");
  BOOST_TEST(why(gen_tcp::connect(self(), local(file()), 0, {inet::inet6},
                                  budget))
             == "einval");
  BOOST_TEST(!is_socket_file(file()));
  // The longest path that fits works.
  auto longest = dir.file(fits);
  BOOST_REQUIRE(longest.size() == inet::max_local_path);
  auto ls = listen_on(longest);
  auto [c, a] = connect_pair(longest, ls);
  BOOST_TEST(text_of(inet::sockname(self(), a))
             == "{local,<<\"" + longest + "\">>}");
}

BOOST_AUTO_TEST_CASE(an_abstract_name_needs_no_file) {
  BOOST_TEST_MESSAGE("Ensure that a name starting with NUL (Linux's "
                     "abstract namespace) listens and connects without a "
                     "file, and sockname answers it with its NUL");
  auto name = std::string{"\0otpnet-test-", 13} + std::to_string(::getpid());
  auto ls = listen_on(name);
  auto [c, a] = connect_pair(name, ls);
  BOOST_REQUIRE(gen_tcp::send(self(), a, binary{"hi"}));
  BOOST_TEST(expect<tcp_msg>().data.to_string() == "hi");
  auto s = inet::sockname(self(), ls);
  BOOST_REQUIRE(s);
  BOOST_TEST((*s == inet::local_socket_address(name)));
}

BOOST_AUTO_TEST_CASE(options_a_local_socket_has_and_has_not) {
  BOOST_TEST_MESSAGE("Ensure that a local socket takes socket-level "
                     "options (recbuf reads back the kernel's value), "
                     "takes nodelay without effect and getopts leaves it "
                     "out, and refuses IP-level options (tos, ttl...) at "
                     "creation and in setopts with einval, as OTP 25 does");
  auto path = file();
  auto ls = listen_on(path, {inet::nodelay(true)});
  auto [c, a] = connect_pair(path, ls, {inet::nodelay(true)});
  BOOST_REQUIRE(inet::setopts(self(), c, {inet::recbuf(8192)}));
  using n = inet::option_name;
  auto got = inet::getopts(self(), c,
                           {n::nodelay, n::keepalive, n::recbuf, n::tos,
                            n::ttl, n::recvtos, n::priority, n::reuseport});
  // The kernel doubles recbuf; SO_PRIORITY is a socket-level option.
  BOOST_TEST(opts_text(got)
             == "{keepalive,false}{recbuf,16384}{priority,0}");
  BOOST_TEST(
    static_cast<bool>(inet::setopts(self(), a, {inet::nodelay(false)})));
  BOOST_TEST(why(inet::setopts(self(), c, {inet::tos(16)})) == "einval");
  BOOST_TEST(why(inet::setopts(self(), c, {inet::reuseport(true)}))
             == "einval");
  BOOST_TEST(why(gen_tcp::connect(self(), inet::local_address{path}, 0,
                                  {inet::ttl(5)}, budget))
             == "einval");
  BOOST_TEST(why(gen_tcp::listen(self(), 0,
                                 {inet::ifaddr{inet::local_address{file("t")}},
                                  inet::tos(16)}))
             == "einval");
}

BOOST_AUTO_TEST_CASE(i_lists_local_sockets_as_local_tcp) {
  BOOST_TEST_MESSAGE("Ensure that format_i shows a local socket's module "
                     "as local_tcp and its address as local:File");
  auto path = file();
  auto ls = listen_on(path);
  auto [c, a] = connect_pair(path, ls);
  auto text = inet::format_i(self(), inet::socket_protocol::tcp,
                             {inet::i_field::module,
                              inet::i_field::local_address});
  BOOST_TEST(text.find("local_tcp local:" + path) != std::string::npos,
             text);
}

BOOST_AUTO_TEST_CASE(the_socket_module_has_no_local_domain_yet) {
  BOOST_TEST_MESSAGE("Ensure that the socket module's bind or connect to a "
                     "local address is eafnosupport (its local domain is "
                     "not offered yet), never address 0.0.0.0:0");
  auto to = inet::local_socket_address(file());
  auto s = sock::open(self(), sock::domain::inet, sock::type::stream);
  BOOST_REQUIRE(s);
  BOOST_TEST(why(sock::bind(self(), *s, to)) == "eafnosupport");
  BOOST_TEST(why(sock::connect(self(), *s, to, budget)) == "eafnosupport");
  BOOST_REQUIRE(sock::close(self(), *s));
}

BOOST_AUTO_TEST_SUITE_END()
