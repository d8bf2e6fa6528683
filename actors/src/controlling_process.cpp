// gen_tcp:controlling_process in two phases (see STYLE.md, pattern 4):
//
// 1. The caller asks the socket to transfer. The socket checks ownership,
//    stops delivering and answers; every message it sent the caller before
//    is now in the caller's mailbox (CAF keeps per-sender order).
// 2. The caller sends itself a marker and moves every message of this
//    socket that is ahead of the marker to the new owner, in order,
//    leaving all other messages where they are. At the marker it tells the
//    socket to finish: the socket switches owner and resumes delivery to
//    the new owner. The new owner gets the forwarded messages first because
//    they were enqueued before the socket heard of the switch.
//
// A socket that has sent its owner no socket message since it took over
// (e.g. a freshly accepted one in {active, false}) switches owner in phase
// one and says so in its reply: there is nothing to drain, so phase two is
// skipped (one round trip instead of two plus the marker).

#include <atomic>
#include <memory>

#include <caf/actor_cast.hpp>
#include <caf/scheduled_actor.hpp>

#include "otpnet/gen_tcp.hpp"

#include "call.hpp"
#include "protocol.hpp"

namespace otpnet::gen_tcp {

namespace {

uint64_t next_marker() {
  static std::atomic<uint64_t> next{1};
  return next.fetch_add(1, std::memory_order_relaxed);
}

// CAF 0.17 has a setter but no getter for an actor's default handler, and
// the drain must leave unrelated messages in the mailbox (skip) and then
// restore whatever handler the user had. Explicit instantiation may name a
// private member; this reaches scheduled_actor::default_handler_ that way.
using handler_member_ptr
  = caf::scheduled_actor::default_handler caf::scheduled_actor::*;

handler_member_ptr default_handler_member();

template <handler_member_ptr Member>
struct default_handler_access {
  friend handler_member_ptr default_handler_member() {
    return Member;
  }
};

template struct default_handler_access<&caf::scheduled_actor::default_handler_>;

/// Forwards `msg` if it belongs to `s`, else leaves it in the mailbox.
template <class Msg, class Self>
auto forwarder(Self* self, socket s, caf::actor to) {
  return [self, s, to](Msg& msg) -> caf::result<void> {
    if (msg.socket != s)
      return caf::skip;
    self->send(to, std::move(msg));
    return caf::unit;
  };
}

bool same_actor(caf::local_actor* self, const caf::actor& other) {
  return other && other.address() == self->address();
}

void drain_then_finish(caf::event_based_actor* self, socket s,
                       caf::actor new_owner, pending<void>::callback cb) {
  auto marker = next_marker();
  self->send(self, proto::drain_atom::value, s, marker);
  auto& handler = self->*default_handler_member();
  auto saved = std::make_shared<caf::scheduled_actor::default_handler>(
    std::move(handler));
  self->set_default_handler(caf::skip);
  self->become(
    caf::keep_behavior, forwarder<tcp_msg>(self, s, new_owner),
    forwarder<http_msg>(self, s, new_owner),
    forwarder<tcp_closed_msg>(self, s, new_owner),
    forwarder<tcp_error_msg>(self, s, new_owner),
    forwarder<tcp_passive_msg>(self, s, new_owner),
    forwarder<udp_msg>(self, s, new_owner),
    forwarder<udp_passive_msg>(self, s, new_owner),
    forwarder<udp_error_msg>(self, s, new_owner),
    [=](proto::drain_atom, socket& x, uint64_t n) -> caf::result<void> {
      if (x != s || n != marker)
        return caf::skip;
      self->*default_handler_member() = std::move(*saved);
      self->unbecome();
      self->request(s.actor(), caf::infinite, proto::transferred_atom::value)
        .await([cb]() { cb(caf::expected<void>{}); },
               [cb](caf::error& err) { cb(detail::normalise(err)); });
      return caf::unit;
    });
}

} // namespace

caf::expected<void> controlling_process(blocking_self self, const socket& s,
                                        const caf::actor& new_owner) {
  auto* me = self.get();
  auto res = detail::call<bool>(me, s.actor(), proto::transfer_atom::value,
                                new_owner);
  if (!res)
    return res.error();
  if (*res || same_actor(me, new_owner))
    return {};
  auto marker = next_marker();
  me->send(me, proto::drain_atom::value, s, marker);
  bool done = false;
  me->receive_while([&] { return !done; })(
    forwarder<tcp_msg>(me, s, new_owner),
    forwarder<http_msg>(me, s, new_owner),
    forwarder<tcp_closed_msg>(me, s, new_owner),
    forwarder<tcp_error_msg>(me, s, new_owner),
    forwarder<tcp_passive_msg>(me, s, new_owner),
    forwarder<udp_msg>(me, s, new_owner),
    forwarder<udp_passive_msg>(me, s, new_owner),
    forwarder<udp_error_msg>(me, s, new_owner),
    [&](proto::drain_atom, socket& x, uint64_t n) -> caf::result<void> {
      if (x != s || n != marker)
        return caf::skip;
      done = true;
      return caf::unit;
    });
  return detail::call<void>(me, s.actor(), proto::transferred_atom::value);
}

pending<void> controlling_process(caf::event_based_actor* self,
                                  const socket& s,
                                  const caf::actor& new_owner) {
  return pending<void>{[self, s, new_owner](bool suspend,
                                            pending<void>::callback cb) {
    if (!s) {
      cb(make_error(errc::badarg));
      return;
    }
    // Both outcomes share one callback (as detail::ask does): copying a
    // std::function per handler would allocate on every transfer.
    auto shared = std::make_shared<pending<void>::callback>(std::move(cb));
    auto on_ok = [self, s, new_owner, shared](bool done) {
      if (done || same_actor(self, new_owner))
        (*shared)(caf::expected<void>{});
      else
        drain_then_finish(self, s, new_owner, std::move(*shared));
    };
    auto on_err = [shared](caf::error& err) {
      (*shared)(detail::normalise(err));
    };
    auto hdl = self->request(s.actor(), caf::infinite,
                             proto::transfer_atom::value, new_owner);
    if (suspend)
      hdl.await(on_ok, on_err);
    else
      hdl.then(on_ok, on_err);
  }};
}

} // namespace otpnet::gen_tcp
