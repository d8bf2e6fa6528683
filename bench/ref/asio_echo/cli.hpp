// The reference servers' command line: the samples' contract (issue 2),
// parsed without otpnet so that a reference server depends on nothing but
// its own I/O library. asio_echo and caf_broker_echo share it.
//
//   asio_echo [--host ADDR] [--port N] [--packet raw|1|2|4|line]
//             [--active true|false|once|N] [--acceptors K] [--max-packet BYTES]
//
// --active has no meaning for a reference server; it is validated and
// ignored. --acceptors is the number of accept operations kept pending
// (asio_echo; caf_broker_echo validates and ignores it).
//
// Thread safety: pure functions.

#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "framing.hpp"

namespace asio_echo {

struct config {
  std::string host = "127.0.0.1";
  uint16_t port = 0;
  packet framing = packet::raw;
  int acceptors = 1;
  uint64_t max_packet = 0; // 0 = no limit
  bool help = false;
};

struct cli_error {
  std::string what;
};

std::variant<config, cli_error> parse_cli(int argc, const char* const* argv);

/// The --help text; `about` is the paragraph that tells this server apart.
std::string usage(std::string_view program, std::string_view about);

/// What a reference server's main() does first. `program` becomes argv[0]'s
/// base name (or `fallback`). --help prints usage(program, about): returns
/// 0. A bad flag prints one line on stderr: returns 2. Otherwise sets `cfg`
/// and returns -1: carry on.
int parse_main(int argc, const char* const* argv, std::string_view fallback,
               std::string_view about, std::string& program, config& cfg);

} // namespace asio_echo
