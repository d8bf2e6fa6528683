#include "tcp_socket_actor.hpp"

#include <algorithm>

#include <caf/actor_cast.hpp>
#include <caf/exit_reason.hpp>
#include <caf/send.hpp>

#include "otpnet/error.hpp"
#include "otpnet/messages.hpp"
#include "otpnet/net/packet_writer.hpp"
#include "otpnet/runtime.hpp"

#include "active_option.hpp"
#include "getopts.hpp"
#include "ownership_handlers.hpp"
#include "protocol.hpp"
#include "otpnet/net/normalize_options.hpp"

// The per-socket state machine. Handlers are short: they update state and
// call pump() (receiving) or start_write() (sending), which decide what
// to do next. "// State:" comments name the phases of tcp_socket_state.

namespace otpnet {

namespace {

using self_ptr = tcp_socket_actor*;
using phase = tcp_socket_state::phase;

// Direct reads in a row before a read goes through the I/O thread.
constexpr uint8_t max_direct_reads = 4;

// At most this many direct reads in a row are skipped after misses.
constexpr uint8_t max_read_skip = 16;

// Erlang's inet_drv refuses recv lengths above 64 MiB (enomem).
constexpr size_t max_recv_length = size_t{64} << 20;

const socket& me(self_ptr self) {
  return self->state.self_handle;
}

void start_write(self_ptr self);
void publish_gate(tcp_socket_state& st);

/// Answers a parked send; a one-way send has nobody to answer.
template <class T>
void answer(caf::response_promise& rp, T&& x) {
  if (rp.pending())
    rp.deliver(std::forward<T>(x));
}

/// Every parked send fails with `err`; their data is dropped.
void fail_parked(tcp_socket_state& st, errc err) {
  st.parked.for_each([err](tcp_socket_state::parked_send& p) {
    answer(p.rp, make_error(err));
  });
  st.parked.clear();
}

// -- closing ----------------------------------------------------------------

/// The socket is gone: monitors learn `reason`, the transport closes and the
/// actor terminates. Pending callers get `closed`.
void finish(self_ptr self, errc reason, bool abort = false) {
  auto& st = self->state;
  st.gate = 0;
  st.shared->gate.store(0, std::memory_order_release);
  if (st.recv) {
    st.recv->rp.deliver(make_error(errc::closed));
    st.recv.reset();
  }
  fail_parked(st, errc::closed);
  if (st.connect_rp.pending())
    st.connect_rp.deliver(make_error(reason == errc::ok ? errc::closed
                                                        : reason));
  if (st.close_rp.pending())
    st.close_rp.deliver(caf::unit);
  if (st.transport)
    st.transport->close(abort);
  st.owner.closed(self, reason);
  self->quit(caf::exit_reason::normal);
}

/// A close was asked for. Linger decides: {true, 0} resets at once; else
/// queued data is flushed first, in the background ({false, _}, close
/// returns at once) or while the caller waits at most T seconds
/// ({true, T}).
caf::result<void> on_close(self_ptr self) {
  auto& st = self->state;
  if (st.state == phase::closing)
    return caf::unit;
  const auto& lg = st.opts.linger;
  if (lg.on && lg.seconds == 0) {
    finish(self, errc::closed, true);
    return caf::unit;
  }
  if (!st.writing && st.write_queue.empty()) {
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
  st.close_rp = self->make_response_promise();
  self->delayed_send(self, std::chrono::seconds{lg.seconds},
                     proto::linger_timeout{});
  return st.close_rp;
}

// -- sending ----------------------------------------------------------------

void written(self_ptr self, size_t n, errc err);

/// Drops the first `n` bytes of the write queue (they are in the kernel).
void consume_front(tcp_socket_state& st, size_t n) {
  st.write_queue_bytes -= n;
  size_t whole = 0;
  while (whole < st.write_queue.size() && n >= st.write_queue[whole].size())
    n -= st.write_queue[whole++].size();
  st.write_queue.erase(st.write_queue.begin(),
                       st.write_queue.begin() + static_cast<long>(whole));
  if (n > 0) {
    auto& head = st.write_queue.front();
    head = head.slice(n, head.size() - n);
  }
}

/// Writes the queue: first straight into the kernel from this thread (no
/// I/O-thread round trip, no completion message), and what the kernel does
/// not take at once through the transport's asynchronous write.
void start_write(self_ptr self) {
  auto& st = self->state;
  if (st.writing || st.in_start_write)
    return;
  st.in_start_write = true; // resumed senders enqueue; this loop writes
  while (!st.writing && !st.write_queue.empty()
         && !self->getf(caf::abstract_actor::is_terminated_flag)) {
    size_t n = 0;
    auto err = st.transport->try_write(st.write_queue, n);
    if (err != errc::ok) {
      written(self, 0, err);
      break;
    }
    if (n == 0) {
      // The kernel takes nothing now: the I/O thread waits for room.
      st.writing = true;
      std::vector<binary> batch;
      batch.swap(st.write_queue);
      st.write_queue_bytes = 0;
      st.transport->async_write(std::move(batch),
                                [hdl = caf::actor_cast<caf::actor>(self)](
                                  errc e, size_t k) {
                                  caf::anon_send(hdl, proto::write_done{e, k});
                                });
      break;
    }
    consume_front(st, n);
    written(self, n, errc::ok); // may resume senders: the loop goes on
  }
  st.in_start_write = false;
}

/// Queues one packet, header and body (no vector per packet).
void enqueue(self_ptr self, binary header, binary body) {
  auto& st = self->state;
  auto bytes = header.size() + body.size();
  if (!header.empty())
    st.write_queue.push_back(std::move(header));
  if (!body.empty())
    st.write_queue.push_back(std::move(body));
  st.write_queue_bytes += bytes;
  st.socket_busy.add(bytes);
  if (!st.opts.delay_send) {
    start_write(self);
  } else if (!st.flush_scheduled && !st.writing) {
    // delay_send: write once the sends already in the mailbox are queued
    // too, so that they leave in one larger write.
    st.flush_scheduled = true;
    self->send(self, proto::flush_atom::value);
  }
  publish_gate(st);
}

bool may_send_now(const tcp_socket_state& st) {
  return !st.socket_busy.busy() && !st.msgq_busy;
}

/// Publishes what callers may do without a reply (detail::socket_shared):
/// called right after every change of the state it depends on, before the
/// actor sends anything that a caller could act upon.
void publish_gate(tcp_socket_state& st) {
  using shared = detail::socket_shared;
  // A socket that closes as soon as it reports the end of the stream
  // (exit_on_close, or a packet error) takes every call as a request from
  // the moment it sees that end: a caller who has just got tcp_closed (or a
  // recv error) must find it shut, not a gate the closing turn has not
  // cleared yet.
  bool ending = st.eof
                && (st.opts.exit_on_close || st.read_error == errc::emsgsize);
  uint8_t g = 0;
  if (st.state == phase::open && !ending) {
    g |= shared::gate_open;
    if (st.write_error == errc::ok && !st.write_shut
        && !st.shutdown_write_pending && st.parked.empty()
        && may_send_now(st) && !st.opts.send_timeout)
      g |= shared::gate_send;
  }
  if (g != st.gate) {
    st.gate = g;
    st.shared->gate.store(g, std::memory_order_release);
  }
}

/// The options that callers check before a one-way send.
void publish_limits(tcp_socket_state& st) {
  st.shared->msgq_high.store(st.opts.high_msgq_watermark,
                             std::memory_order_relaxed);
  st.shared->max_body.store(net::max_body(st.opts.packet),
                            std::memory_order_relaxed);
}

/// Lets parked senders in, oldest first, while the socket is not busy.
void resume_senders(self_ptr self) {
  auto& st = self->state;
  while (!st.parked.empty() && may_send_now(st)) {
    auto p = std::move(st.parked.front());
    st.parked.pop_front();
    enqueue(self, std::move(p.header), std::move(p.body));
    answer(p.rp, caf::unit);
  }
  publish_gate(st);
}

void maybe_shutdown_write(self_ptr self) {
  auto& st = self->state;
  if (st.shutdown_write_pending && !st.writing && st.write_queue.empty()) {
    st.shutdown_write_pending = false;
    st.write_shut = true;
    st.transport->shutdown(stream_transport::shutdown_how::write);
    publish_gate(st);
  }
}

// -- receiving --------------------------------------------------------------

void start_read(self_ptr self) {
  auto& st = self->state;
  st.reading = true;
  st.direct_reads = 0;
  st.transport->async_read(st.opts.buffer,
                           [hdl = caf::actor_cast<caf::actor>(self)](
                             errc err, binary data) {
                             caf::anon_send(hdl, proto::read_done{
                                                   err, std::move(data)});
                           });
}

void absorb(tcp_socket_state& st, errc err, binary data);

/// The reason a recv at end of stream returns.
errc eof_reason(const tcp_socket_state& st) {
  return st.read_error != errc::ok ? st.read_error : errc::closed;
}

/// Reports end of stream to an active owner: tcp_error (if any), then
/// tcp_closed; with exit_on_close the socket then closes.
void report_closed(self_ptr self) {
  auto& st = self->state;
  st.closed_reported = true;
  if (st.read_error != errc::ok)
    self->send(st.owner.deliver_to(), tcp_error_msg{me(self), st.read_error});
  self->send(st.owner.deliver_to(), tcp_closed_msg{me(self)});
  if (st.opts.exit_on_close)
    finish(self, eof_reason(st));
}

/// A malformed or oversized packet: the owner learns why, the socket
/// closes (gen_tcp reports emsgsize for a packet_size violation).
void packet_error(self_ptr self) {
  auto& st = self->state;
  st.read_error = errc::emsgsize;
  st.eof = true;
  publish_gate(st);
  if (st.recv) {
    st.recv->rp.deliver(make_error(errc::emsgsize));
    st.recv.reset();
    finish(self, errc::emsgsize);
    return;
  }
  if (!st.closed_reported) {
    self->send(st.owner.deliver_to(), tcp_error_msg{me(self), errc::emsgsize});
    self->send(st.owner.deliver_to(), tcp_closed_msg{me(self)});
  }
  finish(self, errc::emsgsize);
}

/// Serves a pending recv from buffered data. Returns false if it must wait
/// for more bytes.
bool serve_recv(self_ptr self) {
  auto& st = self->state;
  auto& req = *st.recv;
  binary out;
  bool have = false;
  if (st.opts.packet == net::packet_type::raw) {
    if (req.length == 0) {
      if (st.reader.buffered() > 0) {
        out = st.reader.take_all();
        have = true;
      }
    } else {
      have = st.reader.take_exact(req.length, out);
    }
  } else {
    switch (st.reader.next(out)) {
      case net::packet_reader::next_status::packet:
        have = true;
        break;
      case net::packet_reader::next_status::error:
        packet_error(self);
        return true;
      case net::packet_reader::next_status::need_more:
        break;
    }
  }
  if (have) {
    req.rp.deliver(std::move(out));
    st.recv.reset();
    return true;
  }
  if (st.eof) {
    // At end of stream a short raw recv loses its partial data, as the
    // spec says.
    req.rp.deliver(make_error(eof_reason(st)));
    st.recv.reset();
    // closed_reported stays false: the closed-while-passive rule still
    // owes the owner a tcp_closed when it turns active.
    if (st.opts.exit_on_close)
      finish(self, eof_reason(st));
    return true;
  }
  return false;
}

/// Whether pump goes straight to the I/O thread this time (see its misses).
bool skip_direct_read(tcp_socket_state& st) {
  if (st.read_skip == 0)
    return false;
  --st.read_skip;
  return true;
}

/// Decides what happens next on the receiving side: answer a recv, deliver
/// packets to an active owner, report end of stream, or read more. Nothing
/// is read unless the owner asked for it (flow control reaches the peer),
/// except in {active, true}, which the spec defines without flow control.
void pump(self_ptr self) {
  auto& st = self->state;
  // State: connecting, closing, transferring deliver nothing.
  if (st.state != phase::open || st.owner.transferring())
    return;
  bool want_more = false;
  if (st.recv) {
    if (!serve_recv(self))
      want_more = true;
    if (self->getf(caf::abstract_actor::is_terminated_flag))
      return;
  } else {
    while (st.active.may_deliver()) {
      binary pkt;
      auto status = st.reader.next(pkt);
      if (status == net::packet_reader::next_status::error) {
        packet_error(self);
        return;
      }
      if (status == net::packet_reader::next_status::need_more) {
        want_more = true;
        break;
      }
      bool notify = st.active.on_delivered();
      self->send(st.owner.deliver_to(), tcp_msg{me(self), std::move(pkt)});
      if (notify)
        self->send(st.owner.deliver_to(), tcp_passive_msg{me(self)});
    }
    // The closed-while-passive rule: an end of stream seen while passive is
    // reported as soon as the socket is active again.
    if (st.eof && !st.closed_reported && st.active.may_deliver()) {
      report_closed(self);
      return;
    }
  }
  if (!want_more || st.reading || st.eof)
    return;
  // What the kernel already holds is read right here; only when it holds
  // nothing does the I/O thread wait for more. A few direct reads per
  // turn, then the mailbox gets its turn (close, setopts...).
  if (st.direct_reads < max_direct_reads && !skip_direct_read(st)) {
    binary data;
    auto err = st.transport->try_read(st.opts.buffer, data);
    if (err != errc::eagain) {
      ++st.direct_reads;
      st.read_backoff = 0;
      absorb(st, err, std::move(data));
      pump(self);
      return;
    }
    // A miss: in a ping-pong the peer has not answered yet when the owner
    // asks for more, and every direct read would be a wasted system call.
    // Skip the next 1, 2, 4 .. max_read_skip ones until one finds data.
    st.read_backoff = std::min<uint8_t>(
      max_read_skip, st.read_backoff == 0 ? 1 : st.read_backoff * 2);
    st.read_skip = st.read_backoff;
  }
  start_read(self);
}

// -- requests ---------------------------------------------------------------

/// The send request has left the mailbox: its bytes no longer count
/// against the message-queue watermarks. Updates that busy state.
void dequeued(self_ptr self, size_t n) {
  auto& st = self->state;
  auto before = st.shared->msgq_bytes.fetch_sub(n, std::memory_order_relaxed);
  auto left = before >= n ? before - n : 0;
  if (!st.msgq_busy && left >= st.opts.high_msgq_watermark) {
    st.msgq_busy = true;
  } else if (st.msgq_busy && left < st.opts.low_msgq_watermark) {
    st.msgq_busy = false;
    resume_senders(self);
  }
  publish_gate(st);
}

/// The reason a send fails now, or ok.
errc send_error(const tcp_socket_state& st, size_t n) {
  if (st.state == phase::closing)
    return errc::closed;
  if (st.write_error != errc::ok)
    return st.write_error;
  if (st.write_shut || st.shutdown_write_pending)
    return errc::closed;
  if (n > net::max_body(st.opts.packet))
    return errc::emsgsize;
  return errc::ok;
}

/// gen_tcp:send. `one_way`: the caller already has its ok (the gate was
/// open when it sent); a send that fails now raced with the socket's end
/// and is dropped, like data queued in inet_drv when the connection dies.
caf::result<void> on_send(self_ptr self, binary& data, bool one_way) {
  auto& st = self->state;
  dequeued(self, data.size());
  if (auto err = send_error(st, data.size()); err != errc::ok) {
    if (one_way)
      return caf::unit;
    return err;
  }
  char header[4];
  int hlen = net::encode_header(st.opts.packet, data.size(), header);
  auto head
    = binary::copy_small(header, static_cast<size_t>(std::max(hlen, 0)));
  // Erlang semantics: the send that makes the socket busy completes; the
  // senders after it wait until neither the socket nor its message queue
  // is busy. A whole packet is queued at once, so packets never interleave.
  if (st.parked.empty() && may_send_now(st)) {
    enqueue(self, std::move(head), std::move(data));
    return caf::unit;
  }
  // A one-way send that finds the socket busy (it raced with the change)
  // waits in line like any other: order and watermarks hold.
  caf::response_promise rp;
  if (!one_way)
    rp = self->make_response_promise();
  auto id = st.next_send_id++;
  st.parked.push_back(
    tcp_socket_state::parked_send{std::move(head), std::move(data), rp, id});
  publish_gate(st);
  if (st.opts.send_timeout)
    self->delayed_send(self, *st.opts.send_timeout, proto::send_timeout{id});
  if (one_way)
    return caf::unit;
  return rp;
}

/// A parked send waited longer than send_timeout: it fails with timeout
/// and its data is dropped; with send_timeout_close the socket closes.
void on_send_timeout(self_ptr self, uint64_t id) {
  auto& st = self->state;
  for (size_t i = 0; i < st.parked.size(); ++i) {
    if (st.parked[i].id == id) {
      answer(st.parked[i].rp, make_error(errc::timeout));
      st.parked.erase(i);
      publish_gate(st);
      if (st.opts.send_timeout_close)
        finish(self, errc::timeout);
      return;
    }
  }
}

caf::result<binary> on_recv(self_ptr self, uint64_t length, int64_t ms) {
  auto& st = self->state;
  if (st.state == phase::closing)
    return errc::closed;
  if (st.active.current() != net::active_mode::kind::passive
      && st.active.may_deliver())
    return errc::einval;
  if (length > 0 && st.opts.packet != net::packet_type::raw)
    return errc::einval;
  if (length > max_recv_length)
    return errc::enomem;
  if (st.recv)
    return errc::ealready;
  auto rp = self->make_response_promise();
  auto id = st.next_recv_id++;
  st.recv = tcp_socket_state::pending_recv{rp, static_cast<size_t>(length),
                                           id};
  if (ms >= 0)
    self->delayed_send(self, std::chrono::milliseconds{ms},
                       proto::recv_timeout{id});
  pump(self);
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
  auto delta = net::apply_setopts(st.opts, opts);
  if (!delta)
    return delta.error();
  auto& next = delta->next;
  if (!active_values_ok(st.active, delta->active))
    return errc::einval;
  if (auto err = st.transport->apply_options(next); err != errc::ok)
    return err;
  bool framing_changed = next.packet != st.opts.packet
                         || next.packet_size != st.opts.packet_size
                         || next.line_delimiter != st.opts.line_delimiter
                         || next.buffer != st.opts.buffer;
  st.opts = std::move(next);
  if (framing_changed)
    st.reader.reset(st.opts.packet, limits_of(st.opts));
  st.socket_busy.set(st.opts.low_watermark, st.opts.high_watermark);
  publish_limits(st);
  publish_gate(st);
  apply_active_values(self, delta->active);
  pump(self);
  resume_senders(self);
  return caf::unit;
}

/// setopts([{active, false | true | once}]) sent one way: cannot fail on an
/// open socket, and one that is closing has nothing left to deliver.
void on_active_cast(self_ptr self, uint8_t kind) {
  auto& st = self->state;
  if (st.state != phase::open)
    return;
  inet::active value;
  value.kind = static_cast<inet::active_kind>(kind);
  if (value.kind == inet::active_kind::n)
    return; // never sent: a count goes through on_setopts
  if (apply_active(st.active, value))
    self->send(st.owner.deliver_to(), tcp_passive_msg{me(self)});
  pump(self);
}

/// Takes in what a read brought: bytes, or the end of the stream.
void absorb(tcp_socket_state& st, errc err, binary data) {
  if (err == errc::ok) {
    st.reader.append(std::move(data));
    return;
  }
  st.eof = true;
  // show_econnreset off: a reset looks like an orderly close.
  if (err == errc::econnreset && !st.opts.show_econnreset)
    st.read_error = errc::ok;
  else if (err != errc::closed)
    st.read_error = err;
  if (st.read_error == errc::econnreset && st.write_error == errc::ok)
    st.write_error = errc::econnreset;
  publish_gate(st);
}

void on_read_done(self_ptr self, proto::read_done& msg) {
  auto& st = self->state;
  st.reading = false;
  if (st.state == phase::closing)
    return;
  absorb(st, msg.err, std::move(msg.data));
  pump(self);
}

/// Bytes reached the kernel (or a write failed): watermarks drain,
/// senders resume, a pending close or shutdown(write) proceeds.
void written(self_ptr self, size_t n, errc err) {
  auto& st = self->state;
  st.socket_busy.drain(n);
  if (err != errc::ok && st.write_error == errc::ok) {
    st.write_error = err == errc::econnreset && !st.opts.show_econnreset
                       ? errc::closed
                       : err;
    fail_parked(st, st.write_error);
    st.write_queue.clear();
    st.write_queue_bytes = 0;
  }
  publish_gate(st);
  if (st.state == phase::closing) {
    if (!st.writing && (st.write_queue.empty() || st.write_error != errc::ok))
      finish(self, errc::closed);
    return;
  }
  resume_senders(self);
  maybe_shutdown_write(self);
}

void on_write_done(self_ptr self, proto::write_done& msg) {
  self->state.writing = false;
  written(self, msg.written, msg.err);
  start_write(self);
}

/// Common start of both kinds of socket actor (connecting, accepted); the
/// constructor has stored the runtime, transport and options.
void init(self_ptr self, caf::actor owner) {
  auto& st = self->state;
  auto* rt = st.rt;
  st.shared = std::make_shared<detail::socket_shared>();
  st.self_handle = socket{caf::actor_cast<caf::actor>(self), st.shared};
  st.reader.reset(st.opts.packet, limits_of(st.opts));
  st.socket_busy.set(st.opts.low_watermark, st.opts.high_watermark);
  publish_limits(st);
  apply_active(st.active, st.opts.active);
  st.owner.init(self, rt, std::move(owner));
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
      if (st.state != phase::connecting || st.connect_rp.pending())
        return errc::einval;
      st.connect_rp = self->make_response_promise();
      st.transport->async_connect(
        std::move(host), port, st.opts,
        [hdl = caf::actor_cast<caf::actor>(self)](errc err) {
          caf::anon_send(hdl, proto::connect_done{err});
        });
      if (ms >= 0)
        self->delayed_send(self, std::chrono::milliseconds{ms},
                           proto::connect_timeout{});
      return st.connect_rp;
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
      auto rp = st.connect_rp;
      st.connect_rp = caf::response_promise{};
      opened(self, rp);
    },
    [](proto::connect_timeout) {
      auto self = current();
      if (self->state.state == phase::connecting)
        finish(self, errc::timeout);
    },
    [](proto::start_atom) -> caf::result<socket> {
      auto self = current();
      auto rp = self->make_response_promise();
      opened(self, rp);
      return rp;
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
        proto::name_list& names) -> caf::result<proto::option_list> {
      auto self = current();
      if (busy(self))
        return caf::skip;
      auto& st = self->state;
      return getopts_of(st.opts, st.active, st.transport.get(), names);
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

} // namespace

tcp_socket_impl::tcp_socket_impl(caf::actor_config& cfg, runtime* rt,
                                 stream_transport_ptr tr,
                                 net::socket_options opts, caf::actor owner)
  : tcp_socket_actor(cfg), first_owner_(std::move(owner)) {
  state.rt = rt;
  state.transport = std::move(tr);
  state.opts = std::move(opts);
}

caf::behavior tcp_socket_impl::make_behavior() {
  init(this, std::move(first_owner_));
  static const caf::behavior shared = make_shared_behavior();
  return shared;
}

caf::resumable::resume_result
tcp_socket_impl::resume(caf::execution_unit* ctx, size_t max_throughput) {
  // Saved and restored: a test scheduler may run another actor's turn from
  // inside this one.
  auto* prev = current_socket;
  current_socket = this;
  auto res = tcp_socket_actor::resume(ctx, max_throughput);
  current_socket = prev;
  return res;
}

// A one-way message has nobody to answer, yet CAF builds (and drops) a
// response promise for it after every handler, copying the sender and the
// forwarding stack: marked as answered, it skips that. Requests keep their
// id; only the plain asynchronous ones (casts, I/O completions, timers)
// are marked.
caf::invoke_message_result
tcp_socket_impl::consume(caf::mailbox_element& x) {
  if (x.mid == caf::make_message_id())
    x.mid.mark_as_answered();
  return tcp_socket_actor::consume(x);
}

} // namespace otpnet
