#include "tcp_socket_ops.hpp"

#include <algorithm>
#include <mutex>

#include <caf/actor_cast.hpp>
#include <caf/scheduled_actor.hpp>
#include <caf/send.hpp>
#include <caf/type_erased_tuple.hpp>
#include <caf/type_nr.hpp>

#include "otpnet/error.hpp"
#include "otpnet/net/packet_writer.hpp"

// Sending: gen_tcp:send, the write queue and its watermarks, parked
// senders, and the gate that lets callers send one way.

namespace otpnet::tcp_socket_ops {

namespace {

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

bool may_send_now(const tcp_socket_state& st) {
  return !st.socket_busy.busy() && !st.msgq_busy;
}

/// At most this many turns in a row a socket yields holding sends: a
/// pipeline of 16 requests per read (s2) is answered in one write, and an
/// owner that is slow to answer delays its first answer by at most that
/// many of its turns.
constexpr uint8_t max_held_turns = 16;

/// At most this many turns in a row that brought nothing a socket yields
/// holding sends because its owner is running (on another worker) or
/// queued: its answer is likely on the way, and a write now would split
/// the batch. They do not count as held turns.
constexpr uint8_t max_held_spins = 16;

/// Whether the queue, due to be written now, may wait for the owner's
/// answers instead (hold_turn): the owner takes packets one by one
/// ({active, once} used up, or recv) and has one to answer or more are
/// buffered for it; nothing waits on the queue (parked senders, busy); no
/// write is under way, no batch is open and the hold has not lasted too
/// long.
bool may_hold(const tcp_socket_state& st) {
  return !st.opts->delay_send && st.state == phase::open && st.batch_owed == 0
         && st.parked.empty() && !st.socket_busy.busy() && !st.writing
         && st.held_turns < max_held_turns && !st.active.may_deliver()
         && (st.reader.buffered() > 0 || st.answer_due);
}

/// Whether the owner is running or has messages waiting (its CAF mailbox
/// is not blocked): its answer to a packet it took may still come, from
/// another worker. An owner that is not a scheduled actor counts as idle.
bool owner_busy(const tcp_socket_state& st) {
  auto* a = caf::actor_cast<caf::abstract_actor*>(st.owner.owner());
  auto* s = dynamic_cast<caf::scheduled_actor*>(a);
  return s != nullptr && !s->mailbox().blocked();
}

/// Queues one packet, header and body (no vector per packet). The bytes
/// count against the watermarks from here on; the caller gets them
/// written (push, or a batch that goes on) and publishes the gate.
void enqueue(tcp_socket_state& st, binary header, binary body) {
  auto bytes = header.size() + body.size();
  if (!header.empty())
    st.write_queue.push_back(std::move(header));
  if (!body.empty())
    st.write_queue.push_back(std::move(body));
  st.write_queue_bytes += bytes;
  st.stats.count_sent(bytes);
  st.socket_busy.add(bytes);
}

/// Gets the queue written: at once, or with delay_send once the sends
/// already in the mailbox are queued too (a flush message to self), so
/// that they leave in one larger write.
void push(self_ptr self) {
  auto& st = self->state;
  if (!st.opts->delay_send) {
    start_write(self);
  } else if (!st.flush_scheduled && !st.writing && !st.write_queue.empty()) {
    st.flush_scheduled = true;
    self->send(self, proto::flush_atom::value);
  }
}

/// The send request has left the mailbox: its bytes no longer count
/// against the message-queue watermarks. Updates that busy state and
/// returns the send bytes still counted as on their way.
size_t dequeued(self_ptr self, size_t n) {
  auto& st = self->state;
  auto before = st.shared->msgq_bytes.fetch_sub(n, std::memory_order_relaxed);
  auto left = before >= n ? before - n : 0;
  if (!st.msgq_busy && left >= st.opts->high_msgq_watermark) {
    st.msgq_busy = true;
  } else if (st.msgq_busy && left < st.opts->low_msgq_watermark) {
    st.msgq_busy = false;
    resume_senders(self);
  }
  publish_gate(st);
  return left;
}

/// The reason a send fails now, or ok.
errc send_error(const tcp_socket_state& st, size_t n) {
  if (st.state == phase::closing)
    return errc::closed;
  if (st.write_error != errc::ok)
    return st.write_error;
  if (st.write_shut || st.shutdown_write_pending)
    return errc::closed;
  if (n > net::max_body(st.opts->packet))
    return errc::emsgsize;
  return errc::ok;
}

/// Bytes reached the kernel (or a write failed): watermarks drain,
/// senders resume, a pending close or shutdown(write) proceeds.
void written(self_ptr self, size_t n, errc err) {
  auto& st = self->state;
  st.socket_busy.drain(n);
  if (err != errc::ok && st.write_error == errc::ok) {
    st.write_error = err == errc::econnreset && !st.opts->show_econnreset
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

/// on_send without the write: fails, queues or parks the send.
caf::result<void> take(self_ptr self, binary& data, bool one_way) {
  auto& st = self->state;
  if (auto err = send_error(st, data.size()); err != errc::ok) {
    if (one_way)
      return caf::unit;
    return err;
  }
  char header[4];
  int hlen = net::encode_header(st.opts->packet, data.size(), header);
  auto head
    = binary::copy_small(header, static_cast<size_t>(std::max(hlen, 0)));
  // Erlang semantics: the send that makes the socket busy completes; the
  // senders after it wait until neither the socket nor its message queue
  // is busy. A whole packet is queued at once, so packets never interleave.
  if (st.parked.empty() && may_send_now(st)) {
    enqueue(st, std::move(head), std::move(data));
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
  if (st.opts->send_timeout)
    self->delayed_send(self, *st.opts->send_timeout, proto::send_timeout{id});
  if (one_way)
    return caf::unit;
  return rp;
}

} // namespace

/// Every parked send fails with `err`; their data is dropped.
void fail_parked(tcp_socket_state& st, errc err) {
  st.parked.for_each([err](tcp_socket_state::parked_send& p) {
    answer(p.rp, make_error(err));
  });
  st.parked.clear();
}

/// Writes the queue: first straight into the kernel from this thread (no
/// I/O-thread round trip, no completion message), and what the kernel does
/// not take at once through the transport's asynchronous write.
void start_write(self_ptr self) {
  auto& st = self->state;
  st.batch_owed = 0; // the queue is on its way: a batch ends here
  st.held = false;
  st.held_turns = 0;
  st.held_spins = 0;
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
      // The kernel takes nothing now: the event loop waits for room.
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
                && (st.opts->exit_on_close || st.read_error == errc::emsgsize);
  uint8_t g = 0;
  if (st.state == phase::open && !ending) {
    g |= shared::gate_open;
    if (st.write_error == errc::ok && !st.write_shut
        && !st.shutdown_write_pending && st.parked.empty()
        && may_send_now(st) && !st.opts->send_timeout)
      g |= shared::gate_send;
  }
  if (g != st.gate) {
    st.gate = g;
    st.shared->gate.store(g, std::memory_order_release);
  }
}

/// The options that callers check before a one-way send.
void publish_limits(tcp_socket_state& st) {
  st.shared->msgq_high.store(st.opts->high_msgq_watermark,
                             std::memory_order_relaxed);
  st.shared->max_body.store(net::max_body(st.opts->packet),
                            std::memory_order_relaxed);
}

/// Lets parked senders in, oldest first, while the socket is not busy.
void resume_senders(self_ptr self) {
  auto& st = self->state;
  bool resumed = false;
  while (!st.parked.empty() && may_send_now(st)) {
    auto p = std::move(st.parked.front());
    st.parked.pop_front();
    enqueue(st, std::move(p.header), std::move(p.body));
    answer(p.rp, caf::unit);
    resumed = true;
  }
  // They leave in one write; once the socket drains below low_watermark,
  // written() lets the next ones in.
  if (resumed)
    push(self);
  publish_gate(st);
}

void maybe_shutdown_write(self_ptr self) {
  auto& st = self->state;
  if (st.shutdown_write_pending && !st.writing && st.write_queue.empty()) {
    st.shutdown_write_pending = false;
    st.write_shut = true;
    st.transport->shutdown(stream_transport::shutdown_how::write);
    publish_gate(st);
    // ok once the data is out; a write error means it never got there.
    answer_shutdowns(st, st.write_error);
  }
}

/// gen_tcp:send. `one_way`: the caller already has its ok (the gate was
/// open when it sent); a send that fails now raced with the socket's end
/// and is dropped, like data queued in inet_drv when the connection dies.
caf::result<void> on_send(self_ptr self, binary& data, bool one_way) {
  auto& st = self->state;
  auto n = data.size();
  auto left = dequeued(self, n);
  auto res = take(self, data, one_way);
  // Batching (without delay_send): `left` counts the send bytes on their
  // way to this mailbox. Until the sends counted when this batch began
  // have been handled (batch_owed), the queue waits for them and then
  // leaves in one write instead of a write per packet.
  // Why waiting cannot hang: a caller counts its bytes right before it
  // hands the send over, one way or as a request, with nothing in between
  // that can fail or wait (count_and_cast_send, gen_tcp::send), and a live
  // actor's mailbox loses nothing: every counted byte's send arrives (a
  // one-way send added to socket_shared::sends has its wake-up message on
  // the way, or sends one). The count can run ahead of the mailbox (a
  // caller between its count and its hand-over; the socket may then go
  // idle holding a batch until that hand-over wakes it), never behind it.
  // Each send handled takes its size off batch_owed, so the batch ends at
  // the latest with the last send counted when it began (one counted later
  // ends it early, never late).
  // It ends at once when the queue reaches high_watermark (busy must mean
  // the kernel did not take it, not that the socket held it back) or a
  // send parks (parked senders wait for the queue to drain); it never
  // starts with delay_send (its flush message decides) or outside the
  // open phase; and the socket writes it before handling any other
  // message (before_message).
  if (!st.opts->delay_send && st.state == phase::open)
    st.batch_owed = st.batch_owed > 0
                      ? st.batch_owed - std::min(st.batch_owed, n)
                      : left;
  // Holding (hold_turn): the same write saving across the owner's turns,
  // here for the answers to the packets still buffered.
  st.answer_due = false;
  if (st.batch_owed == 0 || !st.parked.empty() || st.socket_busy.busy()) {
    if (may_hold(st))
      st.held = true;
    else
      push(self);
  }
  publish_gate(st);
  return res;
}

void take_sends(self_ptr self) {
  auto& st = self->state;
  auto& sh = *st.shared;
  auto& taken = st.sends_taken; // empty: swapped for the callers' queue
  {
    std::lock_guard<detail::futex_mutex> guard{sh.sends_mu};
    taken.swap(sh.sends);
    sh.sends_waiting.store(false, std::memory_order_relaxed);
    sh.sends_sealed = false;
  }
  // Each as a send message of its own would have been (batches included:
  // on_send's batch_owed sees the bytes still on their way).
  for (auto& data : taken)
    static_cast<void>(on_send(self, data, true));
  taken.clear();
  // The queue and this room trade places at every take; a burst of sends
  // does not leave either with a large array for good.
  constexpr size_t kept_room = 64;
  if (taken.capacity() > kept_room)
    std::vector<binary>{}.swap(taken);
}

/// Before every message: a batch of sends is written before the socket
/// handles anything else, so only sends in the mailbox wait for sends.
void before_message(self_ptr self, const caf::type_erased_tuple& msg) {
  auto& st = self->state;
  if (st.batch_owed == 0 && !st.held)
    return;
  // The type token matches (atom, any type of otpnet's own): the atom
  // decides.
  auto token = msg.type_token();
  if (token == atom_binary_token) {
    auto a = msg.get_as<caf::atom_value>(0);
    if (a == proto::send_cast_atom::value || a == proto::send_atom::value)
      return;
  }
  if (is_sends_wake(msg))
    return;
  // Held sends also let a re-arm or a recv (the owner's, typically) pass:
  // it takes the next packet, whose answer they wait for. Should it end
  // the socket instead (a packet error, the end of the stream), finish()
  // writes them.
  constexpr auto recv_request = caf::make_type_token<caf::atom_value,
                                                     uint64_t, int64_t>();
  if (st.held && st.batch_owed == 0
      && ((token == atom_byte_token
           && msg.get_as<caf::atom_value>(0) == proto::active_cast_atom::value)
          || (token == recv_request
              && msg.get_as<caf::atom_value>(0) == proto::recv_atom::value)))
    return;
  start_write(self);
}

/// Holding sends for the owner's answers (tcp_socket_state::held), without
/// a timer: whenever its mailbox runs empty the socket yields its worker
/// (to the back of the run queue, behind the owner that has a packet to
/// answer) instead of writing, as long as each turn brought a message (the
/// owner's answer and re-arm, typically) and the owner has a packet to
/// answer or more are buffered for it. A turn that brought nothing still
/// yields while the owner is queued or running (with two workers its
/// answer is often under way on the other one; writing then split the
/// answers to one read into two or three writes), at most 16 times. The
/// queue is written at the first turn that brings nothing while the owner
/// is idle, with the answer to the last packet buffered, or after 16
/// turns; any other message (close, setopts, the owner's death...) writes
/// it first (before_message). In a pipelined exchange (s2: 16 requests
/// per connection in one read, {active, once}) the answers to one read
/// leave in one write instead of one each. True: yield now.
bool hold_turn(self_ptr self, bool news) {
  auto& st = self->state;
  if (may_hold(st)) {
    if (news) {
      ++st.held_turns;
      return true;
    }
    if (st.held_spins < max_held_spins && owner_busy(st)) {
      ++st.held_spins;
      return true;
    }
  }
  start_write(self);
  return false;
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
      if (st.opts->send_timeout_close)
        finish(self, errc::timeout);
      return;
    }
  }
}

void on_write_done(self_ptr self, proto::write_done& msg) {
  self->state.writing = false;
  written(self, msg.written, msg.err);
  start_write(self);
}

} // namespace otpnet::tcp_socket_ops
