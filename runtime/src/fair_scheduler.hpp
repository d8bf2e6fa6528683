#pragma once

// otpnet's default CAF scheduler: one FIFO run queue shared by the
// workers. See fair_scheduler.cpp for why.

#include <caf/actor_system_config.hpp>

namespace otpnet::detail {

/// The value of "scheduler.policy" that selects the fair scheduler (the
/// default of runtime_config).
inline constexpr const char* fair_policy_name = "fair";

/// True if `cfg`'s "scheduler.policy" asks for the fair scheduler.
bool selects_fair_scheduler(const caf::actor_system_config& cfg);

/// Makes `cfg`'s actor system use the fair scheduler if its
/// "scheduler.policy" asks for it. Idempotent.
void install_fair_scheduler(caf::actor_system_config& cfg);

} // namespace otpnet::detail
