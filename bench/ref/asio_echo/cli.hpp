// asio_echo's command line: the samples' contract (issue 2), parsed without
// otpnet so that the reference server depends on nothing but Boost.Asio.
//
//   asio_echo [--host ADDR] [--port N] [--packet raw|1|2|4|line]
//             [--active true|false|once|N] [--acceptors K] [--max-packet BYTES]
//
// --active has no meaning for a plain Asio server; it is validated and
// ignored. --acceptors is the number of accept operations kept pending.
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

std::string usage(std::string_view program);

} // namespace asio_echo
