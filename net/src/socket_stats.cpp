#include "otpnet/net/socket_stats.hpp"

#include <cmath>
#include <string_view>

namespace otpnet::inet {

namespace {

constexpr std::string_view names[] = {
  "recv_avg", "recv_cnt", "recv_dvi",  "recv_max", "recv_oct",
  "send_avg", "send_cnt", "send_pend", "send_max", "send_oct",
};

} // namespace

std::string_view to_string(stat_option o) noexcept {
  auto i = static_cast<std::size_t>(o);
  return i < std::size(names) ? names[i] : std::string_view{};
}

std::optional<stat_option> stat_option_from_string(std::string_view s) {
  for (std::size_t i = 0; i < std::size(names); ++i)
    if (names[i] == s)
      return static_cast<stat_option>(i);
  return std::nullopt;
}

} // namespace otpnet::inet

namespace otpnet::net {

double socket_stats::count(direction& d, std::size_t len) noexcept {
  auto n = d.cnt + 1;
  if (n == 0) // wrapped: the old average seeds a new sequence, as in OTP
    n = 1;
  d.avg += (static_cast<double>(len) - d.avg) / static_cast<double>(n);
  if (len > d.max)
    d.max = len;
  d.oct += len;
  d.cnt = n;
  return static_cast<double>(n);
}

void socket_stats::count_received(std::size_t len) noexcept {
  auto n = count(recv_, len);
  // The deviation from the average just updated, as inet_drv has it.
  recv_dvi_ += ((static_cast<double>(len) - recv_.avg) - recv_dvi_) / n;
}

void socket_stats::count_sent(std::size_t len) noexcept {
  count(send_, len);
}

uint64_t socket_stats::value(inet::stat_option o,
                             uint64_t send_pend) const noexcept {
  using inet::stat_option;
  switch (o) {
    case stat_option::recv_avg:
      return static_cast<uint64_t>(recv_.avg);
    case stat_option::recv_cnt:
      return recv_.cnt;
    case stat_option::recv_dvi:
      return static_cast<uint64_t>(std::fabs(recv_dvi_));
    case stat_option::recv_max:
      return recv_.max;
    case stat_option::recv_oct:
      return recv_.oct;
    case stat_option::send_avg:
      return static_cast<uint64_t>(send_.avg);
    case stat_option::send_cnt:
      return send_.cnt;
    case stat_option::send_pend:
      return send_pend;
    case stat_option::send_max:
      return send_.max;
    case stat_option::send_oct:
      return send_.oct;
  }
  return 0;
}

std::optional<inet::stat_values>
socket_stats::values(const std::vector<inet::stat_option>& names,
                     uint64_t send_pend) const {
  inet::stat_values out;
  out.reserve(names.size());
  for (auto o : names) {
    if (inet::to_string(o).empty())
      return std::nullopt;
    out.emplace_back(o, value(o, send_pend));
  }
  return out;
}

inet::stat_values socket_stats::all_values(uint64_t send_pend) const {
  inet::stat_values out;
  out.reserve(inet::all_stat_options.size());
  for (auto o : inet::all_stat_options)
    out.emplace_back(o, value(o, send_pend));
  return out;
}

} // namespace otpnet::net
