#include "tcp_listen_actor.hpp"

#include <caf/actor_cast.hpp>
#include <caf/exit_reason.hpp>
#include <caf/send.hpp>

#include "otpnet/error.hpp"
#include "otpnet/runtime.hpp"

#include "active_option.hpp"
#include "getopts.hpp"
#include "ownership_handlers.hpp"
#include "socket_info.hpp"
#include "protocol.hpp"
#include "otpnet/net/normalize_options.hpp"
#include "tcp_socket_actor.hpp"
#include "unhandled_messages.hpp"

namespace otpnet {

namespace {

using self_ptr = tcp_listen_actor*;

void finish(self_ptr self, errc reason) {
  auto& st = self->state;
  for (auto& w : st.waiters)
    w.rp.deliver(make_error(errc::closed));
  st.waiters.clear();
  if (st.ready)
    st.ready->close(false);
  st.ready = nullptr;
  st.transport->close();
  st.owner.closed(self, reason);
  self->quit(caf::exit_reason::normal);
}

/// Hands a ready connection to the first waiter, or takes one from the
/// backlog or starts accepting if someone waits and nothing is ready.
void serve(self_ptr self) {
  auto& st = self->state;
  for (;;) {
    while (st.ready && !st.waiters.empty()) {
      auto w = std::move(st.waiters.front());
      st.waiters.pop_front();
      auto tr = std::move(st.ready);
      st.ready = nullptr;
      // Inheritance of the listen socket's options: the kernel does not
      // copy all of them to an accepted socket, so apply them again.
      tr->apply_options(*st.opts);
      // The new socket actor sends the reply itself, so its owner sees the
      // accept result before any message of the socket.
      tcp_socket_impl::accepted request{w.rp.source(), w.rp.stages(),
                                        w.rp.id()};
      w.rp = caf::response_promise{}; // answered by the socket
      self->spawn<tcp_socket_impl>(st.rt, tr, st.opts, w.requester,
                                   std::move(request));
    }
    if (st.accepting || st.ready || st.waiters.empty())
      return;
    // A connection already in the backlog is taken right here: no I/O
    // thread round trip, no accept_done message.
    stream_transport_ptr tr;
    if (st.transport->try_accept(tr) == errc::ok && tr) {
      st.ready = std::move(tr);
      continue;
    }
    st.accepting = true;
    st.transport->async_accept(
      [hdl = caf::actor_cast<caf::actor>(self)](errc err,
                                                stream_transport_ptr tr) {
        caf::anon_send(hdl, proto::accept_done{err, std::move(tr)});
      });
    return;
  }
}

} // namespace

caf::behavior tcp_listen(tcp_listen_actor* self, runtime* rt,
                         listen_transport_ptr tr, net::socket_options opts,
                         caf::actor owner) {
  auto& st = self->state;
  st.rt = rt;
  st.transport = std::move(tr);
  st.opts.set(std::move(opts));
  st.owner.init(self, rt, std::move(owner));
  otpnet::detail::survive_unhandled_messages(self);
  self->set_down_handler([self](caf::down_msg& dm) {
    if (dm.source == self->state.owner.owner().address())
      finish(self, errc::closed);
  });
  self->set_exit_handler([self](caf::exit_msg& em) {
    if (em.reason)
      finish(self, errc::closed);
  });
  auto busy = [self] { return self->state.owner.transferring(); };
  caf::message_handler own{
    [=](proto::accept_atom, int64_t ms) -> caf::result<socket> {
      auto& st = self->state;
      // Read the sender first: making the promise moves it out of the
      // current message.
      auto requester = caf::actor_cast<caf::actor>(self->current_sender());
      auto rp = self->make_response_promise();
      auto id = st.next_waiter_id++;
      st.waiters.push_back(tcp_listen_state::waiter{rp, std::move(requester),
                                                    id});
      if (ms >= 0)
        self->delayed_send(self, std::chrono::milliseconds{ms},
                           proto::accept_timeout{id});
      serve(self);
      return rp;
    },
    [=](proto::accept_timeout msg) {
      auto& ws = self->state.waiters;
      for (auto i = ws.begin(); i != ws.end(); ++i) {
        if (i->id == msg.id) {
          i->rp.deliver(make_error(errc::timeout));
          ws.erase(i);
          return;
        }
      }
    },
    [=](proto::accept_done& msg) {
      auto& st = self->state;
      st.accepting = false;
      if (msg.err == errc::ok) {
        st.ready = std::move(msg.transport);
      } else if (msg.err == errc::closed) {
        return;
      } else if (!st.waiters.empty()) {
        // An accept error (emfile, enobufs...) goes to the waiter it was
        // for, as gen_tcp:accept returns it.
        st.waiters.front().rp.deliver(make_error(msg.err));
        st.waiters.pop_front();
      }
      serve(self);
    },
    [=](proto::close_atom) -> caf::result<void> {
      if (busy())
        return caf::skip;
      finish(self, errc::closed);
      return caf::unit;
    },
    [=](proto::setopts_atom, proto::option_list& opts) -> caf::result<void> {
      if (busy())
        return caf::skip;
      auto& st = self->state;
      auto delta = net::apply_setopts(*st.opts, opts);
      if (!delta)
        return delta.error();
      // The listen socket keeps the active state its accepted sockets start
      // with; {active, N} values add up as on a connected socket.
      net::active_mode mode;
      apply_active(mode, st.opts->active);
      if (!active_values_ok(mode, delta->active))
        return errc::einval;
      if (auto err = st.transport->apply_options(delta->next);
          err != errc::ok)
        return err;
      for (auto& v : delta->active)
        apply_active(mode, v);
      delta->next.active = active_of(mode);
      st.opts.set(std::move(delta->next));
      if (auto err = set_raw_options(*st.transport, delta->raw);
          err != errc::ok)
        return err;
      return caf::unit;
    },
    [=](proto::getopts_atom,
        proto::getopt_list& names) -> caf::result<proto::option_list> {
      auto& st = self->state;
      return listen_getopts_of(*st.opts, st.transport.get(), names);
    },
    [=](proto::getstat_atom,
        proto::stat_list& names) -> caf::result<inet::stat_values> {
      // A listen socket moves no data: every statistic is 0, as in OTP.
      if (auto values = net::socket_stats{}.values(names, 0))
        return std::move(*values);
      return errc::einval;
    },
    [=](proto::info_atom) -> inet::socket_info {
      auto& st = self->state;
      using inet::socket_state;
      std::vector<socket_state> states{socket_state::listen,
                                       socket_state::open};
      if (!st.waiters.empty())
        states.insert(states.begin(), socket_state::accepting);
      // A listen socket moves no data: every counter is 0.
      return detail::make_socket_info(
        st.owner, st.opts->family, std::move(states),
        net::socket_stats{}.all_values(0), st.transport->sockname(),
        errc::enotconn);
    },
    [=](proto::sockname_atom) -> caf::result<inet::socket_address> {
      auto res = self->state.transport->sockname();
      if (!res)
        return res.error();
      return *res;
    },
    [=](proto::recv_atom, uint64_t, int64_t) -> caf::result<binary> {
      return errc::enotconn;
    },
    [=](proto::send_atom, binary&) -> caf::result<void> {
      return errc::enotconn;
    },
    [=](proto::peername_atom) -> caf::result<inet::socket_address> {
      return errc::enotconn;
    },
    [=](proto::shutdown_atom, uint8_t) -> caf::result<void> {
      return errc::enotconn;
    },
  };
  return own.or_else(ownership_handlers([self] { return self; }, [] {}));
}

} // namespace otpnet
