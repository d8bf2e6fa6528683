#pragma once

// The samples' echo handler (samples/common/echo_handler.hpp) serving one
// connection, as the samples' acceptors set it up: shared by the kit's
// tests of the handler and of what the socket does for such an owner.

#include <memory>

#include <caf/exit_reason.hpp>

#include "common/actor_registry.hpp"
#include "common/echo_handler.hpp"

#include "kit/kit_support.hpp"

namespace otpnet::kit_test {

/// The listen options of samples/common/server.cpp: the accepted socket is
/// passive until its handler owns it, and stays writable after a FIN.
inline gen_tcp::option_list server_options(int packet) {
  return {inet::binary, inet::packet(packet), inet::active(false),
          inet::exit_on_close(false), inet::reuseaddr(true)};
}

/// Stops the handlers a test started, before the fixture checks that every
/// actor is gone (as the samples' shutdown does).
struct handlers {
  samples::actor_registry_ptr reg = std::make_shared<samples::actor_registry>();

  ~handlers() {
    reg->exit_all(caf::exit_reason::user_shutdown);
  }
};

/// `acceptor` accepts a connection and hands it to a new echo handler in
/// `mode`, exactly as the samples' acceptors do.
template <class Fixture>
connection<Fixture> serve_one(Fixture& fx, testing::probe& acceptor,
                              handlers& hs,
                              inet::active mode, int packet = 0) {
  auto c = open_connection(fx, acceptor, server_options(packet));
  auto s = c.s;
  auto reg = hs.reg;
  acceptor.exec(
    [s, mode, reg](caf::event_based_actor* self) {
      samples::hand_over(self, s, mode, reg, [] {});
    },
    "hand_over(" + to_string(s) + ")");
  fx.run();
  return c;
}

} // namespace otpnet::kit_test
