#pragma once

// Spawning test actors from lambdas that take only `self`.

#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>

namespace otpnet::test {

/// Spawns an event-based actor running `f(self)`. CAF 0.17 trips UBSan when
/// it spawns a function without arguments, so one is passed and ignored.
template <class F>
caf::actor spawn_lambda(caf::actor_system& sys, F f) {
  return sys.spawn(
    [f](caf::event_based_actor* self, int) mutable { return f(self); }, 0);
}

} // namespace otpnet::test
