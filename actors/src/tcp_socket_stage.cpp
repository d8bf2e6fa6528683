#include "tcp_socket_ops.hpp"

#include "otpnet/messages.hpp"

#include "pooled_element.hpp"
#include "staged_packets.hpp"

// Staging packets for an {active, once} owner (see staged_packets.hpp):
// which messages leave them in place, when the socket stages more, and
// how taken ones are counted as delivered.

namespace otpnet::tcp_socket_ops {

namespace {

/// A taken packet, now counted as delivered: its bytes leave the reader.
void delivered(tcp_socket_state& st, std::size_t length) {
  binary bytes;
  static_cast<void>(st.reader.take_exact(length, bytes));
  st.stats.count_received(length);
  st.answer_due = true;
}

} // namespace

/// Messages that leave staged packets in place: reads and writes
/// completing, one-way sends. None of them sends the owner anything while
/// it is passive, nor changes how the buffered bytes are framed.
/// A one-way {active, once} counts too: its handler takes the staged packets
/// back itself, and a later re-arm that overtakes it takes the packet the
/// earlier one would have delivered, so the owner sees the same packets in
/// the same order either way.
bool keeps_staged(const caf::type_erased_tuple& msg) {
  auto token = msg.type_token();
  if (token == one_own_type_token)
    return msg.match_element<proto::read_done>(0)
           || msg.match_element<proto::write_done>(0);
  if (token == atom_byte_token)
    return msg.get_as<caf::atom_value>(0) == proto::active_cast_atom::value
           && msg.get_as<uint8_t>(1)
                == static_cast<uint8_t>(inet::active_kind::once);
  if (token == atom_binary_token)
    return msg.get_as<caf::atom_value>(0) == proto::send_cast_atom::value;
  return is_sends_wake(msg);
}

bool settle_staged(self_ptr self, bool keeps) {
  auto& st = self->state;
  auto* sp = st.shared->staged.load(std::memory_order_relaxed);
  auto count = [&st](std::size_t length) { delivered(st, length); };
  if (keeps) {
    if (sp != nullptr && sp->any_taken())
      sp->collect(count);
    return false;
  }
  // Counted as it was enqueued (tcp_socket_impl::enqueue): it has arrived.
  st.shared->incoming.fetch_sub(1, std::memory_order_release);
  if (sp != nullptr && sp->pending() > 0)
    sp->retract(count);
  st.stage_once = false;
  return true;
}

void retract_staged(self_ptr self) {
  auto& st = self->state;
  auto* sp = st.shared->staged.load(std::memory_order_relaxed);
  if (sp != nullptr && sp->pending() > 0)
    sp->retract([&st](std::size_t length) { delivered(st, length); });
  st.stage_once = false;
}

void stage_packets(self_ptr self) {
  auto& st = self->state;
  // Only right after an {active, once} was spent (deliver_next), until the
  // next message that changes anything: a passive owner that calls recv
  // is not made to pay for packets it never takes.
  if (!st.stage_once || st.reader.buffered() == 0 || st.state != phase::open
      || st.recv || st.active.may_deliver() || st.owner.transferring()
      || self->getf(caf::abstract_actor::is_terminated_flag))
    return;
  auto* sp = st.shared->staged.load(std::memory_order_relaxed);
  auto offset = sp != nullptr ? sp->pending_bytes() : 0;
  if (st.reader.buffered() <= offset || (sp != nullptr && sp->full()))
    return;
  binary body;
  std::size_t length = 0;
  if (!st.reader.peek(offset, body, length))
    return;
  if (sp == nullptr) {
    sp = new detail::staged_packets;
    st.shared->staged.store(sp, std::memory_order_release);
  }
  auto* owner = caf::actor_cast<caf::actor_control_block*>(st.owner.owner());
  st.owner.deliver_to(); // from now on a transfer must drain the owner
  do {
    sp->stage(detail::make_pooled_element(caf::strong_actor_ptr{self->ctrl()},
                                          detail::unanswered_async_id(),
                                          tcp_msg{me(self), std::move(body)}),
              length, owner);
    offset += length;
  } while (!sp->full() && st.reader.peek(offset, body, length));
}

} // namespace otpnet::tcp_socket_ops
