// Two-threshold hysteresis for send-side back-pressure: the
// {high_watermark, low_watermark} pair of the socket queue and the
// {high_msgq_watermark, low_msgq_watermark} pair of the message queue.
// Busy once the queued byte count reaches `high`; not busy again once it
// falls below `low` (inet_drv: `size >= high` marks busy, `size < low`
// clears it).
//
// Thread safety: none; one owner.

#pragma once

#include <cstddef>

namespace otpnet::net {

class watermarks {
public:
  /// Same adjustment as set().
  watermarks(std::size_t low, std::size_t high) noexcept;

  /// Sets both thresholds the way inet_drv handles the two options: a high
  /// below low pulls low down to it (setting low above high raises high),
  /// so low <= high always holds. Given together, `high` wins: the result
  /// is low = min(low, high). The busy state is kept as it is (inet_drv
  /// re-evaluates only when data is queued or sent); call drain(0) or
  /// add(0) to re-evaluate against the new thresholds.
  void set(std::size_t low, std::size_t high) noexcept;

  /// {high_watermark, H} alone: low is lowered to H if above it.
  void set_high(std::size_t high) noexcept;

  /// {low_watermark, L} alone: high is raised to L if below it.
  void set_low(std::size_t low) noexcept;

  bool busy() const noexcept {
    return busy_;
  }

  std::size_t queued() const noexcept {
    return queued_;
  }

  std::size_t low() const noexcept {
    return low_;
  }

  std::size_t high() const noexcept {
    return high_;
  }

  /// n more bytes queued. Returns true if this call made it busy: the
  /// queue is non-empty and has reached high.
  bool add(std::size_t n) noexcept;

  /// n bytes left the queue (clamped to queued()). Returns true if this
  /// call made it not busy: the queue fell below low, or is empty (an empty
  /// queue is never busy, else low = 0 would suspend senders forever).
  bool drain(std::size_t n) noexcept;

private:
  std::size_t low_;
  std::size_t high_;
  std::size_t queued_ = 0;
  bool busy_ = false;
};

} // namespace otpnet::net
