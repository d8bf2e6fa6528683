// What a probe, a peer and the expectations need from the fixture that
// runs them: a way to let the system run until a condition holds, and the
// trace to report with. Both fixtures (deterministic and loopback) are
// drivers, which is what lets one test body run over both.

#pragma once

#include <chrono>
#include <functional>

#include <otpnet/testing/trace.hpp>

namespace otpnet::testing {

/// How long a loopback wait may take before it counts as a failure. The
/// deterministic fixture ignores it: it runs until nothing moves.
inline constexpr std::chrono::milliseconds default_budget{5000};

class driver {
public:
  virtual ~driver();

  /// Lets actors and I/O run until `done()` holds or, deterministic: nothing
  /// moves any more; loopback: `budget` has passed. Returns `done()`.
  virtual bool run_until(const std::function<bool()>& done,
                         std::chrono::milliseconds budget = default_budget)
    = 0;

  /// Lets everything run until nothing moves (loopback: until nothing
  /// happened for a short quiet period).
  virtual void settle() = 0;

  virtual trace& log() = 0;
};

} // namespace otpnet::testing
