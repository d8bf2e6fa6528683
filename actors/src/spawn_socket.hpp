#pragma once

#include <utility>

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>

#include "otpnet/runtime.hpp"

namespace otpnet::detail {

/// Which of the runtime's registries lists a socket: inet's (gen_tcp,
/// gen_udp: open_sockets, inet::i), the socket module's (number_of,
/// which_sockets), or none (a socket-module socket opened with
/// use_registry false).
enum class socket_registry { inet, socket_module, none };

/// Spawns a socket actor `fun(self, rt, xs...)` and lists it before
/// returning: an actor spawned from a function runs (and could register
/// itself) only when first scheduled, which may be after the call that
/// opened it returned. It cannot close before: only its owner, the
/// caller, holds it yet. (A socket actor that also registers itself when
/// it runs does no harm: registering twice is a no-op.)
template <class F, class... Ts>
caf::actor spawn_socket(caf::actor_system& sys, runtime* rt,
                        socket_registry which, F fun, Ts&&... xs) {
  auto hdl = sys.spawn(fun, rt, std::forward<Ts>(xs)...);
  if (rt != nullptr) {
    if (which == socket_registry::inet)
      rt->register_socket(hdl);
    else if (which == socket_registry::socket_module)
      rt->register_module_socket(hdl);
  }
  return hdl;
}

} // namespace otpnet::detail
