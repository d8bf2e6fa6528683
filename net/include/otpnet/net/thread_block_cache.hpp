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
// Thread safety: each thread uses its own list; a block may be freed on
// any thread. Under AddressSanitizer blocks are not recycled, so that a
// use after free is still reported.

#pragma once

#include <cstddef>
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
  static_assert(Size >= sizeof(void*), "a free block holds a pointer");

  static constexpr std::size_t block_size = Size;
  static constexpr std::size_t capacity = Cap;

  /// A block of `Size` bytes, aligned as ::operator new aligns.
  static void* take() {
#ifndef OTPNET_NO_BLOCK_CACHE
    auto& l = list();
    if (auto* b = l.head) {
      l.head = b->next;
      --l.count;
      return b;
    }
#endif
    return ::operator new(Size);
  }

  /// Gives back a block from take() (on any thread).
  static void give(void* p) noexcept {
#ifndef OTPNET_NO_BLOCK_CACHE
    auto& l = list();
    if (l.count < Cap && !l.dead) {
      if (!l.guarded) { // first block kept: free the list at thread exit
        static_cast<void>(guard());
        l.guarded = true;
      }
      auto* b = static_cast<node*>(p);
      b->next = l.head;
      l.head = b;
      ++l.count;
      return;
    }
#endif
    ::operator delete(p);
  }

  /// Blocks the calling thread keeps (tests, diagnostics).
  static std::size_t cached() noexcept {
    return list().count;
  }

private:
  struct node {
    node* next;
  };

  // Trivially destructible, so usable for the whole life of the thread:
  // a block freed by another thread-local's destructor after guard()'s
  // ran finds `dead` set and goes back to the heap.
  struct free_list {
    node* head;
    std::size_t count;
    bool guarded;
    bool dead;
  };

  struct exit_guard {
    ~exit_guard() {
      auto& l = list();
      l.dead = true;
      while (auto* b = l.head) {
        l.head = b->next;
        ::operator delete(b);
      }
      l.count = 0;
    }
  };

  static free_list& list() noexcept {
    thread_local free_list l{nullptr, 0, false, false};
    return l;
  }

  static exit_guard& guard() noexcept {
    thread_local exit_guard g;
    return g;
  }
};

} // namespace otpnet::net
