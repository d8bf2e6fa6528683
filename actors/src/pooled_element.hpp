#pragma once

// Mailbox elements for the messages a socket sends or receives once per
// packet (the packet to its owner, its read completions, the one-way send
// and re-arm casts), with their memory recycled per thread
// (net::thread_block_cache) instead of a malloc and a free each.
//
// CAF 0.17 provides for this: a mailbox element is `memory_managed`, and
// whoever drops one (the receiver's dispatch, a closed mailbox) deletes it
// through its virtual destructor, which ends in the class's own operator
// delete below. Otherwise the element is CAF's mailbox_element_vals (that
// class is final), so receivers match and store it as any other message.

#include <cstddef>
#include <new>
#include <tuple>
#include <utility>

#include <caf/actor.hpp>
#include <caf/actor_cast.hpp>
#include <caf/detail/apply_args.hpp>
#include <caf/detail/tuple_vals.hpp>
#include <caf/local_actor.hpp>
#include <caf/mailbox_element.hpp>
#include <caf/message_id.hpp>

#include "otpnet/net/thread_block_cache.hpp"

namespace otpnet::detail {

template <class... Ts>
class pooled_element final
  : public caf::mailbox_element,
    public caf::detail::tuple_vals_impl<caf::type_erased_tuple, Ts...> {
public:
  using values = caf::detail::tuple_vals_impl<caf::type_erased_tuple, Ts...>;

  template <class... Us>
  pooled_element(caf::strong_actor_ptr&& sender, caf::message_id mid,
                 Us&&... xs)
    : caf::mailbox_element(std::move(sender),
                           caf::mailbox_category_corrector<Ts...>::apply(mid),
                           forwarding_stack{}),
      values(std::forward<Us>(xs)...) {
    // nop
  }

  caf::type_erased_tuple& content() override {
    return *this;
  }

  const caf::type_erased_tuple& content() const override {
    return *this;
  }

  caf::message move_content_to_message() override {
    caf::message_factory f;
    auto& xs = this->data();
    return caf::detail::apply_moved_args(f, caf::detail::get_indices(xs), xs);
  }

  caf::message copy_content_to_message() const override {
    caf::message_factory f;
    auto& xs = this->data();
    return caf::detail::apply_args(f, caf::detail::get_indices(xs), xs);
  }

  // Rounded up so that elements of similar sizes share one list.
  using cache = net::thread_block_cache<(sizeof(caf::mailbox_element)
                                         + sizeof(values) + 31)
                                        / 32 * 32>;

  // The class is final: every allocation here is of its own size.
  static void* operator new(std::size_t) {
    static_assert(sizeof(pooled_element) <= cache::block_size);
    return cache::take();
  }

  static void operator delete(void* p) noexcept {
    cache::give(p);
  }
};

/// CAF's make_mailbox_element, in a pooled element (no forwarding stages:
/// otpnet's per-packet messages are never forwarded on the way).
template <class... Ts>
caf::mailbox_element_ptr make_pooled_element(caf::strong_actor_ptr sender,
                                             caf::message_id mid,
                                             Ts&&... xs) {
  using impl = pooled_element<typename caf::unbox_message_element<
    typename caf::detail::strip_and_convert<Ts>::type>::type...>;
  return caf::mailbox_element_ptr{
    new impl(std::move(sender), mid, std::forward<Ts>(xs)...)};
}

/// `self->send(dest, xs...)` (normal priority) in a pooled element, with
/// message id `mid`.
template <class... Ts>
void send_pooled_as(caf::local_actor* self, const caf::actor& dest,
                    caf::message_id mid, Ts&&... xs) {
  if (!dest)
    return;
  caf::actor_cast<caf::abstract_actor*>(dest)->enqueue(
    make_pooled_element(caf::strong_actor_ptr{self->ctrl()}, mid,
                        std::forward<Ts>(xs)...),
    self->context());
}

/// `self->send(dest, xs...)` (normal priority) in a pooled element.
template <class... Ts>
void send_pooled(caf::local_actor* self, const caf::actor& dest,
                 Ts&&... xs) {
  send_pooled_as(self, dest, caf::make_message_id(), std::forward<Ts>(xs)...);
}

/// The id of a message nobody answers (a packet for the owner): an
/// asynchronous id marked as answered. CAF then builds no response promise
/// after the receiver's handler (a copy of the sender: two atomic counts on
/// the socket's control block, from the owner's worker) and drops what the
/// handler returns instead of sending it to the socket.
inline caf::message_id unanswered_async_id() noexcept {
  auto mid = caf::make_message_id();
  mid.mark_as_answered();
  return mid;
}

/// send_pooled for a message its receiver cannot answer
/// (unanswered_async_id).
template <class... Ts>
void deliver_pooled(caf::local_actor* self, const caf::actor& dest,
                    Ts&&... xs) {
  send_pooled_as(self, dest, unanswered_async_id(), std::forward<Ts>(xs)...);
}

/// `caf::anon_send(dest, xs...)` in a pooled element.
template <class... Ts>
void anon_send_pooled(const caf::actor& dest, Ts&&... xs) {
  if (!dest)
    return;
  caf::actor_cast<caf::abstract_actor*>(dest)->enqueue(
    make_pooled_element(nullptr, caf::make_message_id(),
                        std::forward<Ts>(xs)...),
    nullptr);
}

} // namespace otpnet::detail
