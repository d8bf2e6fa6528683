// Fuzz target: the command lines of the samples (samples/common/cli.hpp,
// a contract other tools rely on), of tools/loadgen and of tools/inet.
//
// Each argument is a known token (flags, good and bad values) or raw bytes,
// so that whole valid command lines are common. Properties: a command
// line is accepted or refused with a non-empty reason, never a crash; the
// error line has no control character (one stderr line whatever argv
// holds); an accepted configuration is within the documented bounds and,
// written back as flags, parses to the same configuration.

#include <array>
#include <cstdio>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "fuzz/fuzz_input.hpp"
#include "fuzz/fuzz_targets.hpp"

#include "common/cli.hpp"
#include "inet/command.hpp"
#include "loadgen/options.hpp"

namespace otpnet::fuzz {

namespace {

constexpr std::array<std::string_view, 56> tokens{
  "--host", "--port", "--packet", "--active", "--acceptors", "--max-packet",
  "--help", "--mode", "--conns", "--size", "--depth", "--seconds",
  "--warmup", "--threads", "--read-after", "--port=", "--host=::1",
  "127.0.0.1", "::1", "0", "1", "2", "4", "-1", "65535", "65536", "raw",
  "line", "once", "true", "false", "-32768", "32767", "1024", "1025",
  "2147483647", "2147483648", "echo", "push", "hold", "connect", "0.5",
  "1e-3", "nan", "--inspect-port", "--timeout", "i", "info", "getaddr",
  "getaddrs", "ntoa", "tcp", "[port,state]", "{local_address,true}",
  "show_ports", "inet6"};

std::vector<std::string> arguments(input& in) {
  std::vector<std::string> args;
  auto n = in.u8() % 12u;
  for (unsigned i = 0; i < n; ++i) {
    auto sel = in.u8();
    if (sel < 2 * tokens.size()) {
      std::string t{tokens[sel % tokens.size()]};
      if (sel >= tokens.size()) // a token glued to a raw value
        t += in.bytes(in.u8() % 8u);
      args.push_back(std::move(t));
    } else {
      auto raw = in.bytes(in.u8() % 16u);
      // argv strings end at the first NUL.
      args.emplace_back(raw.substr(0, raw.find('\0')));
    }
  }
  return args;
}

std::vector<const char*> argv_of(const char* program,
                                 const std::vector<std::string>& args) {
  std::vector<const char*> argv{program};
  for (const auto& a : args)
    argv.push_back(a.c_str());
  return argv;
}

bool printable(std::string_view s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
      return false;
  return true;
}

void sample_cli(const std::vector<std::string>& args) {
  auto argv = argv_of("echo_server", args);
  auto res = samples::parse_cli(static_cast<int>(argv.size()), argv.data(), 1);
  if (auto* err = std::get_if<samples::cli_error>(&res)) {
    check(!err->what.empty(), "a refused sample command line says why");
    check(printable(samples::error_line("echo_server", *err)),
          "a sample usage error is one printable line");
    return;
  }
  const auto& cfg = std::get<samples::cli_config>(res);
  if (cfg.help)
    return;
  check(cfg.acceptors >= 1 && cfg.acceptors <= samples::max_acceptors,
        "--acceptors within 1..max_acceptors");
  check(cfg.max_packet >= 0 && cfg.max_packet <= samples::max_packet_limit,
        "--max-packet within 0..2^31-1");
  std::vector<std::string> again{
    "--host", cfg.host, "--port", std::to_string(cfg.port), "--packet",
    std::string{net::to_string(cfg.packet)}, "--active",
    samples::to_string(cfg.active), "--acceptors",
    std::to_string(cfg.acceptors), "--max-packet",
    std::to_string(cfg.max_packet)};
  if (cfg.inspect_port)
    again.insert(again.end(),
                 {"--inspect-port", std::to_string(*cfg.inspect_port)});
  auto argv2 = argv_of("echo_server", again);
  auto res2 = samples::parse_cli(static_cast<int>(argv2.size()),
                                 argv2.data(), 1);
  auto* cfg2 = std::get_if<samples::cli_config>(&res2);
  check(cfg2 != nullptr, "a sample configuration written back parses");
  check(cfg2->address == cfg.address && cfg2->port == cfg.port
          && cfg2->packet == cfg.packet && cfg2->active == cfg.active
          && cfg2->acceptors == cfg.acceptors
          && cfg2->max_packet == cfg.max_packet
          && cfg2->inspect_port == cfg.inspect_port,
        "a sample configuration written back is the same");
}

std::string seconds_text(double s) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", s);
  return buf;
}

void loadgen_cli(const std::vector<std::string>& args) {
  auto argv = argv_of("loadgen", args);
  auto res = loadgen::parse_options(static_cast<int>(argv.size()),
                                    argv.data());
  if (auto* err = std::get_if<loadgen::options_error>(&res)) {
    check(!err->what.empty(), "a refused loadgen command line says why");
    check(printable(err->what), "a loadgen usage error is one printable line");
    return;
  }
  const auto& o = std::get<loadgen::options>(res);
  if (o.help)
    return;
  check(o.port >= 1, "--port is given and non-zero");
  check(o.conns >= 1 && o.threads >= 1 && o.threads <= o.conns
          && o.threads <= 64 && o.depth >= 1 && o.depth <= 4096
          && o.size >= 1 && !o.host.empty(),
        "loadgen options within their bounds");
  check(o.header_bytes != 2 || o.size <= 65535, "--packet 2 fits --size");
  check(o.seconds >= 0.001 && o.seconds <= 3600 && o.warmup >= 0
          && o.warmup <= 600,
        "--seconds and --warmup within their bounds");
  check(!o.read_after || o.run_mode == loadgen::mode::push,
        "--read-after only with push");
  std::vector<std::string> again{
    "--host", o.host, "--port", std::to_string(o.port), "--mode",
    std::string{loadgen::mode_name(o.run_mode)}, "--conns",
    std::to_string(o.conns), "--size", std::to_string(o.size), "--packet",
    std::string{loadgen::packet_name(o.header_bytes)}, "--depth",
    std::to_string(o.depth), "--seconds", seconds_text(o.seconds),
    "--warmup", seconds_text(o.warmup), "--threads",
    std::to_string(o.threads)};
  if (o.read_after)
    again.emplace_back("--read-after");
  auto argv2 = argv_of("loadgen", again);
  auto res2 = loadgen::parse_options(static_cast<int>(argv2.size()),
                                     argv2.data());
  auto* o2 = std::get_if<loadgen::options>(&res2);
  check(o2 != nullptr, "loadgen options written back parse");
  check(o2->host == o.host && o2->port == o.port
          && o2->run_mode == o.run_mode && o2->conns == o.conns
          && o2->size == o.size && o2->header_bytes == o.header_bytes
          && o2->depth == o.depth && o2->seconds == o.seconds
          && o2->warmup == o.warmup && o2->threads == o.threads
          && o2->read_after == o.read_after,
        "loadgen options written back are the same");
}

void inet_cli(const std::vector<std::string>& args) {
  auto argv = argv_of("inet", args);
  auto res = tools::parse_command(static_cast<int>(argv.size()), argv.data());
  if (auto* err = std::get_if<tools::command_error>(&res)) {
    check(!err->what.empty(), "a refused inet command line says why");
    check(printable(err->what), "an inet usage error is one printable line");
    return;
  }
  const auto& c = std::get<tools::command>(res);
  if (c.help)
    return;
  check(!tools::is_remote(c) || c.port >= 1, "i and info have a --port");
  check(c.timeout_ms >= 1 && c.timeout_ms <= 3600000,
        "--timeout within its bounds");
  std::vector<std::string> again{"--host", c.host, "--timeout",
                                 std::to_string(c.timeout_ms)};
  if (c.port != 0)
    again.insert(again.end(), {"--port", std::to_string(c.port)});
  again.push_back(c.name);
  again.insert(again.end(), c.args.begin(), c.args.end());
  auto argv2 = argv_of("inet", again);
  auto res2 = tools::parse_command(static_cast<int>(argv2.size()),
                                   argv2.data());
  auto* c2 = std::get_if<tools::command>(&res2);
  check(c2 != nullptr, "an inet command written back parses");
  check(c2->host == c.host && c2->port == c.port
          && c2->timeout_ms == c.timeout_ms && c2->name == c.name
          && c2->args == c.args,
        "an inet command written back is the same");
}

} // namespace

void cli_target(const uint8_t* data, std::size_t size) {
  input in{data, size};
  auto args = arguments(in);
  sample_cli(args);
  loadgen_cli(args);
  inet_cli(args);
}

} // namespace otpnet::fuzz
