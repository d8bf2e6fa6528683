// Fixed-size memory blocks recycled per thread, for objects that are made
// and dropped once per packet (the socket's mailbox elements).
//
// glibc's per-thread cache holds seven blocks of a size: a burst of packets
// (one readiness report for many sockets) allocates more than that in a
// row and frees them in a row, and the rest goes through the arena
// (~200 instructions per allocation and free, callgrind, s1). Here a
// thread keeps up to `Cap` blocks of one size; a block freed on another
// thread than the one it came from simply joins that thread's list.
//
// Blocks often flow one way: under {active, true} one worker makes a
// socket's packets and another frees them in its handler, so the first
// thread's list runs dry while the second's overflows. What overflows is
// gathered in batches of Cap / 2 blocks and parked in a depot shared by
// all threads (one lock per batch), where a thread whose list is empty
// takes a whole batch before it would call malloc. The depot keeps at most
// `depot_batches` batches (256 KiB a size); beyond that blocks go back to
// the heap.
//
// Thread safety: each thread uses its own list; a block may be freed on
// any thread. Under AddressSanitizer blocks are not recycled, so that a
// use after free is still reported.

#pragma once

#include <cstddef>
#include <mutex>
#include <new>

#if defined(__SANITIZE_ADDRESS__)
#define OTPNET_NO_BLOCK_CACHE 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define OTPNET_NO_BLOCK_CACHE 1
#endif
#endif

namespace otpnet::net {

template <std::size_t Size, std::size_t Cap = 128>
class thread_block_cache {
public:
  static_assert(Cap >= 2, "a batch is half the list");

  static constexpr std::size_t block_size = Size;
  static constexpr std::size_t capacity = Cap;
  static constexpr std::size_t batch_size = Cap / 2;
  /// The depot's bound: 256 KiB of blocks per size (at least 2 batches),
  /// enough for the bursts of a 2-core server under {active, true}.
  static constexpr std::size_t depot_batches
    = (256 * 1024) / (Size * batch_size) > 2
        ? (256 * 1024) / (Size * batch_size)
        : 2;

  /// A block of `Size` bytes, aligned as ::operator new aligns.
  static void* take() {
#ifndef OTPNET_NO_BLOCK_CACHE
    auto& l = list();
    if (auto* b = l.head) {
      l.head = b->next;
      --l.count;
      return b;
    }
    if (auto* b = l.spill) {
      l.spill = b->next;
      --l.spilled;
      return b;
    }
    if (!l.dead) {
      if (auto* b = depot().pop()) {
        guard_list(l);
        l.head = b->next;
        l.count = batch_size - 1;
        return b;
      }
    }
#endif
    return ::operator new(Size);
  }

  /// Gives back a block from take() (on any thread).
  static void give(void* p) noexcept {
#ifndef OTPNET_NO_BLOCK_CACHE
    auto& l = list();
    if (!l.dead) {
      guard_list(l);
      auto* b = static_cast<node*>(p);
      if (l.count < Cap) {
        b->next = l.head;
        l.head = b;
        ++l.count;
        return;
      }
      b->next = l.spill;
      l.spill = b;
      if (++l.spilled == batch_size) {
        auto* batch = l.spill;
        l.spill = nullptr;
        l.spilled = 0;
        if (!depot().push(batch))
          free_chain(batch);
      }
      return;
    }
#endif
    ::operator delete(p);
  }

  /// Blocks the calling thread keeps (tests, diagnostics).
  static std::size_t cached() noexcept {
    auto& l = list();
    return l.count + l.spilled;
  }

  /// Blocks parked in the depot (tests, diagnostics).
  static std::size_t parked() noexcept {
    return depot().batches() * batch_size;
  }

private:
  // A free block; the first block of a parked batch also links the next
  // batch.
  struct node {
    node* next;
    node* next_batch;
  };
  static_assert(Size >= sizeof(node), "a free block holds two pointers");

  // Trivially destructible, so usable for the whole life of the thread:
  // a block freed by another thread-local's destructor after guard()'s
  // ran finds `dead` set and goes back to the heap.
  struct free_list {
    node* head;
    std::size_t count;
    node* spill; // beyond Cap: the next batch for the depot
    std::size_t spilled;
    bool guarded;
    bool dead;
  };

  class shared_depot {
  public:
    bool push(node* batch) noexcept {
      std::lock_guard<std::mutex> guard{mtx_};
      if (n_ == depot_batches)
        return false;
      batch->next_batch = top_;
      top_ = batch;
      ++n_;
      return true;
    }

    node* pop() noexcept {
      std::lock_guard<std::mutex> guard{mtx_};
      auto* b = top_;
      if (b != nullptr) {
        top_ = b->next_batch;
        --n_;
      }
      return b;
    }

    std::size_t batches() noexcept {
      std::lock_guard<std::mutex> guard{mtx_};
      return n_;
    }

  private:
    std::mutex mtx_;
    node* top_ = nullptr;
    std::size_t n_ = 0;
  };

  struct exit_guard {
    ~exit_guard() {
      auto& l = list();
      l.dead = true;
      free_chain(l.head);
      free_chain(l.spill);
      l.head = l.spill = nullptr;
      l.count = l.spilled = 0;
    }
  };

  static void free_chain(node* b) noexcept {
    while (b != nullptr) {
      auto* next = b->next;
      ::operator delete(b);
      b = next;
    }
  }

  static void guard_list(free_list& l) noexcept {
    if (!l.guarded) { // first block kept: free the list at thread exit
      static_cast<void>(guard());
      l.guarded = true;
    }
  }

  static free_list& list() noexcept {
    thread_local free_list l{nullptr, 0, nullptr, 0, false, false};
    return l;
  }

  static exit_guard& guard() noexcept {
    thread_local exit_guard g;
    return g;
  }

  // Never destroyed (built in static storage, no destructor runs): threads
  // may free blocks into it until the process ends; what it holds then
  // stays reachable.
  static shared_depot& depot() noexcept {
    alignas(shared_depot) static unsigned char storage[sizeof(shared_depot)];
    static shared_depot* d = new (storage) shared_depot;
    return *d;
  }
};

} // namespace otpnet::net
