// inet:getstat/1,2's statistics names (the spec's stat_option()).
//
// Thread safety: pure functions.

#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace otpnet::inet {

enum class stat_option : uint8_t {
  recv_avg,  // average size of the packets received, bytes
  recv_cnt,  // packets received
  recv_dvi,  // average deviation of the packet size received, bytes
  recv_max,  // largest packet received, bytes
  recv_oct,  // bytes received
  send_avg,  // average size of the packets sent
  send_cnt,  // packets sent
  send_pend, // bytes waiting to be sent
  send_max,  // largest packet sent
  send_oct,  // bytes sent
};

/// getstat/1's list: every statistic, in the order the spec gives it.
constexpr std::array<stat_option, 10> all_stat_options = {
  stat_option::recv_avg, stat_option::recv_cnt, stat_option::recv_dvi,
  stat_option::recv_max, stat_option::recv_oct, stat_option::send_avg,
  stat_option::send_cnt, stat_option::send_pend, stat_option::send_max,
  stat_option::send_oct,
};

/// The Erlang atom: "recv_avg" ... "send_oct"; "" for a value outside the
/// enum.
std::string_view to_string(stat_option o) noexcept;

/// The inverse of to_string.
std::optional<stat_option> stat_option_from_string(std::string_view s);

/// getstat's answer: {Option, Value} pairs, in the order asked.
using stat_values = std::vector<std::pair<stat_option, uint64_t>>;

} // namespace otpnet::inet
