// echo_server: one acceptor actor on one listen socket; each accepted
// socket is handed to a new handler actor with gen_tcp:controlling_process.
// With --acceptors K the acceptor keeps K accept calls outstanding (using
// `.then`, which does not suspend it), so K connections can be accepted
// while it is busy handing one over.

#include <caf/event_based_actor.hpp>
#include <caf/exit_reason.hpp>

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

void accept_one(caf::event_based_actor* self, const acceptor_args& args) {
  gen_tcp::accept(self, args.lsock)
    .then([self, args](caf::expected<socket> res) {
      if (res) {
        samples::hand_over(self, *res, args.mode, args.reg,
                           [self, args] { accept_one(self, args); });
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

caf::behavior acceptor(caf::event_based_actor* self, acceptor_args args,
                       int outstanding) {
  for (int i = 0; i < outstanding; ++i)
    accept_one(self, args);
  return {
    [self, args](retry_atom) { accept_one(self, args); },
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
