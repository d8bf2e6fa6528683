#include "tcp_socket_ops.hpp"

#include <algorithm>

#include <caf/actor_cast.hpp>

#include "otpnet/error.hpp"
#include "otpnet/messages.hpp"

#include "active_option.hpp"
#include "pooled_element.hpp"

// Receiving: reads (directly or through the event loop), delivery to the
// owner in every active mode, gen_tcp:recv, and the end of the stream.

namespace otpnet::tcp_socket_ops {

namespace {

// Direct reads in a row before a read goes through the event loop.
constexpr uint8_t max_direct_reads = 4;

// At most this many direct reads in a row are skipped after misses.
constexpr uint8_t max_read_skip = 16;

// Erlang's inet_drv refuses recv lengths above 64 MiB (enomem).
constexpr size_t max_recv_length = size_t{64} << 20;

/// How much one read may take: `buffer`, or under {read_ahead, false} no
/// byte past the packet being framed (a raw recv(N) takes N in all).
size_t read_size(const tcp_socket_state& st) {
  if (st.opts->read_ahead)
    return st.opts->buffer;
  size_t want = 0;
  if (st.opts->packet != net::packet_type::raw)
    want = st.reader.wanted();
  else if (st.recv && st.recv->length > st.reader.buffered())
    want = st.recv->length - st.reader.buffered();
  else
    return st.opts->buffer; // raw without a length: any bytes are the packet
  return std::clamp<size_t>(want, 1, st.opts->buffer);
}

void start_read(self_ptr self) {
  auto& st = self->state;
  st.reading = true;
  st.direct_reads = 0;
  st.transport->async_read(read_size(st),
                           [hdl = caf::actor_cast<caf::actor>(self)](
                             errc err, binary data) {
                             detail::anon_send_pooled(
                               hdl, proto::read_done{err, std::move(data)});
                           });
}

/// Takes in what a read brought: bytes, or the end of the stream.
void absorb(tcp_socket_state& st, errc err, binary data) {
  if (err == errc::ok) {
    st.reader.append(std::move(data));
    return;
  }
  st.eof = true;
  // show_econnreset off: a reset looks like an orderly close.
  if (err == errc::econnreset && !st.opts->show_econnreset)
    st.read_error = errc::ok;
  else if (err != errc::closed)
    st.read_error = err;
  if (st.read_error == errc::econnreset && st.write_error == errc::ok)
    st.write_error = errc::econnreset;
  publish_gate(st);
}

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
  if (st.opts->exit_on_close)
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

using next_status = net::packet_reader::next_status;

// The next packet: bytes, or for {packet, http*} an HttpPacket.
next_status next_packet(net::packet_reader& reader, binary& out) {
  return reader.next(out);
}

next_status next_packet(net::packet_reader& reader, net::http_packet& out) {
  return reader.next_http(out);
}

/// Raw recv(S, 0): whatever is buffered; recv(S, N): exactly N bytes.
next_status take_raw(net::packet_reader& reader, size_t length,
                     binary& out) {
  bool have = false;
  if (length > 0) {
    have = reader.take_exact(length, out);
  } else if (reader.buffered() > 0) {
    out = reader.take_all();
    have = true;
  }
  return have ? next_status::packet : next_status::need_more;
}

/// Answers the pending recv as `status` says: with `out`, or with the
/// packet error. Returns false if it must wait for more bytes.
template <class Packet>
bool answer_recv(self_ptr self, next_status status, Packet& out) {
  auto& st = self->state;
  if (status == next_status::error) {
    packet_error(self);
    return true;
  }
  if (status == next_status::need_more)
    return false;
  st.stats.count_received(st.reader.last_length());
  st.recv->rp.deliver(std::move(out));
  st.recv.reset();
  st.answer_due = true;
  return true;
}

/// Serves a pending recv from buffered data. Returns false if it must wait
/// for more bytes.
bool serve_recv(self_ptr self) {
  auto& st = self->state;
  auto& req = *st.recv;
  if (req.http != net::is_http(st.opts->packet)) {
    // setopts changed the packet type under a waiting recv: the packets
    // are no longer of the kind it asked for.
    req.rp.deliver(make_error(errc::einval));
    st.recv.reset();
    return true;
  }
  if (req.http) {
    net::http_packet pkt;
    if (answer_recv(self, st.reader.next_http(pkt), pkt))
      return true;
  } else {
    binary pkt;
    auto status = st.opts->packet == net::packet_type::raw
                    ? take_raw(st.reader, req.length, pkt)
                    : st.reader.next(pkt);
    if (answer_recv(self, status, pkt))
      return true;
  }
  if (st.eof) {
    // At end of stream a short raw recv loses its partial data, as the
    // spec says.
    req.rp.deliver(make_error(eof_reason(st)));
    st.recv.reset();
    // closed_reported stays false: the closed-while-passive rule still
    // owes the owner a tcp_closed when it turns active.
    if (st.opts->exit_on_close)
      finish(self, eof_reason(st));
    return true;
  }
  return false;
}

/// Sends the next packet to an active owner as a Message ({tcp, S, Data}
/// or {http, S, HttpPacket}), then tcp_passive if it used up an
/// {active, N} count.
template <class Message, class Packet>
next_status deliver_next(self_ptr self) {
  auto& st = self->state;
  Packet pkt;
  auto status = next_packet(st.reader, pkt);
  if (status != next_status::packet)
    return status;
  st.stats.count_received(st.reader.last_length());
  if (st.active.current() == net::active_mode::kind::once)
    st.stage_once = true; // spent: the next packets may be staged
  bool notify = st.active.on_delivered();
  st.answer_due = true;
  detail::deliver_pooled(self, st.owner.deliver_to(),
                         Message{me(self), std::move(pkt)});
  if (notify)
    self->send(st.owner.deliver_to(), tcp_passive_msg{me(self)});
  return status;
}

/// Whether pump goes straight to the event loop this time (see its misses).
bool skip_direct_read(tcp_socket_state& st) {
  if (st.read_skip == 0)
    return false;
  --st.read_skip;
  return true;
}

} // namespace

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
    bool http = net::is_http(st.opts->packet);
    while (st.active.may_deliver()) {
      auto status = http ? deliver_next<http_msg, net::http_packet>(self)
                         : deliver_next<tcp_msg, binary>(self);
      if (status == next_status::error) {
        packet_error(self);
        return;
      }
      if (status == next_status::need_more) {
        want_more = true;
        break;
      }
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
  // nothing does the event loop wait for more. A few direct reads per
  // turn, then the mailbox gets its turn (close, setopts...).
  if (st.direct_reads < max_direct_reads && !skip_direct_read(st)) {
    binary data;
    auto err = st.transport->try_read(read_size(st), data);
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

namespace {

/// Why a recv cannot start now, or errc::ok.
errc recv_refusal(const tcp_socket_state& st, bool http, uint64_t length) {
  if (st.state == phase::closing)
    return errc::closed;
  if (st.active.current() != net::active_mode::kind::passive
      && st.active.may_deliver())
    return errc::einval;
  // recv gets bytes, recv_http HttpPackets: each only where the packet
  // type delivers those.
  if (http != net::is_http(st.opts->packet))
    return errc::einval;
  if (length > 0 && st.opts->packet != net::packet_type::raw)
    return errc::einval;
  if (length > max_recv_length)
    return errc::enomem;
  if (st.recv)
    return errc::ealready;
  return errc::ok;
}

caf::response_promise start_recv(self_ptr self, bool http, uint64_t length,
                                 int64_t ms) {
  auto& st = self->state;
  auto rp = self->make_response_promise();
  auto id = st.next_recv_id++;
  st.recv.emplace(tcp_socket_state::pending_recv{
    rp, static_cast<size_t>(length), id, http});
  if (ms >= 0)
    self->delayed_send(self, std::chrono::milliseconds{ms},
                       proto::recv_timeout{id});
  pump(self);
  return rp;
}

} // namespace

caf::result<binary> on_recv(self_ptr self, uint64_t length, int64_t ms) {
  if (auto err = recv_refusal(self->state, false, length); err != errc::ok)
    return err;
  return start_recv(self, false, length, ms);
}

caf::result<net::http_packet> on_recv_http(self_ptr self, int64_t ms) {
  if (auto err = recv_refusal(self->state, true, 0); err != errc::ok)
    return err;
  return start_recv(self, true, 0, ms);
}

/// setopts([{active, false | true | once}]) sent one way: cannot fail on an
/// open socket, and one that is closing has nothing left to deliver.
void on_active_cast(self_ptr self, uint8_t kind) {
  auto& st = self->state;
  // What the owner took is delivered; what it did not, this re-arm
  // delivers afresh (see keeps_staged).
  retract_staged(self);
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

void on_read_done(self_ptr self, proto::read_done& msg) {
  auto& st = self->state;
  st.reading = false;
  if (st.state == phase::closing)
    return;
  absorb(st, msg.err, std::move(msg.data));
  pump(self);
}

} // namespace otpnet::tcp_socket_ops
