#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>

#include <caf/local_actor.hpp>
#include <caf/mailbox_element.hpp>

#include "otpnet/net/futex_lock.hpp"

namespace otpnet::detail {

/// {active, once} without a socket turn per packet.
///
/// Under {active, once} the owner re-arms after every packet, and each
/// re-arm used to be a message to the socket and a socket turn that sent
/// the next packet back: two actor turns per packet, and the owner got one
/// packet per turn. When the socket has used up a once and holds more whole
/// packets, it now prepares the next few `{tcp, S, Data}` messages here
/// (staging them: the bytes stay in its reader), and the owner's one-way
/// setopts({active, once}) takes the first into its own mailbox: the
/// re-arm and the delivery the socket would have made, in one step, so
/// the owner goes on with it in the same turn.
///
/// The socket owns the staged messages until one is taken. Before anything
/// that could change what they mean or what follows them (every message
/// but its I/O completions and one-way sends: setopts, recv, close,
/// controlling_process, getstat, the owner's down message...) it takes
/// back those left (retract) and counts the taken ones as delivered
/// (collect), so the socket's state is exactly as if every taken packet had
/// been delivered by a re-arm message, and nothing staged is left. A take
/// enqueues under the lock: a retraction or anything the socket sends
/// afterwards follows the taken packet in the owner's mailbox.
///
/// Only the owner the packets were staged for takes them; anyone else's
/// setopts goes to the socket as a message. And none is taken while a
/// message that will take them back is on its way to the socket
/// (socket_shared::incoming, counted as it is enqueued), so a re-arm never
/// overtakes an earlier setopts, recv or close of the same caller, or of
/// anyone it heard from since.
class staged_packets {
public:
  static constexpr std::size_t capacity = 16;

  ~staged_packets() {
    retract();
  }

  // -- the owner's side ----------------------------------------------------

  /// Takes the first staged packet into `self`'s mailbox if `self` is the
  /// owner it was staged for. False: none for `self`.
  bool take(caf::local_actor* self) {
    if (count_.load(std::memory_order_acquire) == 0)
      return false;
    std::lock_guard<futex_mutex> guard{lock_};
    auto n = count_.load(std::memory_order_relaxed);
    if (n == 0 || owner_ != self->ctrl())
      return false;
    auto* e = slots_[head_];
    slots_[head_] = nullptr;
    head_ = (head_ + 1) % capacity;
    count_.store(n - 1, std::memory_order_relaxed);
    taken_.fetch_add(1, std::memory_order_relaxed);
    self->enqueue(caf::mailbox_element_ptr{e}, self->context());
    return true;
  }

  // -- the socket's side ---------------------------------------------------

  /// Packets staged and not yet collected, taken or not.
  std::size_t pending() const noexcept {
    return lengths_n_;
  }

  /// Stream bytes of the packets staged and not yet collected: where the
  /// next one starts in the socket's reader.
  std::size_t pending_bytes() const noexcept {
    return bytes_;
  }

  bool full() const noexcept {
    return lengths_n_ == capacity;
  }

  /// Stages `e` (a packet spanning `length` stream bytes) for `owner`.
  void stage(caf::mailbox_element_ptr e, std::size_t length,
             caf::actor_control_block* owner) {
    lengths_[(lengths_head_ + lengths_n_) % capacity] = length;
    ++lengths_n_;
    bytes_ += length;
    std::lock_guard<futex_mutex> guard{lock_};
    owner_ = owner;
    auto n = count_.load(std::memory_order_relaxed);
    slots_[(head_ + n) % capacity] = e.release();
    count_.store(n + 1, std::memory_order_release);
  }

  /// Whether the owner has taken any since the last collect (a hint: a take
  /// may be under way).
  bool any_taken() const noexcept {
    return taken_.load(std::memory_order_relaxed) != 0;
  }

  /// The packets taken since the last call, oldest first: `f(length)` for
  /// each (the socket takes its bytes from the reader).
  template <class F>
  void collect(F&& f) {
    auto n = taken_.exchange(0, std::memory_order_acquire);
    for (; n > 0; --n) {
      auto len = lengths_[lengths_head_];
      lengths_head_ = (lengths_head_ + 1) % capacity;
      --lengths_n_;
      bytes_ -= len;
      f(len);
    }
  }

  /// Drops the packets not taken (their bytes stay in the reader), then
  /// collects the taken ones as collect() does.
  template <class F>
  void retract(F&& f) {
    caf::mailbox_element* left[capacity];
    uint32_t n = 0;
    {
      std::lock_guard<futex_mutex> guard{lock_};
      n = count_.load(std::memory_order_relaxed);
      for (uint32_t i = 0; i < n; ++i) {
        left[i] = slots_[head_];
        slots_[head_] = nullptr;
        head_ = (head_ + 1) % capacity;
      }
      count_.store(0, std::memory_order_relaxed);
      owner_ = nullptr;
    }
    // Destroyed outside the lock: an owner's take does not wait for it.
    for (uint32_t i = 0; i < n; ++i) {
      caf::mailbox_element_ptr dropped{left[i]};
    }
    // Taken ones are the oldest: collected first, the rest forgotten.
    collect(f);
    lengths_n_ = 0;
    lengths_head_ = 0;
    bytes_ = 0;
  }

  void retract() {
    retract([](std::size_t) {});
  }

private:
  // Held for a few pointer moves and, on the owner's side, one enqueue into
  // its own mailbox (the run queue's futex lock: 4 bytes, sleeps when
  // contended past a short spin).
  futex_mutex lock_;
  std::atomic<uint32_t> count_{0};  // staged and not taken (under lock_)
  std::atomic<uint32_t> taken_{0};  // taken since the last collect
  uint32_t head_ = 0;               // the first staged (under lock_)
  caf::actor_control_block* owner_ = nullptr; // who may take (under lock_)
  caf::mailbox_element* slots_[capacity] = {};
  // The socket's own: the stream length of every packet staged and not
  // collected, oldest first.
  std::size_t lengths_[capacity] = {};
  uint32_t lengths_head_ = 0;
  uint32_t lengths_n_ = 0;
  std::size_t bytes_ = 0;
};

} // namespace otpnet::detail
