#include "common/echo_handler.hpp"

#include <utility>

#include <caf/exit_reason.hpp>
#include <caf/stateful_actor.hpp>

#include <otpnet/gen_tcp.hpp>
#include <otpnet/inet.hpp>
#include <otpnet/messages.hpp>

namespace otpnet::samples {

namespace {

struct echo_state {
  socket sock;
  inet::active mode;
  static inline const char* name = "echo_handler";
};

using echo_actor = caf::stateful_actor<echo_state>;

/// The amount added on each re-arm of {active, N}. Adding N <= 0 would
/// leave the socket passive for good (and loop on tcp_passive), so such an
/// N only decides the start and 1 is used afterwards (see --help).
int64_t rearm_count(const inet::active& mode) {
  return mode.n > 0 ? mode.n : 1;
}

/// Closes the socket (flushing what is queued) and quits: the end of every
/// connection, orderly or not. Nothing waits for close's reply (it is
/// always ok): the socket handles the close before the down message of
/// this handler and, closing, flushes what is queued without an owner.
void finish(echo_actor* self) {
  gen_tcp::close(self, self->state.sock).then([](caf::expected<void>) {});
  self->quit();
}

/// Sets {active, X}; a failure means the socket is gone.
void set_active(echo_actor* self, inet::active x) {
  inet::setopts(self, self->state.sock, {x})
    .await([self](caf::expected<void> res) {
      if (!res)
        finish(self);
    });
}

void recv_next(echo_actor* self);

/// Sends one packet back. `.await` suspends the handler while the socket is
/// busy (the peer does not read): it then neither re-arms nor calls recv,
/// so the server stops reading from that peer and memory stays bounded.
void echo(echo_actor* self, binary data) {
  gen_tcp::send(self, self->state.sock, std::move(data))
    .await([self](caf::expected<void> res) {
      if (!res) {
        finish(self);
        return;
      }
      switch (self->state.mode.kind) {
        case inet::active_kind::passive:
          recv_next(self);
          break;
        case inet::active_kind::once:
          set_active(self, inet::active{inet::once});
          break;
        default: // true and N: the socket keeps delivering by itself
          break;
      }
    });
}

/// {active, false}: one gen_tcp:recv per packet. `closed` is the peer's
/// FIN (the socket stays writable: exit_on_close is false), anything else
/// (e.g. emsgsize) ends the connection too.
void recv_next(echo_actor* self) {
  gen_tcp::recv(self, self->state.sock, 0)
    .await([self](caf::expected<binary> res) {
      if (res)
        echo(self, std::move(*res));
      else
        finish(self);
    });
}

caf::behavior echo_handler(echo_actor* self, socket s, inet::active mode) {
  self->state.sock = std::move(s);
  self->state.mode = mode;
  return {
    [self](go_atom) { recv_next(self); }, // {active, false} only
    [self](tcp_msg& msg) { echo(self, std::move(msg.data)); },
    [self](tcp_passive_msg&) {
      set_active(self, inet::active{rearm_count(self->state.mode)});
    },
    // Everything received before the FIN has been echoed already: sends
    // are ordered and each tcp_msg was handled before this message.
    [self](tcp_closed_msg&) { finish(self); },
    // emsgsize and friends: the library closes the socket (tcp_closed
    // follows); this connection is over.
    [self](tcp_error_msg&) { self->quit(); },
  };
}

} // namespace

void hand_over(caf::event_based_actor* self, const socket& s,
               inet::active mode, const actor_registry_ptr& reg,
               std::function<void()> done) {
  auto handler = self->system().spawn(echo_handler, s, mode);
  reg->add(handler);
  // What the completion needs, in one shared block: the callback below is
  // copied a few times on its way through pending and CAF, and each copy
  // of a socket, a handle and a std::function would cost.
  struct handoff {
    socket s;
    caf::actor handler;
    inet::active mode;
    std::function<void()> done;
  };
  auto h = std::make_shared<handoff>(handoff{s, handler, mode, std::move(done)});
  gen_tcp::controlling_process(self, s, handler)
    .await([self, h](caf::expected<void> res) {
      auto& [s, handler, mode, done] = *h;
      if (res && mode.kind == inet::active_kind::passive) {
        self->send(handler, go_atom::value); // it starts with a recv
      } else if (res) {
        // The handler's first step, taken here: the handler owns the socket
        // now, so packets go to it, and it is first woken by one. A single
        // message to the socket (one way unless {active, N}) instead of
        // `go` plus the handler's own setopts.
        inet::setopts(self, s, {mode})
          .then([handler = handler](caf::expected<void> set) {
            if (!set) // the socket is gone: so is the connection
              caf::anon_send_exit(handler, caf::exit_reason::user_shutdown);
          });
      } else {
        // The socket died during the transfer (e.g. shutdown): nothing to
        // serve; make sure neither the socket nor the handler lingers.
        caf::anon_send_exit(handler, caf::exit_reason::user_shutdown);
        gen_tcp::close(self, s).then([](caf::expected<void>) {});
      }
      done();
    });
}

} // namespace otpnet::samples
