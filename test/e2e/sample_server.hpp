#pragma once

// Starting a sample as a process and connecting to it: shared by the e2e
// suites.

#include <boost/test/unit_test.hpp>

#include <memory>
#include <string>
#include <vector>

#include "e2e/child_process.hpp"
#include "e2e/deadline.hpp"
#include "e2e/tcp_client.hpp"
#include "support/proc_status.hpp"

namespace otpnet::e2e {

using namespace std::chrono_literals;

inline const std::string echo_server_path = OTPNET_ECHO_SERVER_PATH;
inline const std::string acceptor_pool_path = OTPNET_ACCEPTOR_POOL_PATH;

inline constexpr auto budget = 5s; // per step: generous, yet the suite never hangs

/// A running sample and the port it announced.
struct server {
  std::unique_ptr<child_process> proc;
  uint16_t port = 0;
};

inline server start(const std::string& path, std::vector<std::string> args = {}) {
  server res;
  res.proc = std::make_unique<child_process>(path, args);
  auto port = res.proc->wait_listening(deadline_in(budget));
  BOOST_REQUIRE_MESSAGE(port, "no 'listening PORT' line from " << path);
  res.port = *port;
  return res;
}

inline tcp_client connect(const server& srv, int buffer_size = 0, bool v6 = false) {
  auto c = tcp_client::connect(srv.port, deadline_in(budget), buffer_size,
                               v6);
  BOOST_REQUIRE_MESSAGE(c, "cannot connect to port " << srv.port);
  return std::move(*c);
}

/// Resident set size of `pid` in KiB, from /proc; -1 if gone.
inline long rss_kib(pid_t pid) {
  return test::proc_status_field("/proc/" + std::to_string(pid) + "/status",
                                 "VmRSS:", -1);
}

} // namespace otpnet::e2e
