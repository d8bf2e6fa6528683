#include <boost/test/unit_test.hpp>

#include <signal.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <otpnet/inet/format_error.hpp>

#include "e2e/child_process.hpp"
#include "e2e/sample_server.hpp"
#include "e2e/tcp_client.hpp"

// The samples as outside tools see them: started as processes, talked to
// over 127.0.0.1 with plain sockets. Paths come from CMake.

using namespace otpnet::e2e;
using namespace std::chrono_literals;

namespace {

/// One packet on the wire for --packet `type`.
std::string frame(const std::string& type, const std::string& body) {
  auto n = body.size();
  if (type == "1")
    return std::string(1, static_cast<char>(n)) + body;
  if (type == "2")
    return std::string{static_cast<char>(n >> 8), static_cast<char>(n)}
           + body;
  if (type == "4")
    return std::string{static_cast<char>(n >> 24), static_cast<char>(n >> 16),
                       static_cast<char>(n >> 8), static_cast<char>(n)}
           + body;
  if (type == "line")
    return body + "\n";
  return body;
}

std::string body(size_t n, char seed) {
  std::string res(n, '\0');
  for (size_t i = 0; i < n; ++i)
    res[i] = static_cast<char>('A' + (seed + i) % 26); // never '\n'
  return res;
}

/// Sends `wire` and expects exactly `wire` back (echo keeps the framing).
void expect_echo(tcp_client& c, const std::string& wire) {
  auto got = c.exchange(wire, wire.size(), deadline_in(budget));
  BOOST_REQUIRE_MESSAGE(got, "no echo of " << wire.size() << " bytes");
  BOOST_TEST((*got == wire));
}

/// SIGTERM (or `sig`) must end the sample with exit status 0.
void expect_clean_stop(server& srv, int sig = SIGTERM) {
  srv.proc->signal(sig);
  auto status = srv.proc->wait_exit(deadline_in(10s));
  BOOST_REQUIRE_MESSAGE(status, "still running after signal " << sig);
  BOOST_TEST(*status == 0);
}

struct bad_case {
  std::vector<std::string> args;
  const char* why;
};

} // namespace

BOOST_AUTO_TEST_SUITE(samples_cli)

BOOST_AUTO_TEST_CASE(help_documents_the_contract_and_exits_0) {
  BOOST_TEST_MESSAGE("Ensure that --help prints the usage of every flag on "
                     "stdout and exits 0, for both samples");
  for (auto& [path, def] : {std::pair{echo_server_path, "(default 1)"},
                            std::pair{acceptor_pool_path, "(default 8)"}}) {
    child_process proc{path, {"--help"}, true};
    auto out = proc.read_stdout_all(deadline_in(budget));
    auto err = proc.read_stderr_all(deadline_in(budget));
    BOOST_REQUIRE(out);
    for (auto* needle :
         {"--host", "--port", "--packet", "--active", "--acceptors",
          "--max-packet", "--help", "listening PORT", "SIGTERM", def})
      BOOST_TEST(out->find(needle) != std::string::npos, path << ": "
                                                              << needle);
    BOOST_TEST((err && err->empty()));
    auto status = proc.wait_exit(deadline_in(budget));
    BOOST_REQUIRE(status);
    BOOST_TEST(*status == 0);
  }
}

BOOST_AUTO_TEST_CASE(a_bad_flag_is_one_stderr_line_and_exit_2) {
  BOOST_TEST_MESSAGE("Ensure that every kind of bad command line prints "
                     "exactly one line 'PROGRAM: ...; try --help' on stderr, "
                     "nothing on stdout, and exits 2");
  std::vector<bad_case> cases{
    {{"--bogus"}, "unknown flag"},
    {{"--port"}, "missing value"},
    {{"--port", "65536"}, "port out of range"},
    {{"--packet", "3"}, "bad packet type"},
    {{"--active", "40000"}, "active N out of range"},
    {{"--acceptors", "0"}, "no acceptor"},
    {{"--max-packet", "-1"}, "negative max-packet"},
    {{"--host", "localhost"}, "host is not an address"},
    {{"8080"}, "stray argument"},
  };
  for (auto& [path, name] : {std::pair{echo_server_path, "echo_server"},
                             std::pair{acceptor_pool_path, "acceptor_pool"}}) {
    for (auto& c : cases) {
      BOOST_TEST_CONTEXT(name << " " << c.why) {
        child_process proc{path, c.args, true};
        auto err = proc.read_stderr_all(deadline_in(budget));
        auto out = proc.read_stdout_all(deadline_in(budget));
        auto status = proc.wait_exit(deadline_in(budget));
        BOOST_REQUIRE(err);
        BOOST_REQUIRE(status);
        BOOST_TEST(*status == 2);
        BOOST_TEST((out && out->empty()));
        std::string prefix = std::string{name} + ": ";
        std::string suffix = "; try --help\n";
        BOOST_TEST(err->rfind(prefix, 0) == 0u, *err);
        BOOST_TEST(err->size() > suffix.size());
        BOOST_TEST((err->size() > suffix.size()
                    && err->compare(err->size() - suffix.size(),
                                    suffix.size(), suffix)
                         == 0),
                   *err);
        BOOST_TEST(std::count(err->begin(), err->end(), '\n') == 1);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(a_port_in_use_is_one_stderr_line_and_exit_1) {
  BOOST_TEST_MESSAGE("Ensure that a listen error (eaddrinuse) prints one "
                     "stderr line with inet:format_error's text and exits 1");
  auto first = start(echo_server_path);
  child_process second{echo_server_path,
                       {"--port", std::to_string(first.port)},
                       true};
  auto err = second.read_stderr_all(deadline_in(budget));
  auto status = second.wait_exit(deadline_in(budget));
  BOOST_REQUIRE(err);
  BOOST_REQUIRE(status);
  BOOST_TEST(*status == 1);
  auto text = otpnet::inet::format_error(otpnet::errc::eaddrinuse);
  BOOST_TEST(err->find(text) != std::string::npos, *err);
  BOOST_TEST(std::count(err->begin(), err->end(), '\n') == 1);
  expect_clean_stop(first);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(samples_echo)

BOOST_AUTO_TEST_CASE(every_packet_type_is_echoed_with_its_framing) {
  BOOST_TEST_MESSAGE("Ensure that for --packet raw|1|2|4|line every packet "
                     "comes back as the same packet: several in one write, "
                     "one split into single bytes, and one larger than a "
                     "read");
  for (std::string type : {"raw", "1", "2", "4", "line"}) {
    BOOST_TEST_CONTEXT("--packet " << type) {
      auto srv = start(echo_server_path, {"--packet", type});
      auto c = connect(srv);
      std::string several;
      for (char i = 0; i < 10; ++i)
        several += frame(type, body(1 + 17 * i, i));
      expect_echo(c, several);
      // The server must reassemble a packet that arrives byte by byte.
      auto split = frame(type, body(40, 'x'));
      BOOST_REQUIRE(c.send_bytewise(split, deadline_in(budget)));
      auto got = c.recv_exact(split.size(), deadline_in(budget));
      BOOST_REQUIRE(got);
      BOOST_TEST((*got == split));
      // 1-byte headers cap the packet at 255 bytes.
      auto big = frame(type, body(type == "1" ? 255 : 60000, 'b'));
      expect_echo(c, big);
      expect_clean_stop(srv);
    }
  }
}

BOOST_AUTO_TEST_CASE(host_selects_the_listen_address) {
  BOOST_TEST_MESSAGE("Ensure that --host ::1 makes both samples listen and "
                     "echo on the IPv6 loopback");
  for (auto& path : {echo_server_path, acceptor_pool_path}) {
    BOOST_TEST_CONTEXT(path) {
      auto srv = start(path, {"--host", "::1", "--packet", "line"});
      auto c = connect(srv, 0, true);
      expect_echo(c, "over IPv6\nand again\n");
      expect_clean_stop(srv);
    }
  }
}

BOOST_AUTO_TEST_CASE(every_active_mode_echoes) {
  BOOST_TEST_MESSAGE("Ensure that --active true|false|once|N all echo every "
                     "packet, N being re-armed on tcp_passive (also for "
                     "N <= 0)");
  for (std::string mode : {"true", "false", "once", "1", "3", "0", "-2"}) {
    BOOST_TEST_CONTEXT("--active " << mode) {
      auto srv = start(echo_server_path, {"--packet", "2", "--active", mode});
      auto c = connect(srv);
      std::string burst;
      for (char i = 0; i < 20; ++i)
        burst += frame("2", body(10 + i, i));
      expect_echo(c, burst); // more packets than N: needs re-arming
      for (char i = 0; i < 5; ++i)
        expect_echo(c, frame("2", body(5, i)));
      expect_clean_stop(srv);
    }
  }
}

BOOST_AUTO_TEST_CASE(max_packet_violation_closes_only_that_connection) {
  BOOST_TEST_MESSAGE("Ensure that a packet announcing more than --max-packet "
                     "(or a longer line) closes its connection while the "
                     "others, and new ones, are still served");
  struct violation {
    std::string type;
    std::string wire;
  };
  std::vector<violation> cases{
    {"2", std::string{'\0', 'd'} + "0123456789"},
    {"4", std::string{'\0', '\0', '\1', '\0'} + "0123456789"},
    {"line", body(64, 'l') + "\n"},
  };
  for (auto& v : cases) {
    BOOST_TEST_CONTEXT("--packet " << v.type) {
      auto srv = start(echo_server_path,
                       {"--packet", v.type, "--max-packet", "16"});
      auto good = connect(srv);
      // Exactly at the limit is fine; a line's limit counts its newline.
      auto at_limit = v.type == "line" ? 15 : 16;
      expect_echo(good, frame(v.type, body(at_limit, 'g')));
      auto bad = connect(srv);
      expect_echo(bad, frame(v.type, body(3, 'b')));
      BOOST_REQUIRE(bad.send_all(v.wire, deadline_in(budget)));
      auto end = bad.wait_end(deadline_in(budget));
      BOOST_TEST((end == end_kind::eof || end == end_kind::reset),
                 "the violating connection ended with " << to_string(end));
      expect_echo(good, frame(v.type, body(7, 'h')));
      auto fresh = connect(srv);
      expect_echo(fresh, frame(v.type, body(9, 'f')));
      expect_clean_stop(srv);
    }
  }
}

BOOST_AUTO_TEST_CASE(half_close_gets_everything_back_then_eof) {
  BOOST_TEST_MESSAGE("Ensure that after the client shuts down its write "
                     "side, every byte sent before comes back and then the "
                     "server closes ({exit_on_close, false})");
  std::string wire;
  for (std::string mode : {"once", "false", "true", "4"}) {
    for (std::string type : {"raw", "2"}) {
      wire.clear();
      for (char i = 0; i < 40; ++i)
        wire += frame(type, body(5000, i)); // 200 kB: many reads
      auto srv = start(echo_server_path, {"--packet", type, "--active", mode});
      // Several rounds: losing the tail at close is a race, not a certainty.
      for (int round = 0; round < 16; ++round) {
        BOOST_TEST_CONTEXT("--active " << mode << " --packet " << type
                                       << " round " << round) {
          auto c = connect(srv);
          auto got = c.exchange(wire, wire.size(), deadline_in(budget), true);
          // Not fatal: the other modes and rounds still say what works.
          BOOST_TEST(got.has_value(), "not everything came back");
          if (!got)
            continue;
          BOOST_TEST((*got == wire));
          auto end = c.wait_end(deadline_in(budget));
          BOOST_TEST((end == end_kind::eof), "ended with " << to_string(end));
        }
      }
      expect_clean_stop(srv);
    }
  }
}

BOOST_AUTO_TEST_CASE(a_peer_that_does_not_read_stops_the_server_reading) {
  BOOST_TEST_MESSAGE("Ensure that a client sending without reading cannot "
                     "make the server buffer without bound: the server stops "
                     "reading, then echoes everything once the client reads");
  for (std::string mode : {"once", "false"}) {
    BOOST_TEST_CONTEXT("--active " << mode) {
      auto srv = start(echo_server_path, {"--active", mode});
      auto c = connect(srv, 64 * 1024);
      expect_echo(c, "warm-up");
      auto rss_before = rss_kib(srv.proc->pid());
      constexpr size_t limit = 128u << 20;
      auto pushed = c.push_until_stalled(limit, 1s);
      BOOST_TEST_MESSAGE("pushed " << pushed << " bytes before stalling");
      BOOST_TEST(pushed < limit, "the server kept reading");
      auto rss_after = rss_kib(srv.proc->pid());
      BOOST_TEST(rss_after - rss_before < 64 * 1024,
                 "RSS grew from " << rss_before << " to " << rss_after
                                  << " KiB");
      // Nothing was lost or reordered while the server held back.
      auto got = c.recv_exact(pushed, deadline_in(budget));
      BOOST_REQUIRE(got);
      bool same = true;
      for (size_t i = 0; i < pushed && same; ++i)
        same = (*got)[i] == tcp_client::pattern_byte(i);
      BOOST_TEST(same);
      expect_echo(c, "still alive");
      expect_clean_stop(srv);
    }
  }
}

BOOST_AUTO_TEST_CASE(acceptor_pool_serves_many_connections_at_once) {
  BOOST_TEST_MESSAGE("Ensure that acceptor_pool (8 acceptors by default) "
                     "and echo_server --acceptors 3 serve 12 connections "
                     "open at the same time");
  for (auto& [path, args] :
       {std::pair{acceptor_pool_path, std::vector<std::string>{}},
        std::pair{echo_server_path,
                  std::vector<std::string>{"--acceptors", "3"}}}) {
    BOOST_TEST_CONTEXT(path) {
      auto srv = start(path, args);
      std::vector<tcp_client> clients;
      for (int i = 0; i < 12; ++i)
        clients.push_back(connect(srv));
      // All connected before any echo: every one is served concurrently.
      for (size_t i = 0; i < clients.size(); ++i)
        BOOST_REQUIRE(clients[i].send_all(body(100, static_cast<char>(i)),
                                          deadline_in(budget)));
      for (size_t i = 0; i < clients.size(); ++i) {
        auto got = clients[i].recv_exact(100, deadline_in(budget));
        BOOST_REQUIRE_MESSAGE(got, "connection " << i << " got no echo");
        BOOST_TEST((*got == body(100, static_cast<char>(i))));
      }
      for (auto& c : clients)
        expect_echo(c, "second round");
      expect_clean_stop(srv);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(samples_shutdown)

BOOST_AUTO_TEST_CASE(sigterm_and_sigint_close_everything_and_exit_0) {
  BOOST_TEST_MESSAGE("Ensure that SIGTERM and SIGINT make both samples close "
                     "their connections and exit 0, whatever the handlers "
                     "were doing");
  for (auto& path : {echo_server_path, acceptor_pool_path}) {
    for (int sig : {SIGTERM, SIGINT}) {
      for (std::string mode : {"once", "false", "true"}) {
        BOOST_TEST_CONTEXT(path << " signal " << sig << " --active "
                                << mode) {
          auto srv = start(path, {"--active", mode});
          auto idle = connect(srv);
          auto busy = connect(srv);
          expect_echo(busy, "hello");
          expect_clean_stop(srv, sig);
          for (auto* c : {&idle, &busy}) {
            auto end = c->wait_end(deadline_in(budget));
            BOOST_TEST((end == end_kind::eof || end == end_kind::reset),
                       "ended with " << to_string(end));
          }
        }
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(sigterm_stops_a_handler_suspended_in_send) {
  BOOST_TEST_MESSAGE("Ensure that SIGTERM ends the sample also while a "
                     "handler waits in gen_tcp:send for a peer that does "
                     "not read");
  auto srv = start(echo_server_path);
  auto c = connect(srv, 64 * 1024);
  auto pushed = c.push_until_stalled(128u << 20, 500ms);
  BOOST_TEST(pushed > 0u);
  expect_clean_stop(srv);
}

BOOST_AUTO_TEST_SUITE_END()
