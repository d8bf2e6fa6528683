// echo_server: one acceptor actor on one listen socket; each accepted
// socket is handed to a new handler actor with gen_tcp:controlling_process.
// With --acceptors K the acceptor keeps K accept calls outstanding (using
// `.then`, which does not suspend it), so K connections can be accepted
// while it is busy handing one over.

#include <caf/event_based_actor.hpp>
#include <caf/exit_reason.hpp>
#include <caf/stateful_actor.hpp>

#include <chrono>
#include <cstdio>
#include <string>

#include <otpnet/error.hpp>
#include <otpnet/gen_tcp.hpp>
#include <otpnet/inet/format_error.hpp>

#include "common/echo_handler.hpp"
#include "common/server.hpp"

using namespace otpnet;

namespace {

using retry_atom = caf::atom_constant<caf::atom("retry")>;

struct acceptor_args {
  socket lsock;
  inet::active mode;
  samples::actor_registry_ptr reg;
};

/// The arguments live in the state, so the callbacks capture `self` only:
/// a std::function holds that without allocating, and copies it for free.
struct acceptor_state {
  acceptor_args args;
  static inline const char* name = "echo_server.acceptor";
};

using acceptor_actor = caf::stateful_actor<acceptor_state>;

void accept_one(acceptor_actor* self) {
  gen_tcp::accept(self, self->state.args.lsock)
    .then([self](caf::expected<socket> res) {
      if (res) {
        auto& args = self->state.args;
        samples::hand_over(self, *res, args.mode, args.reg,
                           [self] { accept_one(self); });
        return;
      }
      auto reason = errc_of(res.error());
      if (reason == errc::closed) {
        // The listen socket is gone (shutdown): this accept ends for good.
        self->quit();
        return;
      }
      // E.g. emfile: report it and try again a little later, not in a
      // tight loop.
      std::fprintf(stderr, "echo_server: accept failed: %s\n",
                   inet::format_error(reason).c_str());
      self->delayed_send(self, std::chrono::milliseconds{100},
                         retry_atom::value);
    });
}

caf::behavior acceptor(acceptor_actor* self, acceptor_args args,
                       int outstanding) {
  self->state.args = std::move(args);
  for (int i = 0; i < outstanding; ++i)
    accept_one(self);
  return {
    [self](retry_atom) { accept_one(self); },
  };
}

} // namespace

int main(int argc, char** argv) {
  return samples::run_server(
    argc, argv, 1,
    [](caf::actor_system& sys, const socket& lsock,
       const samples::cli_config& cfg,
       const samples::actor_registry_ptr& reg) {
      reg->add(sys.spawn(acceptor, acceptor_args{lsock, cfg.active, reg},
                         cfg.acceptors));
    });
}
