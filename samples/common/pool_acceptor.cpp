#include "common/pool_acceptor.hpp"

#include <chrono>
#include <cstdio>

#include <otpnet/error.hpp>
#include <otpnet/gen_tcp.hpp>
#include <otpnet/inet/format_error.hpp>

#include "common/echo_handler.hpp"

namespace otpnet::samples {

namespace {

using retry_atom = caf::atom_constant<caf::atom("retry")>;

/// Erlang's `server(LS) -> case gen_tcp:accept(LS) of ... end`: the
/// acceptor is suspended in accept (`.await`), like the Erlang process.
void accept_loop(caf::event_based_actor* self, const acceptor_args& args) {
  gen_tcp::accept(self, args.lsock)
    .await([self, args](caf::expected<socket> res) {
      if (res) {
        hand_over(self, *res, args.mode, args.reg,
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

} // namespace

caf::behavior pool_acceptor(caf::event_based_actor* self, acceptor_args args) {
  accept_loop(self, args);
  return {
    [self, args](retry_atom) { accept_loop(self, args); },
  };
}

} // namespace otpnet::samples
