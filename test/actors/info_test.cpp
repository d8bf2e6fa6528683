// inet:info/1 and inet:i/0..2 over loopback: each socket reports its
// status flags (listen, accepting, connected, busy), counters, owner and
// monitors; a closed one answers {closed}; the table lists the runtime's
// open sockets in creation order and drops closed ones.

#include <chrono>
#include <algorithm>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <unistd.h>

#include <boost/test/unit_test.hpp>

#include "support/spawn.hpp"

#include "support/loopback.hpp"

using namespace otpnet;
using namespace otpnet::test;
using S = inet::socket_state;

namespace {

using states_t = std::vector<S>;
using go_atom = caf::atom_constant<caf::atom("go")>;

uint64_t counter(const inet::socket_info& x, inet::stat_option name) {
  for (const auto& [k, v] : x.counters)
    if (k == name)
      return v;
  return ~uint64_t{0};
}

struct info_fixture : loopback_fixture {
  inet::socket_info info_of(const otpnet::socket& s) {
    auto x = inet::info(self(), s);
    BOOST_REQUIRE_MESSAGE(x, "info failed: " << why(x));
    return *x;
  }

  /// Asks `s` until its states are `want` (other actors' requests reach it
  /// in their own time); false after the budget.
  bool eventually(const otpnet::socket& s, const states_t& want) {
    auto deadline = std::chrono::steady_clock::now() + budget;
    while (std::chrono::steady_clock::now() < deadline)
      if (info_of(s).states == want)
        return true;
    return false;
  }

  std::string owner_text() {
    return "<0." + std::to_string(self()->id()) + ".0>";
  }
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(info_suite, info_fixture)

BOOST_AUTO_TEST_CASE(a_listen_socket_reports_listen_and_accepting) {
  BOOST_TEST_MESSAGE("Ensure that a listen socket's info is [listen, open] "
                     "with zero counters and its owner, and [accepting, "
                     "listen, open] while an accept waits");
  auto ls = listen();
  auto x = info_of(ls);
  BOOST_TEST((x.states == states_t{S::listen, S::open}));
  BOOST_TEST(x.counters.size() == inet::all_stat_options.size());
  BOOST_TEST(counter(x, inet::stat_option::recv_oct) == 0u);
  BOOST_TEST((x.owner == self()->address()));
  BOOST_REQUIRE(x.sockname);
  BOOST_TEST(x.sockname->port == port_of(ls));
  BOOST_TEST((x.peername.error() == errc::enotconn));
  auto acceptor = spawn_lambda(sys(), [ls](caf::event_based_actor* a) {
    gen_tcp::accept(a, ls, budget).then([](caf::expected<otpnet::socket>) {});
  });
  BOOST_TEST(eventually(ls, {S::accepting, S::listen, S::open}));
  auto peer = raw_peer::connect(port_of(ls));
  BOOST_REQUIRE(peer);
  BOOST_TEST(eventually(ls, {S::listen, S::open}));
  self()->send_exit(acceptor, caf::exit_reason::user_shutdown);
}

BOOST_AUTO_TEST_CASE(a_connected_socket_reports_counters_owner_monitors) {
  BOOST_TEST_MESSAGE("Ensure that a connected socket's info is [connected, "
                     "open] with getstat's counters, its owner and the "
                     "actors monitoring it, printed as OTP prints the map");
  // Passive from the start: a setopts({active, false}) may travel one way,
  // so data could still be delivered actively before it takes effect.
  auto ls = listen({inet::active(false)});
  auto [s, peer] = accept_peer(ls);
  BOOST_REQUIRE(peer.write("hello"));
  auto got = gen_tcp::recv(self(), s, 5, budget);
  BOOST_REQUIRE(got);
  auto x = info_of(s);
  BOOST_TEST((x.states == states_t{S::connected, S::open}));
  BOOST_TEST(counter(x, inet::stat_option::recv_oct) == 5u);
  BOOST_TEST(counter(x, inet::stat_option::recv_cnt) == 1u);
  BOOST_TEST(x.monitors.empty());
  BOOST_REQUIRE(x.peername);
  BOOST_TEST((x.peername->addr == inet::ip_address::loopback_v4()));
  BOOST_TEST(to_string(x)
             == "#{counters => #{recv_avg => 5,recv_cnt => 1,recv_dvi => 0,"
                "recv_max => 5,recv_oct => 5,send_avg => 0,send_cnt => 0,"
                "send_max => 0,send_oct => 0,send_pend => 0},"
                "monitors => [],owner => "
                  + owner_text() + ",states => [connected,open]}");
  auto ref = inet::monitor(self(), s);
  auto watched = info_of(s);
  BOOST_TEST((watched.monitors == std::vector<caf::actor_addr>{
                                    self()->address()}));
  BOOST_TEST(inet::cancel_monitor(self(), ref));
}

BOOST_AUTO_TEST_CASE(a_socket_over_its_high_watermark_is_busy) {
  BOOST_TEST_MESSAGE("Ensure that a socket whose queue passed "
                     "high_watermark (peer not reading) reports busy");
  auto ls = listen({inet::high_watermark(4096), inet::low_watermark(2048),
                    inet::sndbuf(4096)});
  auto [s, peer] = accept_peer(ls);
  // A sender that keeps the queue full; it is suspended once busy. Each
  // chunk is a message to itself (no self-referencing callback to leak).
  auto sender = spawn_lambda(sys(), [s = s](caf::event_based_actor* a) {
    auto chunk = binary{std::string(65536, 'x')};
    a->send(a, go_atom::value, 512);
    return caf::behavior{[a, s, chunk](go_atom, int left) {
      if (left == 0)
        return;
      gen_tcp::send(a, s, chunk).await([a, left](caf::expected<void> r) {
        if (r)
          a->send(a, go_atom::value, left - 1);
      });
    }};
  });
  BOOST_TEST(eventually(s, {S::busy, S::connected, S::open}));
  self()->send_exit(sender, caf::exit_reason::user_shutdown);
}

BOOST_AUTO_TEST_CASE(a_closed_socket_reports_closed) {
  BOOST_TEST_MESSAGE("Ensure that info on a closed socket answers "
                     "[closed], printed #{states => [closed]}");
  auto ls = listen();
  BOOST_REQUIRE(gen_tcp::close(self(), ls));
  auto x = info_of(ls);
  BOOST_TEST((x.states == states_t{S::closed}));
  BOOST_TEST(to_string(x) == "#{states => [closed]}");
  BOOST_TEST(why(inet::info(self(), otpnet::socket{})) == "badarg");
}

BOOST_AUTO_TEST_CASE(i_lists_open_sockets_in_creation_order) {
  BOOST_TEST_MESSAGE("Ensure that format_i lists this runtime's open "
                     "sockets, oldest first, with their addresses, owner "
                     "and state, no udp or sctp sockets, and forgets a "
                     "socket once closed");
  auto ls = listen();
  auto [s, peer] = accept_peer(ls);
  auto port = std::to_string(port_of(ls));
  auto text = inet::format_i(self(), inet::socket_protocol::tcp,
                             inet::all_i_items(true));
  std::vector<std::string> lines;
  for (size_t at = 0, nl; (nl = text.find('\n', at)) != std::string::npos;
       at = nl + 1)
    lines.push_back(text.substr(at, nl - at));
  BOOST_REQUIRE(lines.size() == 3u);
  BOOST_TEST(lines[0].rfind("Port Module", 0) == 0u);
  auto listen_row = lines[1];
  auto conn_row = lines[2];
  BOOST_TEST(listen_row.rfind(std::to_string(ls.id()) + " ", 0) == 0u);
  BOOST_TEST(listen_row.find("localhost:" + port) != std::string::npos);
  BOOST_TEST(listen_row.find("*:*") != std::string::npos);
  BOOST_TEST(listen_row.find("LN:O") != std::string::npos);
  BOOST_TEST(listen_row.find(owner_text()) != std::string::npos);
  BOOST_TEST(conn_row.rfind(std::to_string(s.id()) + " ", 0) == 0u);
  BOOST_TEST(conn_row.find("inet_tcp") != std::string::npos);
  BOOST_TEST(conn_row.find("CONNECTED(O)") != std::string::npos);
  BOOST_TEST(conn_row.find("STREAM") != std::string::npos);
  BOOST_TEST(inet::format_i(self(), inet::socket_protocol::udp).empty());
  BOOST_REQUIRE(gen_tcp::close(self(), s));
  auto after = inet::format_i(self(), inet::socket_protocol::tcp,
                              {inet::i_field::port});
  BOOST_TEST(std::count(after.begin(), after.end(), '\n') == 2);
  BOOST_TEST(after.find(std::to_string(s.id()) + " ") == std::string::npos);
  BOOST_TEST(after.find(std::to_string(ls.id()) + " ") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(i_prints_the_table_to_standard_output) {
  BOOST_TEST_MESSAGE("Ensure that i prints format_i for tcp (udp and sctp "
                     "add nothing) to standard output");
  auto ls = listen();
  auto expected = inet::format_i(self(), inet::socket_protocol::tcp);
  std::fflush(stdout);
  auto* capture = std::tmpfile();
  BOOST_REQUIRE(capture != nullptr);
  int saved = ::dup(STDOUT_FILENO);
  ::dup2(::fileno(capture), STDOUT_FILENO);
  inet::i(self());
  std::fflush(stdout);
  ::dup2(saved, STDOUT_FILENO);
  ::close(saved);
  std::rewind(capture);
  std::string printed;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof(buf), capture)) > 0)
    printed.append(buf, n);
  std::fclose(capture);
  BOOST_TEST(!expected.empty());
  BOOST_TEST(printed == expected);
}

BOOST_AUTO_TEST_SUITE_END()
