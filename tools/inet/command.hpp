// tools/inet's command line (a contract: scripts rely on it):
//
//   inet [--host ADDR] [--port N] [--timeout MS] COMMAND [ARG...]
//
// COMMAND is an inet function's name; its output is the Erlang term the
// function returns, printed on one line as the shell prints it. `i` and
// `info` ask a running program that serves otpnet::inspection (e.g.
// echo_server --inspect-port N) and need --port. parse_command is pure so
// that tests can table-test it.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace otpnet::tools {

struct command {
  std::string host = "127.0.0.1";
  uint16_t port = 0;       // 0: not given
  int64_t timeout_ms = 5000;
  std::string name;        // "getaddrs", "i", ...
  std::vector<std::string> args;
  bool help = false;
};

struct command_error {
  std::string what;
};

/// Parses argv[1..argc) and checks the command's argument count (and for
/// `i` its arguments), so that a bad line is a usage error, exit 2.
std::variant<command, command_error> parse_command(int argc,
                                                   const char* const* argv);

/// Whether the command asks a running program (i, info).
bool is_remote(const command& cmd);

/// The --help text.
std::string usage(std::string_view program);

} // namespace otpnet::tools
