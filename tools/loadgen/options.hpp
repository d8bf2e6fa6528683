// loadgen's command line. parse_options is pure (no I/O, no exit) so that
// main decides how to report: a usage error is one stderr line and exit 2.
//
// Thread safety: pure functions.

#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace loadgen {

enum class mode { echo, connect, hold, push };

struct options {
  std::string host = "127.0.0.1";
  uint16_t port = 0;    // required
  mode run_mode = mode::echo;
  int conns = 10;
  std::size_t size = 64;
  int header_bytes = 0; // --packet: 0 (raw), 2 or 4
  int depth = 1;
  double seconds = 5.0;
  double warmup = 1.0;
  int threads = 1;
  bool read_after = false; // push: read everything back and verify it
  bool help = false;
};

/// What is wrong with the command line, e.g. "invalid --depth '0'".
struct options_error {
  std::string what;
};

std::variant<options, options_error> parse_options(int argc,
                                                   const char* const* argv);

/// `s` in single quotes, control characters as '?': user text in an error
/// keeps the error on one line whatever argv holds.
std::string quoted(std::string_view s);

/// The full --help text.
std::string usage(std::string_view program);

std::string_view mode_name(mode m);

/// "raw", "2" or "4".
std::string_view packet_name(int header_bytes);

} // namespace loadgen
