// tools/loadgen as a process, against the echo sample and against a server
// that corrupts what it echoes: the output contract bench/compare parses
// (human lines, then one JSON line), the exit status, and that a bad echo
// is counted as an error rather than measured.

#include <boost/test/unit_test.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "e2e/sample_server.hpp"

using namespace otpnet::e2e;

namespace {

const std::string loadgen_path = OTPNET_LOADGEN_PATH;

run_result run_loadgen(std::vector<std::string> args) {
  auto res = run_to_end(loadgen_path, args, deadline_in(40s));
  BOOST_REQUIRE_MESSAGE(res, "loadgen did not finish in time");
  return std::move(*res);
}

/// The last line of `text` (the JSON summary).
std::string last_line(const std::string& text) {
  auto end = text.find_last_not_of('\n');
  if (end == std::string::npos)
    return {};
  auto begin = text.rfind('\n', end);
  return text.substr(begin == std::string::npos ? 0 : begin + 1,
                     end - (begin == std::string::npos ? 0 : begin + 1) + 1);
}

/// The value of "key" in a flat JSON object, as its text ("" if absent).
std::string json_field(const std::string& json, const std::string& key) {
  auto at = json.find("\"" + key + "\":");
  if (at == std::string::npos)
    return {};
  at += key.size() + 3;
  if (at < json.size() && json[at] == '"') {
    auto close = json.find('"', at + 1);
    return json.substr(at + 1, close - at - 1);
  }
  auto close = json.find_first_of(",}", at);
  return json.substr(at, close - at);
}

double json_number(const std::string& json, const std::string& key) {
  auto text = json_field(json, key);
  BOOST_REQUIRE_MESSAGE(!text.empty(), "no key " << key << " in " << json);
  return std::strtod(text.c_str(), nullptr);
}

/// The number after `word` in the line that starts with `prefix`.
long long number_after(const std::string& text, const std::string& prefix,
                       const std::string& word) {
  std::istringstream lines{text};
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(prefix, 0) != 0)
      continue;
    auto at = line.find(word);
    BOOST_REQUIRE_MESSAGE(at != std::string::npos, line);
    return std::atoll(line.c_str() + at + word.size());
  }
  BOOST_FAIL("no line starting with '" << prefix << "' in:\n" << text);
  return -1;
}

std::vector<std::string> short_run(uint16_t port,
                                   std::vector<std::string> more) {
  std::vector<std::string> args{"--port", std::to_string(port), "--seconds",
                                "0.3", "--warmup", "0.1"};
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

/// An echo server on 127.0.0.1 that flips one bit of every read it echoes:
/// loadgen must report mismatches, not measure them.
class corrupting_echo {
public:
  corrupting_echo() {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    BOOST_REQUIRE(listener_ >= 0);
    BOOST_REQUIRE(::bind(listener_, reinterpret_cast<sockaddr*>(&addr),
                         sizeof addr) == 0);
    BOOST_REQUIRE(::listen(listener_, 16) == 0);
    BOOST_REQUIRE(::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr),
                                &len) == 0);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread{[this] { serve(); }};
  }

  ~corrupting_echo() {
    stop_ = true;
    thread_.join();
    for (int fd : clients_)
      ::close(fd);
    ::close(listener_);
  }

  uint16_t port() const {
    return port_;
  }

private:
  void serve() {
    char buf[4096];
    while (!stop_) {
      std::vector<pollfd> fds{{listener_, POLLIN, 0}};
      for (int fd : clients_)
        fds.push_back({fd, POLLIN, 0});
      if (::poll(fds.data(), fds.size(), 20) <= 0)
        continue;
      if (fds[0].revents & POLLIN) {
        int fd = ::accept(listener_, nullptr, nullptr);
        if (fd >= 0)
          clients_.push_back(fd);
      }
      for (std::size_t i = 1; i < fds.size(); ++i) {
        if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
          continue;
        auto n = ::recv(fds[i].fd, buf, sizeof buf, MSG_DONTWAIT);
        if (n <= 0)
          continue;
        buf[n - 1] = static_cast<char>(buf[n - 1] ^ 0x01);
        (void)::send(fds[i].fd, buf, static_cast<std::size_t>(n),
                     MSG_NOSIGNAL | MSG_DONTWAIT);
      }
    }
  }

  int listener_ = -1;
  uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::vector<int> clients_;
  std::thread thread_;
};

} // namespace

BOOST_AUTO_TEST_SUITE(loadgen_process)

BOOST_AUTO_TEST_CASE(echo_mode_reports_the_contract_lines_and_json) {
  BOOST_TEST_MESSAGE("Ensure that an echo run against the sample prints the measured, latency and errors lines and a JSON summary with every documented key");
  auto srv = start(echo_server_path, {"--packet", "2"});
  auto res = run_loadgen(short_run(
    srv.port, {"--conns", "4", "--depth", "4", "--packet", "2", "--size",
               "100"}));
  BOOST_TEST(res.status == 0, res.out << res.err);
  auto json = last_line(res.out);
  for (const char* key :
       {"mode", "conns", "size", "packet", "depth", "seconds", "requests",
        "rps", "mbps", "p50_us", "p99_us", "p999_us", "errors", "held",
        "bytes"})
    BOOST_TEST(!json_field(json, key).empty(), key << " in " << json);
  BOOST_TEST(json_field(json, "mode") == "echo");
  BOOST_TEST(json_field(json, "packet") == "2");
  BOOST_TEST(json_number(json, "conns") == 4);
  BOOST_TEST(json_number(json, "depth") == 4);
  BOOST_TEST(json_number(json, "size") == 100);
  BOOST_TEST(json_number(json, "errors") == 0);
  auto requests = json_number(json, "requests");
  BOOST_TEST(requests > 0);
  BOOST_TEST(json_number(json, "bytes") == requests * 100);
  BOOST_TEST(json_number(json, "p50_us") <= json_number(json, "p99_us"));
  BOOST_TEST(json_number(json, "p99_us") <= json_number(json, "p999_us"));
  BOOST_TEST(number_after(res.out, "measured", "measured ") == requests);
  BOOST_TEST(res.out.find("\nlatency   p50 ") != std::string::npos, res.out);
  BOOST_TEST(number_after(res.out, "errors", "errors ") == 0);
}

BOOST_AUTO_TEST_CASE(connect_and_hold_modes_against_the_sample) {
  BOOST_TEST_MESSAGE("Ensure that connect cycles and held connections are counted without errors");
  auto srv = start(echo_server_path);
  auto cyc = run_loadgen(short_run(srv.port, {"--mode", "connect", "--conns", "4"}));
  BOOST_TEST(cyc.status == 0, cyc.out << cyc.err);
  auto json = last_line(cyc.out);
  BOOST_TEST(json_field(json, "mode") == "connect");
  BOOST_TEST(json_number(json, "requests") > 0);
  BOOST_TEST(json_number(json, "errors") == 0);

  auto hold = run_loadgen({"--port", std::to_string(srv.port), "--mode",
                           "hold", "--conns", "20", "--seconds", "0.2"});
  BOOST_TEST(hold.status == 0, hold.out << hold.err);
  BOOST_TEST(hold.out.find("holding 20\n") != std::string::npos, hold.out);
  json = last_line(hold.out);
  BOOST_TEST(json_number(json, "held") == 20);
  BOOST_TEST(json_number(json, "requests") == 20); // one echo each
  BOOST_TEST(json_number(json, "errors") == 0);
}

BOOST_AUTO_TEST_CASE(push_read_after_verifies_every_byte_sent) {
  BOOST_TEST_MESSAGE("Ensure that push --read-after reads back every byte it pushed through the echo sample, as whole requests");
  auto srv = start(echo_server_path);
  auto res = run_loadgen({"--port", std::to_string(srv.port), "--mode",
                          "push", "--conns", "2", "--size", "1024",
                          "--seconds", "0.2", "--read-after"});
  BOOST_TEST(res.status == 0, res.out << res.err);
  auto json = last_line(res.out);
  auto pushed = json_number(json, "bytes");
  BOOST_TEST(pushed > 0);
  // The request a connection was in the middle of when the window closed
  // is completed (uncounted) before reading back, so that the stream
  // verified is whole requests: at most one more per connection.
  auto back = static_cast<double>(number_after(res.out, "read back", "read back "));
  BOOST_TEST(back >= pushed);
  BOOST_TEST(back < pushed + 2 * 1024);
  BOOST_TEST(static_cast<long long>(back) % 1024 == 0);
  BOOST_TEST(json_number(json, "errors") == 0);
}

BOOST_AUTO_TEST_CASE(a_corrupted_echo_is_an_error_and_exit_status_1) {
  BOOST_TEST_MESSAGE("Ensure that echoes differing from what was sent are counted as mismatches and make loadgen exit 1");
  corrupting_echo bad;
  auto res = run_loadgen(short_run(bad.port(), {"--conns", "2", "--warmup", "0"}));
  BOOST_TEST(res.status == 1, res.out << res.err);
  BOOST_TEST(number_after(res.out, "errors", "mismatch ") > 0, res.out);
  BOOST_TEST(json_number(last_line(res.out), "errors") > 0);
}

BOOST_AUTO_TEST_CASE(usage_errors_are_one_line_and_exit_status_2) {
  BOOST_TEST_MESSAGE("Ensure that a bad flag prints one stderr line ending in 'try --help', nothing on stdout, and exits 2; --help exits 0");
  auto res = run_loadgen({"--port", "1", "--depth", "0"});
  BOOST_TEST(res.status == 2);
  BOOST_TEST(res.out.empty());
  BOOST_TEST(res.err == "loadgen: invalid --depth '0'; try --help\n");
  auto help = run_loadgen({"--help"});
  BOOST_TEST(help.status == 0);
  BOOST_TEST(help.out.rfind("usage: loadgen --port N", 0) == 0, help.out);
}

BOOST_AUTO_TEST_SUITE_END()
