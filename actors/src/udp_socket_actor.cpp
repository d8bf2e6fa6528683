// A gen_udp socket: one datagram per message, delivered to the first
// waiting recv or, when active, to the owner; read from the kernel only
// while someone may take it, so {active, once | N | false} leaves the rest
// to the kernel's buffer as in OTP.

#include "udp_socket_actor.hpp"

#include <algorithm>

#include <caf/actor_cast.hpp>
#include <caf/exit_reason.hpp>
#include <caf/send.hpp>

#include "otpnet/error.hpp"
#include "otpnet/net/normalize_options.hpp"

#include "active_option.hpp"
#include "getopts.hpp"
#include "ownership_handlers.hpp"
#include "socket_info.hpp"
#include "unhandled_messages.hpp"

namespace otpnet {

namespace {

using self_ptr = udp_socket_actor*;

bool wants_data(const udp_socket_state& st) {
  return !st.closed
         && (!st.waiters.empty()
             || (st.active.may_deliver() && !st.owner.transferring()));
}

size_t read_size(const udp_socket_state& st) {
  if (!st.waiters.empty() && st.waiters.front().length > 0)
    return st.waiters.front().length;
  return st.opts.buffer;
}

/// Hands a received datagram (or receive error) to the first waiting recv,
/// else to the owner if active. False if nobody may take it now.
bool deliver(self_ptr self, proto::udp_read_done& d) {
  auto& st = self->state;
  // Read without values while an option asks for them: a transport
  // without IP headers (the simulated network), or a datagram read just
  // before setopts turned one on. The form follows the options: [].
  if (st.opts.wants_ancillary() && !d.ancillary && d.err == errc::ok)
    d.ancillary.emplace();
  if (!st.waiters.empty()) {
    auto w = std::move(st.waiters.front());
    st.waiters.pop_front();
    if (d.err != errc::ok) {
      w.rp.deliver(make_error(d.err));
      return true;
    }
    auto data = w.length > 0 && d.data.size() > w.length
                  ? d.data.slice(0, w.length)
                  : std::move(d.data);
    st.stats.count_received(data.size());
    w.rp.deliver(gen_udp::datagram{d.from, std::move(data), d.ancillary});
    return true;
  }
  if (!st.active.may_deliver() || st.owner.transferring())
    return false;
  const auto& to = st.owner.deliver_to();
  if (d.err != errc::ok) {
    self->send(to, udp_error_msg{st.self_handle, d.err});
    return true;
  }
  st.stats.count_received(d.data.size());
  self->send(to,
             udp_msg{st.self_handle, d.from, std::move(d.data), d.ancillary});
  if (st.active.on_delivered())
    self->send(to, udp_passive_msg{st.self_handle});
  return true;
}

void start_receive(self_ptr self) {
  auto& st = self->state;
  st.receiving = true;
  auto hdl = caf::actor_cast<caf::actor>(self);
  // Ancillary data or not is the transport's choice when it reads (the
  // options may change while this waits); without, it costs nothing more.
  st.transport->async_receive_ancillary(
    read_size(st), [hdl](errc e, inet::socket_address from, binary data,
                         std::optional<inet::ancillary_data> anc) {
      caf::anon_send(hdl, proto::udp_read_done{e, from, std::move(data), anc});
    });
}

/// Delivers what can be delivered: a held datagram, then up to `reads`
/// datagrams the kernel has now, then waits for more if still wanted.
void pump(self_ptr self, uint32_t reads) {
  auto& st = self->state;
  if (st.held && wants_data(st)) {
    auto d = std::move(*st.held);
    st.held.reset();
    if (!deliver(self, d))
      st.held = std::move(d);
  }
  for (uint32_t i = 0; i < reads; ++i) {
    if (st.receiving || st.held || !wants_data(st))
      return;
    proto::udp_read_done d{errc::ok, {}, {}, std::nullopt};
    if (st.opts.wants_ancillary()) { // recvmsg only when asked for
      inet::ancillary_data anc;
      d.err = st.transport->try_receive_ancillary(read_size(st), d.from,
                                                  d.data, anc);
      d.ancillary = anc;
    } else {
      d.err = st.transport->try_receive(read_size(st), d.from, d.data);
    }
    if (d.err == errc::eagain)
      break;
    if (!deliver(self, d)) {
      st.held = std::move(d);
      return;
    }
  }
  if (!st.receiving && !st.held && wants_data(st))
    start_receive(self);
}

/// {read_packets, N}: N datagrams per turn (recv, setopts, a transfer...).
void pump(self_ptr self) {
  pump(self, self->state.opts.read_packets);
}

void start_send(self_ptr self) {
  auto& st = self->state;
  auto& front = st.sends.front().msg;
  std::optional<inet::socket_address> to;
  if (front.has_to)
    to = front.to;
  auto hdl = caf::actor_cast<caf::actor>(self);
  // The _ancillary calls take an empty list as a plain send (the
  // transports choose), so the actor does not branch on it.
  st.transport->async_send_ancillary(to, front.data, front.ancillary,
                                     [hdl](errc e) {
                                       caf::anon_send(
                                         hdl, proto::udp_send_done{e});
                                     });
}

errc try_send(udp_socket_state& st, const proto::udp_send& m) {
  std::optional<inet::socket_address> to;
  if (m.has_to)
    to = m.to;
  auto err = st.transport->try_send_ancillary(to, m.data, m.ancillary);
  if (err == errc::ok)
    st.stats.count_sent(m.data.size());
  return err;
}

/// After the front send completed: sends what the kernel takes now, then
/// waits again if it has no room.
void drain_sends(self_ptr self) {
  auto& st = self->state;
  while (!st.sends.empty()) {
    auto err = try_send(st, st.sends.front().msg);
    if (err == errc::eagain) {
      start_send(self);
      return;
    }
    auto rp = std::move(st.sends.front().rp);
    st.sends.pop_front();
    if (err == errc::ok)
      rp.deliver(caf::unit);
    else
      rp.deliver(make_error(err));
  }
}

size_t queued_bytes(const udp_socket_state& st) {
  size_t n = 0;
  for (const auto& s : st.sends)
    n += s.msg.data.size();
  return n;
}

void finish(self_ptr self, errc reason) {
  auto& st = self->state;
  if (st.closed)
    return;
  st.closed = true;
  for (auto& w : st.waiters)
    w.rp.deliver(make_error(errc::closed));
  st.waiters.clear();
  for (auto& s : st.sends)
    s.rp.deliver(make_error(errc::closed));
  st.sends.clear();
  st.transport->close();
  st.owner.closed(self, reason);
  self->quit(caf::exit_reason::normal);
}

inet::socket_info info_of(udp_socket_state& st) {
  using inet::socket_state;
  auto peer = st.transport->peername();
  std::vector<socket_state> states{socket_state::open};
  if (peer)
    states.insert(states.begin(), socket_state::connected);
  auto x = detail::make_socket_info(
    st.owner, st.opts.family, std::move(states),
    st.stats.all_values(queued_bytes(st)), st.transport->sockname(),
    std::move(peer));
  x.protocol = inet::socket_protocol::udp;
  return x;
}

} // namespace

caf::behavior udp_socket(udp_socket_actor* self, runtime* rt,
                         datagram_transport_ptr tr, net::socket_options opts,
                         caf::actor owner) {
  auto& st = self->state;
  st.rt = rt;
  st.transport = std::move(tr);
  st.opts = std::move(opts);
  apply_active(st.active, st.opts.active);
  st.self_handle = socket{caf::actor_cast<caf::actor>(self)};
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
  pump(self);
  auto busy = [self] { return self->state.owner.transferring(); };
  caf::message_handler own{
    [=](proto::udp_read_done& d) {
      auto& st = self->state;
      st.receiving = false;
      if (st.closed)
        return;
      if (!deliver(self, d))
        st.held = std::move(d);
      // This notification's first datagram was the one just read.
      pump(self, st.opts.read_packets - 1);
    },
    [=](proto::udp_send_done& d) {
      auto& st = self->state;
      if (st.closed || st.sends.empty())
        return;
      auto rp = std::move(st.sends.front().rp);
      if (d.err == errc::ok)
        st.stats.count_sent(st.sends.front().msg.data.size());
      st.sends.pop_front();
      if (d.err == errc::ok)
        rp.deliver(caf::unit);
      else
        rp.deliver(make_error(d.err));
      drain_sends(self);
    },
    [=](proto::udp_send_atom, proto::udp_send& m) -> caf::result<void> {
      auto& st = self->state;
      if (!st.sends.empty()) { // keep the order: wait behind the others
        auto rp = self->make_response_promise();
        st.sends.push_back({std::move(m), rp});
        return rp;
      }
      auto err = try_send(st, m);
      if (err == errc::eagain) {
        auto rp = self->make_response_promise();
        st.sends.push_back({std::move(m), rp});
        start_send(self);
        return rp;
      }
      if (err != errc::ok)
        return err;
      return caf::unit;
    },
    [=](proto::udp_connect_atom,
        inet::socket_address& to) -> caf::result<void> {
      if (auto err = self->state.transport->connect(to); err != errc::ok)
        return err;
      return caf::unit;
    },
    [=](proto::recv_atom, uint64_t length,
        int64_t ms) -> caf::result<gen_udp::datagram> {
      if (busy())
        return caf::skip;
      auto& st = self->state;
      if (st.active.may_deliver())
        return errc::einval;
      auto rp = self->make_response_promise<gen_udp::datagram>();
      auto id = st.next_waiter_id++;
      st.waiters.push_back({rp, static_cast<size_t>(length), id});
      if (ms >= 0)
        self->delayed_send(self, std::chrono::milliseconds{ms},
                           proto::recv_timeout{id});
      pump(self);
      return rp;
    },
    [=](proto::recv_timeout& t) {
      auto& ws = self->state.waiters;
      auto i = std::find_if(ws.begin(), ws.end(),
                            [&](const auto& w) { return w.id == t.id; });
      if (i == ws.end())
        return;
      i->rp.deliver(make_error(errc::timeout));
      ws.erase(i);
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
      auto delta = net::apply_udp_setopts(st.opts, opts);
      if (!delta)
        return delta.error();
      if (!active_values_ok(st.active, delta->active))
        return errc::einval;
      if (auto err = st.transport->apply_options(delta->next);
          err != errc::ok)
        return err;
      st.opts = std::move(delta->next);
      for (auto& v : delta->active)
        if (apply_active(st.active, v))
          self->send(st.owner.deliver_to(), udp_passive_msg{st.self_handle});
      pump(self);
      for (const auto& change : delta->memberships)
        if (auto err = st.transport->set_membership(change); err != errc::ok)
          return err;
      if (auto err = set_raw_options(*st.transport, delta->raw);
          err != errc::ok)
        return err;
      return caf::unit;
    },
    [=](proto::getopts_atom,
        proto::getopt_list& names) -> caf::result<proto::option_list> {
      auto& st = self->state;
      return udp_getopts_of(st.opts, st.active, st.transport.get(), names);
    },
    [=](proto::getstat_atom,
        proto::stat_list& names) -> caf::result<inet::stat_values> {
      auto& st = self->state;
      if (auto values = st.stats.values(names, queued_bytes(st)))
        return std::move(*values);
      return errc::einval;
    },
    [=](proto::info_atom) -> inet::socket_info {
      return info_of(self->state);
    },
    [=](proto::sockname_atom) -> caf::result<inet::socket_address> {
      auto res = self->state.transport->sockname();
      if (!res)
        return res.error();
      return *res;
    },
    [=](proto::peername_atom) -> caf::result<inet::socket_address> {
      auto res = self->state.transport->peername();
      if (!res)
        return res.error();
      return *res;
    },
    // gen_tcp's calls on a UDP socket.
    [=](proto::send_atom, binary&) -> caf::result<void> {
      return errc::einval;
    },
    [=](proto::recv_http_atom, int64_t) -> caf::result<net::http_packet> {
      return errc::einval;
    },
    [=](proto::shutdown_atom, uint8_t) -> caf::result<void> {
      return errc::einval;
    },
    [=](proto::accept_atom, int64_t) -> caf::result<socket> {
      return errc::einval;
    },
  };
  return own.or_else(
    ownership_handlers([self] { return self; }, [self] { pump(self); }));
}

} // namespace otpnet
