#include "options.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace loadgen {

namespace {

constexpr std::size_t max_size = std::size_t{16} << 20; // 16 MiB per request

bool parse_int(std::string_view s, long long lo, long long hi,
               long long& out) {
  long long v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || p != s.data() + s.size() || v < lo || v > hi)
    return false;
  out = v;
  return true;
}

bool parse_seconds(std::string_view s, double lo, double hi, double& out) {
  if (s.empty() || s.size() > 32)
    return false;
  std::string copy{s};
  char* end = nullptr;
  double v = std::strtod(copy.c_str(), &end);
  if (end != copy.c_str() + copy.size() || !std::isfinite(v) || v < lo
      || v > hi)
    return false;
  out = v;
  return true;
}

options_error invalid(std::string_view flag, std::string_view value) {
  return {"invalid " + std::string{flag} + " " + quoted(value)};
}

bool known_flag(std::string_view f) {
  for (const char* k : {"--host", "--port", "--mode", "--conns", "--size", "--packet", "--depth", "--seconds", "--warmup", "--threads"})
    if (f == k)
      return true;
  return false;
}

} // namespace

std::variant<options, options_error> parse_options(int argc,
                                                   const char* const* argv) {
  options o;
  bool port_seen = false;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      o.help = true;
      return o;
    }
    if (arg == "--read-after") {
      o.read_after = true;
      continue;
    }
    if (arg.substr(0, 2) != "--")
      return options_error{"unexpected argument " + quoted(arg)};
    std::string_view flag = arg;
    std::string_view value;
    auto eq = arg.find('=');
    if (eq != std::string_view::npos)
      flag = arg.substr(0, eq);
    if (!known_flag(flag))
      return options_error{"unknown flag " + quoted(flag)};
    if (eq != std::string_view::npos) {
      value = arg.substr(eq + 1);
    } else if (i + 1 < argc) {
      value = argv[++i];
    } else {
      return options_error{"missing value for " + std::string{flag}};
    }
    long long n = 0;
    if (flag == "--host") {
      if (value.empty())
        return invalid(flag, value);
      o.host = std::string{value};
    } else if (flag == "--port") {
      if (!parse_int(value, 1, 65535, n))
        return invalid(flag, value);
      o.port = static_cast<uint16_t>(n);
      port_seen = true;
    } else if (flag == "--mode") {
      if (value == "echo")
        o.run_mode = mode::echo;
      else if (value == "connect")
        o.run_mode = mode::connect;
      else if (value == "hold")
        o.run_mode = mode::hold;
      else if (value == "push")
        o.run_mode = mode::push;
      else
        return invalid(flag, value);
    } else if (flag == "--conns") {
      if (!parse_int(value, 1, 1000000, n))
        return invalid(flag, value);
      o.conns = static_cast<int>(n);
    } else if (flag == "--size") {
      if (!parse_int(value, 1, static_cast<long long>(max_size), n))
        return invalid(flag, value);
      o.size = static_cast<std::size_t>(n);
    } else if (flag == "--packet") {
      if (value == "raw" || value == "0")
        o.header_bytes = 0;
      else if (value == "2")
        o.header_bytes = 2;
      else if (value == "4")
        o.header_bytes = 4;
      else
        return invalid(flag, value);
    } else if (flag == "--depth") {
      if (!parse_int(value, 1, 4096, n))
        return invalid(flag, value);
      o.depth = static_cast<int>(n);
    } else if (flag == "--seconds") {
      if (!parse_seconds(value, 0.001, 3600, o.seconds))
        return invalid(flag, value);
    } else if (flag == "--warmup") {
      if (!parse_seconds(value, 0, 600, o.warmup))
        return invalid(flag, value);
    } else if (flag == "--threads") {
      if (!parse_int(value, 1, 64, n))
        return invalid(flag, value);
      o.threads = static_cast<int>(n);
    } else {
      return options_error{"unknown flag " + quoted(flag)};
    }
  }
  if (!port_seen)
    return options_error{"--port is required"};
  if (o.header_bytes == 2 && o.size > 65535)
    return options_error{"--size " + std::to_string(o.size)
                         + " does not fit --packet 2 (at most 65535)"};
  if (o.read_after && o.run_mode != mode::push)
    return options_error{"--read-after needs --mode push"};
  if (o.threads > o.conns)
    o.threads = o.conns;
  return o;
}

std::string quoted(std::string_view s) {
  std::string out = "'";
  for (char c : s)
    out += static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? '?' : c;
  out += '\'';
  return out;
}

std::string usage(std::string_view program) {
  std::string p{program};
  return "usage: " + p + R"( --port N [--host ADDR] [--mode echo|connect|hold|push]
       [--conns C] [--size S] [--packet raw|2|4] [--depth D]
       [--seconds T] [--warmup W] [--threads N] [--read-after] [--help]

A TCP load generator for echo servers (epoll, one thread by default).

  --host ADDR       server address or name (default 127.0.0.1)
  --port N          server port (required)
  --mode M          echo (default): C connections, each keeping D requests of
                      S bytes in flight; every echo is verified byte-exact
                      (with raw framing the byte stream is verified); D=1 is
                      ping-pong. Latency: request written -> echo complete.
                    connect: C concurrent loops of connect, one echo of S
                      bytes, close. Latency: the whole cycle.
                    hold: open C connections (at most 64 connecting at once),
                      one echo each, print "holding N" once all are open,
                      keep them open for T seconds, report how many held.
                    push: send S-byte requests on C connections without
                      reading (flow-control check) for T seconds; reports
                      the bytes the server let through.
  --conns C         connections (default 10)
  --size S          request payload bytes (default 64; at most 65535 with
                    --packet 2, 16 MiB otherwise)
  --packet P        framing of each request: raw (default), 2 or 4 (a big-
                    endian length header, as Erlang's {packet, N})
  --depth D         echo mode: requests in flight per connection (default 1)
  --seconds T       measured seconds (default 5); hold: seconds to hold
  --warmup W        seconds run before measuring (default 1; echo and
                    connect only)
  --threads N       event loops, connections split between them (default 1)
  --read-after      push mode: afterwards read everything back and verify it
                    arrives complete and in order

Bounds: 5 s per connect attempt and per awaited echo in connect/hold; the
whole run is abandoned (exit 1) 60 s after its planned end.
Output: human-readable lines, then one line of JSON with the keys mode,
conns, size, packet, depth, seconds, requests, rps, mbps, p50_us, p99_us,
p999_us, errors, held, bytes. MB/s counts echoed payload (push: bytes sent).
Exit status: 0 without errors, 1 with errors, 2 for a usage error.
)";
}

std::string_view mode_name(mode m) {
  switch (m) {
    case mode::echo:
      return "echo";
    case mode::connect:
      return "connect";
    case mode::hold:
      return "hold";
    case mode::push:
      return "push";
  }
  return "?";
}

std::string_view packet_name(int header_bytes) {
  return header_bytes == 2 ? "2" : header_bytes == 4 ? "4" : "raw";
}

} // namespace loadgen
