#include "cli.hpp"

#include <charconv>
#include <cstdio>

namespace asio_echo {

namespace {

bool parse_int(std::string_view s, long long lo, long long hi,
               long long& out) {
  long long v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || p != s.data() + s.size() || v < lo || v > hi)
    return false;
  out = v;
  return true;
}

cli_error invalid(std::string_view flag, std::string_view value) {
  return {"invalid " + std::string{flag} + " '" + std::string{value} + "'"};
}

bool known_flag(std::string_view f) {
  for (const char* k : {"--host", "--port", "--packet", "--active", "--acceptors", "--max-packet"})
    if (f == k)
      return true;
  return false;
}

} // namespace

std::variant<config, cli_error> parse_cli(int argc, const char* const* argv) {
  config cfg;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      cfg.help = true;
      return cfg;
    }
    if (arg.substr(0, 2) != "--")
      return cli_error{"unexpected argument '" + std::string{arg} + "'"};
    std::string_view flag = arg;
    std::string_view value;
    auto eq = arg.find('=');
    if (eq != std::string_view::npos)
      flag = arg.substr(0, eq);
    if (!known_flag(flag))
      return cli_error{"unknown flag '" + std::string{flag} + "'"};
    if (eq != std::string_view::npos) {
      value = arg.substr(eq + 1);
    } else if (i + 1 < argc) {
      value = argv[++i];
    } else {
      return cli_error{"missing value for " + std::string{flag}};
    }
    long long n = 0;
    if (flag == "--host") {
      if (value.empty())
        return invalid(flag, value);
      cfg.host = std::string{value};
    } else if (flag == "--port") {
      if (!parse_int(value, 0, 65535, n))
        return invalid(flag, value);
      cfg.port = static_cast<uint16_t>(n);
    } else if (flag == "--packet") {
      if (value == "raw" || value == "0")
        cfg.framing = packet::raw;
      else if (value == "1")
        cfg.framing = packet::p1;
      else if (value == "2")
        cfg.framing = packet::p2;
      else if (value == "4")
        cfg.framing = packet::p4;
      else if (value == "line")
        cfg.framing = packet::line;
      else
        return invalid(flag, value);
    } else if (flag == "--active") {
      if (value != "true" && value != "false" && value != "once"
          && !parse_int(value, -32768, 32767, n))
        return invalid(flag, value);
    } else if (flag == "--acceptors") {
      if (!parse_int(value, 1, 1024, n))
        return invalid(flag, value);
      cfg.acceptors = static_cast<int>(n);
    } else if (flag == "--max-packet") {
      if (!parse_int(value, 0, 2147483647, n))
        return invalid(flag, value);
      cfg.max_packet = static_cast<uint64_t>(n);
    } else {
      return cli_error{"unknown flag '" + std::string{flag} + "'"};
    }
  }
  return cfg;
}

std::string usage(std::string_view program, std::string_view about) {
  std::string p{program};
  return "usage: " + p + R"( [--host ADDR] [--port N] [--packet raw|1|2|4|line]
       [--active true|false|once|N] [--acceptors K] [--max-packet BYTES]

)" + std::string{about} + R"(

  --host ADDR        address to listen on (default 127.0.0.1)
  --port N           port, 0 = ephemeral (default 0)
  --packet P         framing: raw (default), 1, 2, 4 (big-endian length
                     header) or line; every complete packet is echoed with
                     the same framing
  --active A         accepted for compatibility and ignored (no active modes)
  --acceptors K      accept operations kept pending (default 1)
  --max-packet B     a packet announcing more than B bytes (or a longer
                     line) closes that connection; 0 = no limit (default)

Prints "listening PORT" once it accepts. A peer's FIN: the echoes of what
came before it are sent, then the connection closes. SIGTERM or SIGINT:
exit 0. A bad flag: one line on stderr, exit 2.
)";
}

int parse_main(int argc, const char* const* argv, std::string_view fallback,
               std::string_view about, std::string& program, config& cfg) {
  program = argc > 0 && argv[0] != nullptr ? argv[0] : std::string{fallback};
  if (auto slash = program.rfind('/'); slash != std::string::npos)
    program = program.substr(slash + 1);
  auto parsed = parse_cli(argc, argv);
  if (auto* err = std::get_if<cli_error>(&parsed)) {
    std::fprintf(stderr, "%s: %s; try --help\n", program.c_str(),
                 err->what.c_str());
    return 2;
  }
  cfg = std::get<config>(parsed);
  if (cfg.help) {
    std::fputs(usage(program, about).c_str(), stdout);
    return 0;
  }
  return -1;
}

} // namespace asio_echo
