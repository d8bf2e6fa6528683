// The command-line contract shared by the samples (other tools depend on it):
//
//   PROGRAM [--host ADDR] [--port N] [--packet raw|1|2|4|line]
//           [--active true|false|once|N] [--acceptors K] [--max-packet BYTES]
//           [--inspect-port N]
//
// parse_cli is pure (no I/O, no exit) so that tests can table-test it; the
// samples print its error as one stderr line and exit 2.
//
// Thread safety: pure functions.

#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include <otpnet/inet/ip_address.hpp>
#include <otpnet/inet/options.hpp>
#include <otpnet/net/packet_type.hpp>

namespace otpnet::samples {

/// Upper bound of --acceptors: each acceptor is an actor with a pending
/// accept, so a typo such as 80000 is refused rather than obeyed.
inline constexpr int max_acceptors = 1024;

/// Upper bound of --max-packet (Erlang's packet_size limit, 2^31-1).
inline constexpr int64_t max_packet_limit = 2147483647;

struct cli_config {
  std::string host = "127.0.0.1";
  inet::ip_address address; // host, parsed
  uint16_t port = 0;
  net::packet_type packet = net::packet_type::raw;
  inet::active active{inet::once};
  int acceptors = 1;
  int64_t max_packet = 0; // 0 = no limit
  std::optional<uint16_t> inspect_port; // serve otpnet::inspection there
  bool help = false;      // --help: print usage(), exit 0, ignore the rest
};

/// What is wrong with the command line, e.g. "invalid port '70000'".
struct cli_error {
  std::string what;
};

/// Parses argv[1..argc). `default_acceptors` is the sample's own default
/// (1 for echo_server, 8 for acceptor_pool). Accepts `--flag value` and
/// `--flag=value`; the last occurrence of a flag wins.
std::variant<cli_config, cli_error>
parse_cli(int argc, const char* const* argv, int default_acceptors);

/// The full --help text, documenting every flag and the behaviour.
std::string usage(std::string_view program, int default_acceptors);

/// The one stderr line of a usage error: "PROGRAM: WHAT; try --help".
std::string error_line(std::string_view program, const cli_error& err);

/// The program name to print: argv[0] without its directory.
std::string_view program_name(const char* argv0);

/// --active as written on the command line: "true", "false", "once" or N.
std::string to_string(const inet::active& a);

} // namespace otpnet::samples
