// acceptor_pool: K acceptor actors all waiting in gen_tcp:accept on one
// listen socket, the shape of gen_tcp's own example and of ranch. Each
// acceptor hands every accepted socket to a new handler actor (rather than
// serving it itself) and accepts again at once, so K accepts stay
// outstanding however long the connections live.

#include <caf/event_based_actor.hpp>

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

/// Erlang's `server(LS) -> case gen_tcp:accept(LS) of ... end`: the
/// acceptor is suspended in accept (`.await`), like the Erlang process.
void accept_loop(caf::event_based_actor* self, const acceptor_args& args) {
  gen_tcp::accept(self, args.lsock)
    .await([self, args](caf::expected<socket> res) {
      if (res) {
        samples::hand_over(self, *res, args.mode, args.reg,
                           [self, args] { accept_loop(self, args); });
        return;
      }
      auto reason = errc_of(res.error());
      if (reason == errc::closed) {
        self->quit(); // the listen socket is gone: shutdown
        return;
      }
      std::fprintf(stderr, "acceptor_pool: accept failed: %s\n",
                   inet::format_error(reason).c_str());
      self->delayed_send(self, std::chrono::milliseconds{100},
                         retry_atom::value);
    });
}

caf::behavior acceptor(caf::event_based_actor* self, acceptor_args args) {
  accept_loop(self, args);
  return {
    [self, args](retry_atom) { accept_loop(self, args); },
  };
}

} // namespace

int main(int argc, char** argv) {
  return samples::run_server(
    argc, argv, 8,
    [](caf::actor_system& sys, const socket& lsock,
       const samples::cli_config& cfg,
       const samples::actor_registry_ptr& reg) {
      for (int i = 0; i < cfg.acceptors; ++i)
        reg->add(sys.spawn(acceptor, acceptor_args{lsock, cfg.active, reg}));
    });
}
