#include "inet/command.hpp"

#include <charconv>
#include <optional>

#include <otpnet/inet/i_args.hpp>
#include <otpnet/inet/parse_address.hpp>

namespace otpnet::tools {

namespace {

struct arity {
  std::string_view name;
  size_t min;
  size_t max;
};

// Argument counts as the Erlang functions take them (a family is optional
// where OTP has an arity without it; getaddr's is required in OTP but
// defaults to inet here, as gethostbyname's does).
constexpr arity commands[] = {
  {"parse_address", 1, 1},
  {"parse_strict_address", 1, 1},
  {"parse_ipv4_address", 1, 1},
  {"parse_ipv4strict_address", 1, 1},
  {"parse_ipv6_address", 1, 1},
  {"parse_ipv6strict_address", 1, 1},
  {"ntoa", 1, 1},
  {"ipv4_mapped_ipv6_address", 1, 1},
  {"is_ip_address", 1, 1},
  {"is_ipv4_address", 1, 1},
  {"is_ipv6_address", 1, 1},
  {"gethostname", 0, 0},
  {"gethostbyname", 1, 2},
  {"gethostbyaddr", 1, 1},
  {"getaddr", 1, 2},
  {"getaddrs", 1, 2},
  {"getifaddrs", 0, 1},
  {"format_error", 1, 1},
  {"get_rc", 0, 0},
  {"i", 0, 64},
  {"info", 1, 1},
};

std::optional<int64_t> parse_int(std::string_view s, int64_t lo, int64_t hi) {
  int64_t n = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (s.empty() || ec != std::errc{} || ptr != s.data() + s.size() || n < lo
      || n > hi)
    return std::nullopt;
  return n;
}

/// User text in an error: one line whatever argv holds.
std::string quoted(std::string_view s) {
  std::string res = "'";
  for (char c : s)
    res += static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? '?' : c;
  return res + "'";
}

bool takes_family(std::string_view name) {
  return name == "gethostbyname" || name == "getaddr" || name == "getaddrs";
}

std::optional<std::string> check_args(const command& cmd) {
  if (takes_family(cmd.name) && cmd.args.size() == 2 && cmd.args[1] != "inet"
      && cmd.args[1] != "inet6")
    return "invalid family " + quoted(cmd.args[1]) + " (expected inet or inet6)";
  if (cmd.name == "i") {
    std::string joined;
    for (const auto& a : cmd.args)
      joined += a + " ";
    if (!inet::parse_i_args(joined))
      return "invalid arguments for i: " + quoted(joined.substr(
               0, joined.empty() ? 0 : joined.size() - 1))
             + " (expected [tcp|udp|sctp] [show_ports|OPTION,...])";
  }
  if (cmd.name == "info" && !parse_int(cmd.args[0], 0, INT64_MAX))
    return "invalid socket number " + quoted(cmd.args[0]);
  if (is_remote(cmd) && cmd.port == 0)
    return cmd.name + " asks a running program: give its --port";
  return std::nullopt;
}

} // namespace

bool is_remote(const command& cmd) {
  return cmd.name == "i" || cmd.name == "info";
}

std::variant<command, command_error> parse_command(int argc,
                                                   const char* const* argv) {
  command cmd;
  int i = 1;
  for (; i < argc; ++i) {
    std::string_view arg{argv[i]};
    if (arg == "--help") {
      cmd.help = true;
      return cmd;
    }
    if (arg.substr(0, 2) != "--")
      break;
    std::string_view flag = arg;
    std::optional<std::string_view> value;
    if (auto eq = arg.find('='); eq != std::string_view::npos) {
      flag = arg.substr(0, eq);
      value = arg.substr(eq + 1);
    }
    if (flag != "--host" && flag != "--port" && flag != "--timeout")
      return command_error{"unknown flag " + quoted(flag)};
    if (!value) {
      if (i + 1 >= argc)
        return command_error{"missing value for " + std::string{flag}};
      value = argv[++i];
    }
    if (flag == "--host") {
      if (!inet::parse_address(*value))
        return command_error{"invalid value " + quoted(*value)
                             + " for --host (expected an IPv4 or IPv6 "
                               "address)"};
      cmd.host = std::string{*value};
    } else if (flag == "--port") {
      auto n = parse_int(*value, 1, 65535);
      if (!n)
        return command_error{"invalid value " + quoted(*value)
                             + " for --port (expected 1..65535)"};
      cmd.port = static_cast<uint16_t>(*n);
    } else {
      auto n = parse_int(*value, 1, 3600000);
      if (!n)
        return command_error{"invalid value " + quoted(*value)
                             + " for --timeout (expected 1..3600000 ms)"};
      cmd.timeout_ms = *n;
    }
  }
  if (i >= argc)
    return command_error{"missing command"};
  cmd.name = argv[i++];
  for (; i < argc; ++i)
    cmd.args.emplace_back(argv[i]);
  const arity* found = nullptr;
  for (const auto& c : commands)
    if (c.name == cmd.name)
      found = &c;
  if (found == nullptr)
    return command_error{"unknown command " + quoted(cmd.name)};
  if (cmd.args.size() < found->min || cmd.args.size() > found->max)
    return command_error{"wrong number of arguments for " + cmd.name};
  if (auto err = check_args(cmd))
    return command_error{std::move(*err)};
  return cmd;
}

std::string usage(std::string_view program) {
  std::string p{program};
  return "usage: " + p + " [--host ADDR] [--port N] [--timeout MS] COMMAND "
         "[ARG...]\n" + R"(
Erlang's inet utilities from the command line. Each command is named after
the inet function it runs and prints what that function returns, as the
Erlang shell prints it on one line ({ok,...} or {error,Reason}).

On this host:
  parse_address TEXT            also parse_strict_address, parse_ipv4_address,
                                parse_ipv4strict_address, parse_ipv6_address,
                                parse_ipv6strict_address
  ntoa ADDRESS                  ADDRESS as {A,B,C,D}, {A,...,H} or text;
                                prints inet:ntoa's string
  ipv4_mapped_ipv6_address ADDRESS
                                a.b.c.d <-> ::ffff:a.b.c.d, as a tuple
  is_ip_address TERM            true (exit 0) if TERM is an address tuple,
                                else false (exit 1); also is_ipv4_address,
                                is_ipv6_address
  gethostname
  gethostbyname NAME [inet|inet6]
  gethostbyaddr ADDRESS
  getaddr NAME [inet|inet6]     family inet unless given
  getaddrs NAME [inet|inet6]
  getifaddrs [NETNS]            NETNS: a network namespace's file, as
                                getifaddrs([{netns, NETNS}])
  format_error REASON           the text for a POSIX error atom (econnrefused)
  get_rc                        the resolver's configuration, as inet:get_rc()

In a running program that serves otpnet::inspection (for the samples:
--inspect-port N), at --host (default 127.0.0.1) and --port:
  i [tcp|udp|sctp] [show_ports|OPTION,...]
                                inet:i/0..2's table; OPTION: port, module,
                                recv, sent, owner, local_address,
                                foreign_address, state, type,
                                {local_address,true}, {foreign_address,true}
  info N                        inet:info/1 of socket N (the Port column)

Flags (also as --flag=value):
  --host ADDR     the program's address (default 127.0.0.1)
  --port N        the program's inspection port, 1..65535
  --timeout MS    how long to wait for its answer (default 5000)
  --help          print this text and exit 0

Exit status: 0 when the result is {ok,...} (or a table, a string, true),
1 for {error,...} or false, or when the program cannot be reached (one
line on stderr), 2 for a bad command line (one line on stderr).
)";
}

} // namespace otpnet::tools
