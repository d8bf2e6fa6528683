#include "report.hpp"

#include <cstdio>

namespace loadgen {

namespace {

double us(uint64_t ns) {
  return static_cast<double>(ns) / 1000.0;
}

} // namespace

void print_report(const options& o, const std::string& target,
                  const stats& s, double seconds) {
  auto m = mode_name(o.run_mode);
  auto pk = packet_name(o.header_bytes);
  // hold: rates over the opening; `seconds` is the time held.
  double window = o.run_mode == mode::hold ? s.open_seconds : seconds;
  double rps = window > 0 ? static_cast<double>(s.requests) / window : 0;
  double mbps = window > 0 ? static_cast<double>(s.bytes) / window / 1e6 : 0;
  double p50 = us(s.latency.quantile(0.50));
  double p99 = us(s.latency.quantile(0.99));
  double p999 = us(s.latency.quantile(0.999));
  std::printf("loadgen %.*s %s: conns %d, size %zu, packet %.*s, depth %d, "
              "threads %d\n",
              static_cast<int>(m.size()), m.data(), target.c_str(), o.conns,
              o.size, static_cast<int>(pk.size()), pk.data(), o.depth,
              o.threads);
  const char* what = o.run_mode == mode::connect ? "cycles"
                     : o.run_mode == mode::hold  ? "echoes"
                     : o.run_mode == mode::push  ? "requests sent"
                                                 : "requests";
  std::printf("%-9s %llu %s in %.2f s: %.0f/s, %.2f MB/s\n", "measured",
              static_cast<unsigned long long>(s.requests), what, window, rps,
              mbps);
  if (s.latency.count() > 0)
    std::printf("%-9s p50 %.1f us, p99 %.1f us, p99.9 %.1f us, max %.1f us\n",
                "latency", p50, p99, p999, us(s.latency.max()));
  if (o.run_mode == mode::hold)
    std::printf("%-9s %llu of %d connections for %.2f s\n", "held",
                static_cast<unsigned long long>(s.held), o.conns, seconds);
  if (o.run_mode == mode::push) {
    std::printf("%-9s %llu bytes; %llu of %d connections blocked at the end\n",
                "pushed", static_cast<unsigned long long>(s.bytes),
                static_cast<unsigned long long>(s.blocked), o.conns);
    if (o.read_after)
      std::printf("%-9s %llu bytes, verified in order\n", "read back",
                  static_cast<unsigned long long>(s.read_back));
  }
  const auto& e = s.errors;
  std::printf("%-9s %llu (connect %llu, timeout %llu, closed %llu, "
              "mismatch %llu, io %llu)\n",
              "errors", static_cast<unsigned long long>(e.total()),
              static_cast<unsigned long long>(e.connect),
              static_cast<unsigned long long>(e.timeout),
              static_cast<unsigned long long>(e.closed),
              static_cast<unsigned long long>(e.mismatch),
              static_cast<unsigned long long>(e.io));
  std::printf("{\"mode\":\"%.*s\",\"conns\":%d,\"size\":%zu,\"packet\":\"%.*s\","
              "\"depth\":%d,\"seconds\":%.3f,\"requests\":%llu,\"rps\":%.1f,"
              "\"mbps\":%.3f,\"p50_us\":%.1f,\"p99_us\":%.1f,\"p999_us\":%.1f,"
              "\"errors\":%llu,\"held\":%llu,\"bytes\":%llu}\n",
              static_cast<int>(m.size()), m.data(), o.conns, o.size,
              static_cast<int>(pk.size()), pk.data(), o.depth, seconds,
              static_cast<unsigned long long>(s.requests), rps, mbps, p50, p99,
              p999, static_cast<unsigned long long>(e.total()),
              static_cast<unsigned long long>(s.held),
              static_cast<unsigned long long>(s.bytes));
  std::fflush(stdout);
}

} // namespace loadgen
