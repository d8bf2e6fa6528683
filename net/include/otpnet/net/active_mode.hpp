// {active, true | false | once | N}: the token arithmetic of inet:setopts/2,
// as inet_drv implements it. The socket actor owns one and asks it, per
// packet, whether it may deliver and whether tcp_passive must follow.
//
// Thread safety: none; one owner.

#pragma once

#include <cstdint>

namespace otpnet::net {

class active_mode {
public:
  enum class kind : uint8_t {
    passive, // {active, false}
    always,  // {active, true}
    once,    // {active, once}
    count,   // {active, N}, N > 0
  };

  /// The range of N accepted by setopts; also the bound of the counter.
  static constexpr int min_n = -32768;
  static constexpr int max_n = 32767;

  /// Sockets start {active, true} (the spec's default).
  active_mode() noexcept = default;

  /// {active, false}. No tcp_passive.
  void set_false() noexcept;

  /// {active, true}. Drops any {active, N} count, like inet_drv.
  void set_true() noexcept;

  /// {active, once}. Drops any {active, N} count, like inet_drv.
  void set_once() noexcept;

  /// False if setopts must reject {active, n} with einval: n outside
  /// [min_n, max_n], or a counter that would exceed max_n (OTP's active_n
  /// test: {active,32767} then {active,1} is {error,einval}). In true/once/
  /// false modes the counter is 0, so any n in range is accepted.
  bool accepts(int n) const noexcept;

  /// {active, n}: adds n to the counter (0 if the mode was not {active, N}),
  /// clamping a negative result to 0. Returns true if the socket must now
  /// send tcp_passive: the counter is 0, so the mode is passive. That
  /// includes {active, 0} on a socket that is already passive, which still
  /// notifies, exactly as inet_drv does and as OTP's gen_tcp_misc_SUITE
  /// active_n test expects. Call accepts(n) first: if it is false, add does
  /// nothing and returns false.
  bool add(int n) noexcept;

  /// True unless passive: a received packet may be sent to the owner.
  bool may_deliver() const noexcept {
    return kind_ != kind::passive;
  }

  /// Spends the token of one delivered data message. Returns true if
  /// tcp_passive must be sent right after that message: an {active, N}
  /// counter reached 0. {active, once} turns passive silently (no
  /// tcp_passive). No effect in always or passive mode.
  bool on_delivered() noexcept;

  kind current() const noexcept {
    return kind_;
  }

  /// The {active, N} counter; 0 in every other mode.
  int count() const noexcept {
    return count_;
  }

private:
  kind kind_ = kind::always;
  int count_ = 0;
};

} // namespace otpnet::net
