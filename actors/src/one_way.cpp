#include "one_way.hpp"

#include <mutex>

#include "otpnet/messages.hpp"

#include "pooled_element.hpp"
#include "protocol.hpp"
#include "staged_packets.hpp"

namespace otpnet::detail {

namespace {

/// An asynchronous message without a sender, scheduled on the caller's
/// worker when it is an actor's (a plain send needs a sender mixin). The
/// values live in the mailbox element itself, recycled per thread
/// (pooled_element.hpp), where enqueue(message) would take two
/// allocations. The socket never answers a cast nor
/// looks at its sender, and a sender would cost a reference count on the
/// caller's control block, taken here and dropped on the socket's worker
/// (an atomic each, the cache line going back and forth between workers).
template <class... Ts>
void tell(caf::local_actor* self, const socket& s, Ts&&... xs) {
  s.actor()->enqueue(make_pooled_element(nullptr, caf::make_message_id(),
                                         std::forward<Ts>(xs)...),
                     self->context());
}

} // namespace

bool count_and_cast_send(caf::local_actor* self, const socket& s,
                         binary& data) {
  auto* sh = s.shared();
  if (sh == nullptr)
    return false;
  auto n = data.size();
  // Erlang's port queue: the send that makes the message queue busy
  // completes; the ones after it (counted from the bytes before them) are
  // requests, answered once the socket has dequeued enough. So a send of
  // any size to an idle socket is one way, and at most one send beyond
  // high_msgq_watermark is ever in the mailbox without a waiting caller.
  auto before = sh->msgq_bytes.fetch_add(n, std::memory_order_relaxed);
  // The acquire pairs with the actor's release: a caller that saw the
  // socket's last reply or message sees a gate at least that recent.
  if ((sh->gate.load(std::memory_order_acquire) & socket_shared::gate_send)
        == 0
      || n > sh->max_body.load(std::memory_order_relaxed)
      || before >= sh->msgq_high.load(std::memory_order_relaxed))
    return false;
  // No message per send while a wake-up is on its way: the bytes join the
  // queue the socket takes in one go (a pipelined owner's answers to one
  // read: one message, one write). See socket_shared::sends.
  {
    std::lock_guard<futex_mutex> guard{sh->sends_mu};
    bool first = !sh->sends_waiting.load(std::memory_order_relaxed);
    if (first || !sh->sends_sealed) {
      sh->sends.push_back(std::move(data));
      if (first) {
        sh->sends_waiting.store(true, std::memory_order_release);
        tell(self, s, proto::sends_atom::value);
      }
      return true;
    }
  }
  tell(self, s, proto::send_cast_atom::value, std::move(data));
  return true;
}

bool cast_active(caf::local_actor* self, const socket& s, inet::active a) {
  auto* sh = s.shared();
  if (sh == nullptr || a.kind == inet::active_kind::n)
    return false;
  if ((sh->gate.load(std::memory_order_acquire) & socket_shared::gate_open)
      == 0)
    return false;
  // A packet the socket staged for this owner's re-arm: taken into its own
  // mailbox, no message to the socket (staged_packets.hpp).
  if (a.kind == inet::active_kind::once
      && sh->incoming.load(std::memory_order_acquire) == 0)
    if (auto* sp = sh->staged.load(std::memory_order_acquire);
        sp != nullptr && sp->take(self))
      return true;
  tell(self, s, proto::active_cast_atom::value, static_cast<uint8_t>(a.kind));
  return true;
}

} // namespace otpnet::detail
