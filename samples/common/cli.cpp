#include "common/cli.hpp"

#include <charconv>
#include <optional>

#include <otpnet/inet/parse_address.hpp>

namespace otpnet::samples {

namespace {

/// A whole-string decimal integer within [lo, hi]; nullopt otherwise (no
/// sign-less overflow, no trailing garbage, no leading '+').
std::optional<int64_t> parse_int(std::string_view s, int64_t lo, int64_t hi) {
  int64_t n = 0;
  auto* first = s.data();
  auto* last = s.data() + s.size();
  auto [ptr, ec] = std::from_chars(first, last, n);
  if (s.empty() || ec != std::errc{} || ptr != last || n < lo || n > hi)
    return std::nullopt;
  return n;
}

constexpr std::string_view known_flags[] = {
  "--host",      "--port",       "--packet",       "--active",
  "--acceptors", "--max-packet", "--inspect-port",
};

bool is_known(std::string_view flag) {
  for (auto f : known_flags)
    if (f == flag)
      return true;
  return false;
}

/// User text quoted in an error: control characters become '?' so that
/// the error stays exactly one line whatever argv holds.
std::string quoted(std::string_view s) {
  std::string res = "'";
  for (char c : s)
    res += static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? '?' : c;
  res += '\'';
  return res;
}

std::string invalid(std::string_view flag, std::string_view value,
                    std::string_view expected) {
  std::string res = "invalid value ";
  res += quoted(value);
  res += " for ";
  res += flag;
  res += " (expected ";
  res += expected;
  res += ')';
  return res;
}

/// Applies one flag to `cfg`; an error text or nullopt.
std::optional<std::string> apply(cli_config& cfg, std::string_view flag,
                                 std::string_view value) {
  if (flag == "--host") {
    auto addr = inet::parse_address(value);
    if (!addr)
      return invalid(flag, value, "an IPv4 or IPv6 address");
    cfg.host = std::string{value};
    cfg.address = *addr;
  } else if (flag == "--port") {
    auto n = parse_int(value, 0, 65535);
    if (!n)
      return invalid(flag, value, "0..65535");
    cfg.port = static_cast<uint16_t>(*n);
  } else if (flag == "--packet") {
    // The contract's spellings only: the Erlang alias 0 is not part of it.
    if (value == "raw")
      cfg.packet = net::packet_type::raw;
    else if (value == "1")
      cfg.packet = net::packet_type::p1;
    else if (value == "2")
      cfg.packet = net::packet_type::p2;
    else if (value == "4")
      cfg.packet = net::packet_type::p4;
    else if (value == "line")
      cfg.packet = net::packet_type::line;
    else
      return invalid(flag, value, "raw, 1, 2, 4 or line");
  } else if (flag == "--active") {
    if (value == "true") {
      cfg.active = inet::active{true};
    } else if (value == "false") {
      cfg.active = inet::active{false};
    } else if (value == "once") {
      cfg.active = inet::active{inet::once};
    } else if (auto n = parse_int(value, -32768, 32767)) {
      cfg.active = inet::active{*n};
    } else {
      return invalid(flag, value, "true, false, once or -32768..32767");
    }
  } else if (flag == "--acceptors") {
    auto n = parse_int(value, 1, max_acceptors);
    if (!n)
      return invalid(flag, value, "1.." + std::to_string(max_acceptors));
    cfg.acceptors = static_cast<int>(*n);
  } else if (flag == "--max-packet") {
    auto n = parse_int(value, 0, max_packet_limit);
    if (!n)
      return invalid(flag, value, "0.." + std::to_string(max_packet_limit));
    cfg.max_packet = *n;
  } else if (flag == "--inspect-port") {
    auto n = parse_int(value, 0, 65535);
    if (!n)
      return invalid(flag, value, "0..65535");
    cfg.inspect_port = static_cast<uint16_t>(*n);
  } else {
    return "unknown flag " + quoted(flag);
  }
  return std::nullopt;
}

} // namespace

std::variant<cli_config, cli_error>
parse_cli(int argc, const char* const* argv, int default_acceptors) {
  cli_config cfg;
  cfg.acceptors = default_acceptors;
  if (auto addr = inet::parse_address(cfg.host))
    cfg.address = *addr;
  // --help wins over anything else on the line, as in most tools: a user
  // asking for help with a half-written command line should get it.
  for (int i = 1; i < argc; ++i)
    if (std::string_view{argv[i]} == "--help") {
      cfg.help = true;
      return cfg;
    }
  for (int i = 1; i < argc; ++i) {
    std::string_view arg{argv[i]};
    if (arg.size() < 3 || arg.substr(0, 2) != "--")
      return cli_error{"unexpected argument " + quoted(arg)};
    std::string_view flag = arg;
    std::optional<std::string_view> value; // set by --flag=value
    if (auto eq = arg.find('='); eq != std::string_view::npos) {
      flag = arg.substr(0, eq);
      value = arg.substr(eq + 1);
      if (flag == "--help")
        return cli_error{"--help takes no value"};
    }
    // Check the name before taking a value, so that a trailing "--bogus"
    // reports the unknown flag rather than a missing value.
    if (!is_known(flag))
      return cli_error{"unknown flag " + quoted(flag)};
    if (!value) {
      if (i + 1 >= argc)
        return cli_error{"missing value for " + std::string{flag}};
      value = argv[++i];
    }
    if (auto err = apply(cfg, flag, *value))
      return cli_error{std::move(*err)};
  }
  return cfg;
}

std::string usage(std::string_view program, int default_acceptors) {
  std::string p{program};
  std::string res;
  res += "usage: " + p
         + " [--host ADDR] [--port N] [--packet raw|1|2|4|line]\n"
         + std::string(p.size() + 8, ' ')
         + "[--active true|false|once|N] [--acceptors K] "
           "[--max-packet BYTES]\n"
         + std::string(p.size() + 8, ' ') + "[--inspect-port N]\n";
  res += R"(
A TCP echo server built on otpnet (Erlang/OTP gen_tcp semantics on CAF
actors): every packet received on a connection is sent back on it, with the
same framing.

Options (each also accepted as --flag=value; the last one given wins):
  --host ADDR         local IPv4 or IPv6 address to listen on
                      (default 127.0.0.1)
  --port N            local port, 0..65535; 0 picks an ephemeral port
                      (default 0)
  --packet TYPE       framing, gen_tcp's {packet, TYPE} (default raw):
                        raw   no framing: the bytes received are sent back
                        1|2|4 each packet has a 1, 2 or 4-byte big-endian
                              length header; every whole packet is sent
                              back as the same packet
                        line  each line, up to and including its newline,
                              is sent back with its newline
  --active MODE       how the connection handler reads, gen_tcp's
                      {active, MODE} (default once):
                        true  every packet becomes a message at once
                        false the handler calls gen_tcp:recv in a loop
                        once  one packet, then the handler re-arms after
                              echoing it
                        N     N packets (-32768..32767), re-armed with N on
                              tcp_passive; N <= 0 starts passive and is
                              re-armed with 1, since adding N <= 0 would
                              never read again
  --acceptors K       concurrent gen_tcp:accept calls on the listen socket,
                      1..)" + std::to_string(max_acceptors)
         + " (default " + std::to_string(default_acceptors) + R"()
                      echo_server: one acceptor actor keeping K accepts
                      outstanding; acceptor_pool: K acceptor actors
  --max-packet BYTES  largest packet accepted, 0..2147483647, as
                      {packet_size, BYTES}; 0 = no limit (default 0)
  --inspect-port N    also answer the inspector (`inet i --port N`,
                      otpnet::inspection) on 127.0.0.1 port N, 0..65535
                      (0 picks a port); off by default
  --help              print this text and exit 0

Behaviour:
  - Once it accepts connections it prints exactly one line "listening PORT"
    on stdout (PORT is the bound port, useful with --port 0) and flushes.
    With --inspect-port, the line "PROGRAM: inspection port N" goes to
    stderr just before it.
  - Each accepted connection is handed to its own handler actor with
    gen_tcp:controlling_process.
  - A packet announcing more than --max-packet bytes (or a longer line)
    closes that connection only; the others are served on.
  - After the peer shuts down its write side, everything received before is
    still sent back, then the connection is closed ({exit_on_close, false}).
  - A peer that sends without reading is not read from while its echoes
    wait to be sent (the handler is suspended in gen_tcp:send), so memory
    stays bounded.
  - SIGTERM or SIGINT closes every socket and exits 0.

Exit status: 0 after SIGTERM/SIGINT or --help; 1 if the server cannot start
(one line on stderr, e.g. "address already in use"); 2 for a bad command
line (one line on stderr).
)";
  return res;
}

std::string error_line(std::string_view program, const cli_error& err) {
  std::string res{program};
  res += ": ";
  res += err.what;
  res += "; try --help";
  return res;
}

std::string_view program_name(const char* argv0) {
  std::string_view s{argv0 != nullptr ? argv0 : ""};
  if (auto slash = s.rfind('/'); slash != std::string_view::npos)
    s.remove_prefix(slash + 1);
  return s.empty() ? std::string_view{"otpnet-sample"} : s;
}

std::string to_string(const inet::active& a) {
  switch (a.kind) {
    case inet::active_kind::passive:
      return "false";
    case inet::active_kind::always:
      return "true";
    case inet::active_kind::once:
      return "once";
    default:
      return std::to_string(a.n);
  }
}

} // namespace otpnet::samples
