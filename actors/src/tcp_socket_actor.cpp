#include "tcp_socket_actor.hpp"

#include <algorithm>
#include <mutex>

#include <caf/actor_cast.hpp>
#include <caf/exit_reason.hpp>
#include <caf/send.hpp>

#include "otpnet/error.hpp"
#include "otpnet/messages.hpp"
#include "otpnet/runtime.hpp"

#include "active_option.hpp"
#include "getopts.hpp"
#include "ownership_handlers.hpp"
#include "socket_info.hpp"
#include "staged_packets.hpp"
#include "tcp_socket_ops.hpp"
#include "otpnet/net/normalize_options.hpp"
#include "unhandled_messages.hpp"
// The socket actor's life cycle (open, close, shutdown, setopts) and the
// behavior that all socket actors share. Sending and receiving live in
// tcp_socket_send.cpp and tcp_socket_recv.cpp (see tcp_socket_ops.hpp).
// "// State:" comments name the phases of tcp_socket_state.

namespace otpnet {

namespace tcp_socket_ops {

namespace {

/// {linger, {true, 0}}: every close of the socket is abortive (RST, queued
/// data discarded), as the OS does for a socket with that SO_LINGER:
/// close/1, but also the owner's death, exit_on_close after the peer's
/// FIN, a packet error (checked against OTP 25).
bool linger_aborts(const tcp_socket_state& st) {
  return st.opts->linger.on && st.opts->linger.seconds == 0;
}

} // namespace

/// The socket is gone: monitors learn `reason`, the transport closes and the
/// actor terminates. Pending callers get `closed`.
void finish(self_ptr self, errc reason, bool abort) {
  auto& st = self->state;
  retract_staged(self);
  abort = abort || linger_aborts(st);
  // Sends held for the owner's answers go out first, as they would have
  // when handled: the message that ends the socket may be one that held
  // sends let pass (a re-arm or recv that meets a packet error or the end
  // of the stream).
  if (st.held && !abort)
    start_write(self);
  st.gate = 0;
  st.shared->gate.store(0, std::memory_order_release);
  if (st.recv) {
    st.recv->rp.deliver(make_error(errc::closed));
    st.recv.reset();
  }
  fail_parked(st, errc::closed);
  if (st.connect_rp && st.connect_rp->pending())
    st.connect_rp->deliver(make_error(reason == errc::ok ? errc::closed
                                                         : reason));
  if (st.close_rp && st.close_rp->pending())
    st.close_rp->deliver(caf::unit);
  answer_shutdowns(st, errc::closed); // the FIN never left
  if (st.transport)
    st.transport->close(abort);
  st.owner.closed(self, reason);
  self->quit(caf::exit_reason::normal);
}

void answer_shutdowns(tcp_socket_state& st, errc result,
                      std::optional<uint64_t> only) {
  if (!st.shutdowns)
    return;
  auto& waiting = st.shutdowns->waiting;
  for (auto i = waiting.begin(); i != waiting.end();) {
    if (only && i->first != *only) {
      ++i;
      continue;
    }
    if (result == errc::ok)
      i->second.deliver(caf::unit);
    else
      i->second.deliver(make_error(result));
    i = waiting.erase(i);
  }
}

} // namespace tcp_socket_ops

namespace {

using namespace tcp_socket_ops;

/// A close was asked for. Linger decides: {true, 0} resets at once; else
/// queued data is flushed first, in the background ({false, _}, close
/// returns at once) or while the caller waits at most T seconds
/// ({true, T}).
caf::result<void> on_close(self_ptr self) {
  auto& st = self->state;
  if (st.state == phase::closing)
    return caf::unit;
  const auto& lg = st.opts->linger;
  // Nothing to flush, or nothing that may be ({true, 0}: finish aborts).
  if (linger_aborts(st) || (!st.writing && st.write_queue.empty())) {
    finish(self, errc::closed);
    return caf::unit;
  }
  st.state = phase::closing;
  fail_parked(st, errc::closed);
  publish_gate(st);
  if (st.recv) {
    st.recv->rp.deliver(make_error(errc::closed));
    st.recv.reset();
  }
  start_write(self); // delay_send may have held the queue back
  if (!lg.on)
    return caf::unit;
  auto& rp = st.close_rp.emplace(self->make_response_promise());
  self->delayed_send(self, std::chrono::seconds{lg.seconds},
                     proto::linger_timeout{});
  return rp;
}

caf::result<void> on_shutdown(self_ptr self, uint8_t how) {
  auto& st = self->state;
  if (st.state == phase::closing)
    return errc::closed;
  using how_t = stream_transport::shutdown_how;
  auto h = static_cast<how_t>(how);
  if (h == how_t::read || h == how_t::read_write) {
    auto err = st.transport->shutdown(how_t::read);
    if (err != errc::ok && err != errc::enotconn)
      return err;
  }
  if (h == how_t::write || h == how_t::read_write) {
    // Performed once the queued data is written, as inet_drv does.
    st.shutdown_write_pending = true;
    publish_gate(st);
    maybe_shutdown_write(self);
    // The spec: under {linger, {true, T}} shutdown returns once the queued
    // data is sent, or after T seconds (the FIN still follows the data).
    const auto& lg = st.opts->linger;
    if (st.shutdown_write_pending && lg.on && lg.seconds > 0) {
      if (!st.shutdowns)
        st.shutdowns.emplace();
      auto id = st.shutdowns->next_id++;
      auto rp = self->make_response_promise();
      st.shutdowns->waiting.emplace_back(id, rp);
      self->delayed_send(self, std::chrono::seconds{lg.seconds},
                         proto::shutdown_linger_timeout{id});
      return rp;
    }
  }
  return caf::unit;
}

/// Applies {active, _} values in order, each possibly ending in
/// tcp_passive (an {active, N} count that reaches 0).
void apply_active_values(self_ptr self,
                         const std::vector<inet::active>& values) {
  auto& st = self->state;
  for (auto& v : values)
    if (apply_active(st.active, v))
      self->send(st.owner.deliver_to(), tcp_passive_msg{me(self)});
}

caf::result<void> on_setopts(self_ptr self, proto::option_list& opts) {
  auto& st = self->state;
  // The common case, setopts([{active, once}]) after each packet, skips
  // normalising the whole record.
  if (opts.size() == 1 && std::holds_alternative<inet::active>(opts[0])) {
    std::vector<inet::active> values{std::get<inet::active>(opts[0])};
    if (!active_values_ok(st.active, values))
      return errc::einval;
    apply_active_values(self, values);
    pump(self);
    return caf::unit;
  }
  auto delta = net::apply_setopts(*st.opts, opts);
  if (!delta)
    return delta.error();
  auto& next = delta->next;
  if (!active_values_ok(st.active, delta->active))
    return errc::einval;
  if (auto err = st.transport->apply_options(next); err != errc::ok)
    return err;
  bool framing_changed = next.packet != st.opts->packet
                         || next.packet_size != st.opts->packet_size
                         || next.line_delimiter != st.opts->line_delimiter
                         || next.buffer != st.opts->buffer;
  st.opts.set(std::move(next));
  if (framing_changed)
    st.reader.reset(st.opts->packet, limits_of(*st.opts));
  st.socket_busy.set(st.opts->low_watermark, st.opts->high_watermark);
  publish_limits(st);
  publish_gate(st);
  apply_active_values(self, delta->active);
  pump(self);
  resume_senders(self);
  if (auto err = set_raw_options(*st.transport, delta->raw); err != errc::ok)
    return err;
  return caf::unit;
}

/// Common start of both kinds of socket actor (connecting, accepted); the
/// constructor has stored the runtime, transport and options.
void init(self_ptr self, caf::actor owner) {
  auto& st = self->state;
  auto* rt = st.rt;
  st.self_handle = socket{caf::actor_cast<caf::actor>(self), st.shared};
  st.reader.reset(st.opts->packet, limits_of(*st.opts));
  st.socket_busy.set(st.opts->low_watermark, st.opts->high_watermark);
  publish_limits(st);
  apply_active(st.active, st.opts->active);
  st.owner.init(self, rt, std::move(owner));
  otpnet::detail::survive_unhandled_messages(self);
  self->set_down_handler([self](caf::down_msg& dm) {
    auto& st = self->state;
    // After close the socket belongs to nobody: it finishes its flush even
    // if the actor that closed it is gone (as the inet driver does).
    if (st.state == phase::closing)
      return;
    if (dm.source == st.owner.owner().address())
      finish(self, errc::closed);
  });
  self->set_exit_handler([self](caf::exit_msg& em) {
    // The runtime shuts down, or a linked actor died.
    if (em.reason)
      finish(self, errc::closed);
  });
}

/// Marks the socket connected and replies to the waiting caller (connect
/// or accept) before any socket message is sent: both come from this actor,
/// so the owner sees the reply first.
void opened(self_ptr self, caf::response_promise& rp) {
  auto& st = self->state;
  st.state = phase::open;
  publish_gate(st);
  rp.deliver(me(self));
  pump(self);
}

// The actor whose turn it is on this thread (see tcp_socket_impl::resume).
thread_local tcp_socket_impl* current_socket = nullptr;

self_ptr current() {
  return current_socket;
}

/// Every request from outside is postponed (caf::skip) while a
/// controlling_process transfer is under way, like gen_tcp_socket's
/// postponing super-state.
bool busy(self_ptr self) {
  return self->state.owner.transferring();
}

/// The handlers of every connected socket: built once, shared by all.
caf::behavior make_shared_behavior() {
  // CAF tries the cases in order, and a message of otpnet's own types
  // (binary, proto structs) gets a full type comparison at each: the
  // per-packet messages come first.
  caf::message_handler own{
    [](proto::read_done& msg) { on_read_done(current(), msg); },
    [](proto::write_done& msg) { on_write_done(current(), msg); },
    [](proto::send_cast_atom, binary& data) -> caf::result<void> {
      auto self = current();
      if (busy(self))
        return caf::skip;
      return on_send(self, data, true);
    },
    [](proto::sends_atom) -> caf::result<void> {
      auto self = current();
      if (busy(self))
        return caf::skip;
      take_sends(self);
      return caf::unit;
    },
    [](proto::active_cast_atom, uint8_t kind) -> caf::result<void> {
      auto self = current();
      if (busy(self))
        return caf::skip;
      on_active_cast(self, kind);
      return caf::unit;
    },
    [](proto::connect_atom, std::string& host, uint16_t port,
        int64_t ms) -> caf::result<socket> {
      auto self = current();
      auto& st = self->state;
      if (st.state != phase::connecting
          || (st.connect_rp && st.connect_rp->pending()))
        return errc::einval;
      auto& rp = st.connect_rp.emplace(self->make_response_promise());
      st.transport->async_connect(
        std::move(host), port, *st.opts,
        [hdl = caf::actor_cast<caf::actor>(self)](errc err) {
          caf::anon_send(hdl, proto::connect_done{err});
        });
      if (ms >= 0)
        self->delayed_send(self, std::chrono::milliseconds{ms},
                           proto::connect_timeout{});
      return rp;
    },
    [](proto::connect_done& msg) {
      auto self = current();
      auto& st = self->state;
      if (st.state != phase::connecting)
        return;
      if (msg.err != errc::ok) {
        finish(self, msg.err);
        return;
      }
      auto rp = std::move(*st.connect_rp);
      st.connect_rp.reset();
      opened(self, rp);
    },
    [](proto::connect_timeout) {
      auto self = current();
      if (self->state.state == phase::connecting)
        finish(self, errc::timeout);
    },
    [](proto::send_atom, binary& data) -> caf::result<void> {
      auto self = current();
      if (busy(self))
        return caf::skip;
      return on_send(self, data, false);
    },
    [](proto::recv_atom, uint64_t length, int64_t ms) -> caf::result<binary> {
      auto self = current();
      if (busy(self))
        return caf::skip;
      return on_recv(self, length, ms);
    },
    [](proto::recv_http_atom, int64_t ms) -> caf::result<net::http_packet> {
      auto self = current();
      if (busy(self))
        return caf::skip;
      return on_recv_http(self, ms);
    },
    [](proto::recv_timeout msg) {
      auto self = current();
      auto& st = self->state;
      if (st.recv && st.recv->id == msg.id) {
        st.recv->rp.deliver(make_error(errc::timeout));
        st.recv.reset();
      }
    },
    [](proto::close_atom) -> caf::result<void> {
      auto self = current();
      if (busy(self))
        return caf::skip;
      return on_close(self);
    },
    [](proto::shutdown_linger_timeout msg) {
      answer_shutdowns(current()->state, errc::ok, msg.id);
    },
    [](proto::linger_timeout) {
      auto self = current();
      // The flush did not finish in time: what is left is discarded.
      if (self->state.state == phase::closing)
        finish(self, errc::closed, true);
    },
    [](proto::flush_atom) {
      auto self = current();
      self->state.flush_scheduled = false;
      start_write(self);
    },
    [](proto::send_timeout msg) { on_send_timeout(current(), msg.id); },
    [](proto::shutdown_atom, uint8_t how) -> caf::result<void> {
      auto self = current();
      if (busy(self))
        return caf::skip;
      return on_shutdown(self, how);
    },
    [](proto::setopts_atom, proto::option_list& opts) -> caf::result<void> {
      auto self = current();
      if (busy(self))
        return caf::skip;
      return on_setopts(self, opts);
    },
    [](proto::getopts_atom,
        proto::getopt_list& names) -> caf::result<proto::option_list> {
      auto self = current();
      if (busy(self))
        return caf::skip;
      auto& st = self->state;
      return getopts_of(*st.opts, st.active, st.transport.get(), names);
    },
    [](proto::getstat_atom,
       proto::stat_list& names) -> caf::result<inet::stat_values> {
      auto self = current();
      if (busy(self))
        return caf::skip;
      auto& st = self->state;
      // Queued and not yet in the kernel, an outstanding write included.
      if (auto values = st.stats.values(names, st.socket_busy.queued()))
        return std::move(*values);
      return errc::einval;
    },
    [](proto::info_atom) -> inet::socket_info {
      // Read-only: answered even during a transfer.
      auto self = current();
      auto& st = self->state;
      using inet::socket_state;
      std::vector<socket_state> states;
      if (st.state == phase::connecting)
        states = {socket_state::connecting, socket_state::open};
      else if (st.socket_busy.busy())
        states = {socket_state::busy, socket_state::connected,
                  socket_state::open};
      else
        states = {socket_state::connected, socket_state::open};
      return detail::make_socket_info(
        st.owner, st.opts->family, std::move(states),
        st.stats.all_values(st.socket_busy.queued()),
        st.transport->sockname(), st.transport->peername());
    },
    [](proto::sockname_atom) -> caf::result<inet::socket_address> {
      auto self = current();
      auto res = self->state.transport->sockname();
      if (!res)
        return res.error();
      return *res;
    },
    [](proto::peername_atom) -> caf::result<inet::socket_address> {
      auto self = current();
      auto res = self->state.transport->peername();
      if (!res)
        return res.error();
      return *res;
    },
  };
  return own.or_else(ownership_handlers(current, [] { pump(current()); }));
}

const caf::behavior& shared_behavior() {
  static const caf::behavior shared = make_shared_behavior();
  return shared;
}

} // namespace

tcp_socket_state::~tcp_socket_state() {
  if (auto* sp = shared != nullptr ? shared->staged.load() : nullptr)
    sp->retract();
}

tcp_socket_impl::~tcp_socket_impl() {
  // An owner may look at the ring until the last socket value is gone,
  // which is now.
  delete shared_.staged.load();
}

tcp_socket_impl::tcp_socket_impl(caf::actor_config& cfg, runtime* rt,
                                 stream_transport_ptr tr,
                                 net::shared_options opts, caf::actor owner)
  : tcp_socket_actor(cfg), first_owner_(std::move(owner)) {
  state.shared = &shared_;
  state.rt = rt;
  state.transport = std::move(tr);
  state.opts = std::move(opts);
}

tcp_socket_impl::tcp_socket_impl(caf::actor_config& cfg, runtime* rt,
                                 stream_transport_ptr tr,
                                 net::shared_options opts, caf::actor owner,
                                 accepted request)
  : tcp_socket_impl(cfg, rt, std::move(tr), std::move(opts),
                    std::move(owner)) {
  accepted_ = std::make_unique<accepted>(std::move(request));
}

caf::behavior tcp_socket_impl::make_behavior() {
  init(this, std::move(first_owner_));
  if (accepted_) {
    // Open at once and answer gen_tcp:accept from here: the reply leaves
    // before anything this socket delivers (one message fewer per
    // connection than a start request from the listen actor).
    caf::response_promise rp{ctrl(), std::move(accepted_->source),
                             std::move(accepted_->stages), accepted_->id};
    accepted_.reset();
    opened(this, rp);
  }
  return shared_behavior();
}

caf::resumable::resume_result
tcp_socket_impl::resume(caf::execution_unit* ctx, size_t max_throughput) {
  // Saved and restored: a test scheduler may run another actor's turn from
  // inside this one.
  auto* prev = current_socket;
  current_socket = this;
  auto res = run(ctx, max_throughput);
  current_socket = prev;
  return res;
}

// A one-way message has nobody to answer, yet CAF builds (and drops) a
// response promise for it after every handler, copying the sender and the
// forwarding stack: marked as answered, it skips that. Requests keep their
// id; only the plain asynchronous ones (casts, I/O completions, timers)
// are marked. Every message passes here first, system messages (down,
// exit) included: the one place where a batch of sends ends before
// anything else is handled.
caf::invoke_message_result
tcp_socket_impl::consume(caf::mailbox_element& x) {
  // enqueue() marked the messages that leave staged packets in place.
  constexpr auto kept_id = caf::make_message_id().integer_value()
                           | caf::message_id::answered_flag_mask;
  bool keeps = x.mid.integer_value() == kept_id;
  bool counted = settle_staged(this, keeps);
  before_message(this, x.content());
  auto res = caf::invoke_message_result::consumed;
  if (keeps || x.mid == caf::make_message_id()) {
    x.mid.mark_as_answered();
    if (!consume_direct(x))
      res = tcp_socket_actor::consume(x);
  } else {
    res = tcp_socket_actor::consume(x);
  }
  // A skipped message (during controlling_process) is still on its way.
  if (counted && res == caf::invoke_message_result::skipped)
    shared_.incoming.fetch_add(1, std::memory_order_relaxed);
  stage_packets(this);
  return res;
}

// Counts the messages that will take staged packets back, before they can
// be seen in the mailbox: an owner's later re-arm then leaves the staged
// packets alone (one_way.cpp). The others (all one way) are marked as
// answered, which consume() would do anyway, so that consume() tells them
// apart without looking at their content again.
// And seals the one-way sends waiting for the socket (socket_shared::
// sends) behind any other message: the sends after it come as messages of
// their own, after it in the mailbox, where the waiting ones are taken at
// their wake-up, before it. Sealed after the enqueue: a send added between
// the two was concurrent with this call, so it may go either way.
void tcp_socket_impl::enqueue(caf::mailbox_element_ptr x,
                              caf::execution_unit* ctx) {
  bool seal = false;
  if (x != nullptr) {
    auto& msg = x->content();
    if (x->mid == caf::make_message_id() && keeps_staged(msg))
      x->mid.mark_as_answered();
    else
      shared_.incoming.fetch_add(1, std::memory_order_release);
    seal = !is_sends_wake(msg);
  }
  tcp_socket_actor::enqueue(std::move(x), ctx);
  if (seal && shared_.sends_waiting.load(std::memory_order_acquire)) {
    std::lock_guard<detail::futex_mutex> guard{shared_.sends_mu};
    if (shared_.sends_waiting.load(std::memory_order_relaxed))
      shared_.sends_sealed = true;
  }
}

// The messages of every packet (I/O completions, one-way sends and
// re-arms) go straight to their handlers: CAF's dispatch would first test
// each against six kinds of system message, then try the behavior's cases
// in order and visit the handler's result, some 300 instructions per
// message for what one type test decides. Everything else, and these too
// whenever CAF would not run the shared behavior (while awaiting a
// response, after quit, under another behavior) or the behavior would skip
// them (during controlling_process), takes CAF's path, which runs the same
// handlers.
bool tcp_socket_impl::consume_direct(caf::mailbox_element& x) {
  if (!awaited_responses_.empty() || bhvr_stack_.empty()
      || bhvr_stack_.back().as_behavior_impl()
           != shared_behavior().as_behavior_impl())
    return false;
  auto& msg = x.content();
  auto token = msg.type_token();
  current_element_ = &x;
  if (token == one_own_type_token) {
    if (msg.match_element<proto::read_done>(0)) {
      on_read_done(this, msg.get_mutable_as<proto::read_done>(0));
      return true;
    }
    if (msg.match_element<proto::write_done>(0)) {
      on_write_done(this, msg.get_mutable_as<proto::write_done>(0));
      return true;
    }
    return false;
  }
  if (busy(this))
    return false;
  if (token == atom_binary_token
      && msg.get_as<caf::atom_value>(0) == proto::send_cast_atom::value
      && msg.match_element<binary>(1)) {
    static_cast<void>(on_send(this, msg.get_mutable_as<binary>(1), true));
    return true;
  }
  if (is_sends_wake(msg)) {
    take_sends(this);
    return true;
  }
  if (token == atom_byte_token
      && msg.get_as<caf::atom_value>(0) == proto::active_cast_atom::value) {
    on_active_cast(this, msg.get_as<uint8_t>(1));
    return true;
  }
  return false;
}

} // namespace otpnet
