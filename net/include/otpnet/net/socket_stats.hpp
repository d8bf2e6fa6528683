// The statistics a socket keeps for inet:getstat, computed as OTP's
// inet_drv computes them (checked against OTP 25 over loopback): a packet
// counts once, header included, when it is delivered (received: each
// {tcp, S, Data}, http line or recv reply) or when it enters the socket's
// queue (sent). Averages are running means truncated to integers; recv_dvi
// is the running mean of (size - running average), reported as its
// absolute value. Counters wrap at 2^64, as OTP's.
//
// Thread safety: none; one owner (the socket actor).

#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "otpnet/inet/stat_option.hpp"

namespace otpnet::net {

class socket_stats {
public:
  void count_received(std::size_t len) noexcept;
  void count_sent(std::size_t len) noexcept;

  /// The value of `o`; `send_pend` is the socket's queued bytes, which it
  /// tracks itself. 0 for a value outside the enum.
  uint64_t value(inet::stat_option o, uint64_t send_pend) const noexcept;

  /// getstat(S, Names): the values, in the order asked (names may repeat);
  /// nullopt (einval) if a name is outside the enum.
  std::optional<inet::stat_values>
  values(const std::vector<inet::stat_option>& names,
         uint64_t send_pend) const;

  /// getstat(S): every statistic, in all_stat_options' order (inet:info's
  /// counters too).
  inet::stat_values all_values(uint64_t send_pend) const;

private:
  struct direction {
    uint64_t oct = 0;
    uint64_t cnt = 0;
    uint64_t max = 0;
    double avg = 0;
  };

  /// Counts one packet; returns the n its average was updated with.
  static double count(direction& d, std::size_t len) noexcept;

  direction recv_;
  direction send_;
  double recv_dvi_ = 0; // only received packets have a deviation
};

} // namespace otpnet::net
