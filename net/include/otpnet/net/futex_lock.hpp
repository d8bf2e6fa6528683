#pragma once

#include <linux/futex.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>

namespace otpnet::detail {

/// The run queue's lock and its condition, on Linux futexes directly.
///
/// Why not glibc's: every thread that schedules an actor takes the run
/// queue's lock for a few instructions, so it is often contended for an
/// instant. pthread's adaptive mutex spins at most a few rounds before it
/// sleeps, and its lock/unlock paths (type dispatch, elision checks,
/// owner bookkeeping) cost many times the work done under the lock
/// (callgrind, echo server under s2: ~290 instructions of locking per
/// request, ~35 with this one). pthread_cond_timedwait adds an internal
/// lock and several atomic sequences per wait.

inline long futex_call(std::atomic<uint32_t>* word, int op, uint32_t value,
                       const timespec* timeout = nullptr) {
  static_assert(sizeof(std::atomic<uint32_t>) == sizeof(uint32_t));
  return syscall(SYS_futex, reinterpret_cast<uint32_t*>(word),
                 op | FUTEX_PRIVATE_FLAG, value, timeout, nullptr, 0);
}

/// A three-state mutex (free, held, held with sleepers waiting), after
/// Drepper's "Futexes Are Tricky": an uncontended lock and unlock are one
/// atomic operation each and no system call; a contended lock spins a
/// while first, since the holder keeps the lock only for an instant.
class futex_mutex {
public:
  futex_mutex() = default;
  futex_mutex(const futex_mutex&) = delete;
  futex_mutex& operator=(const futex_mutex&) = delete;

  void lock() {
    uint32_t expected = free;
    if (state_.compare_exchange_strong(expected, held,
                                       std::memory_order_acquire))
      return;
    for (int i = 0; i < spin_rounds; ++i) {
      pause();
      expected = free;
      if (state_.load(std::memory_order_relaxed) == free
          && state_.compare_exchange_weak(expected, held,
                                          std::memory_order_acquire))
        return;
    }
    lock_contended();
  }

  bool try_lock() {
    uint32_t expected = free;
    return state_.compare_exchange_strong(expected, held,
                                          std::memory_order_acquire);
  }

  void unlock() {
    if (state_.exchange(free, std::memory_order_release) == waiters)
      futex_call(&state_, FUTEX_WAKE, 1);
  }

  /// Takes the lock assuming that others may sleep on it: after a wait on
  /// a condition, when this thread cannot know whether it was the only
  /// sleeper, the lock must wake the next one when released.
  void lock_contended() {
    while (state_.exchange(waiters, std::memory_order_acquire) != free)
      futex_call(&state_, FUTEX_WAIT, waiters);
  }

private:
  static constexpr uint32_t free = 0;
  static constexpr uint32_t held = 1;
  static constexpr uint32_t waiters = 2;
  // About a microsecond: longer than any run queue operation takes.
  static constexpr int spin_rounds = 100;

  static void pause() {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    asm volatile("yield" ::: "memory");
#endif
  }

  std::atomic<uint32_t> state_{free};
};

/// A condition for futex_mutex: a sequence word that every notify
/// advances. A waiter reads it before it lets the mutex go, so a notify
/// between the unlock and the wait changes the word and the wait returns
/// at once: no wake-up is lost.
///
/// A notify makes a system call only while a waiter is registered: the
/// scheduler notifies whenever it counts a sleeper, and it counts one
/// until the sleeper has the mutex again, so most of its notifies (0.9
/// per request in s1 when every notify woke the kernel) find nobody
/// asleep. glibc's condition variable makes the same check.
class futex_condition {
public:
  futex_condition() = default;
  futex_condition(const futex_condition&) = delete;
  futex_condition& operator=(const futex_condition&) = delete;

  /// Waits for a notify (or a spurious wake-up) or until `timeout` has
  /// passed; `held` is locked by the caller, and again on return. Returns
  /// false only if the time ran out.
  bool wait_for(futex_mutex& held, std::chrono::nanoseconds timeout) {
    // Registered before the sequence is read: a notify that comes after
    // the read (it follows this thread's unlock) sees the registration.
    // Both sequentially consistent, as is the notifier's pair: of a
    // waiter's (register, read) and a notifier's (advance, look), one
    // sees the other's first step.
    waiters_.fetch_add(1, std::memory_order_seq_cst);
    auto seen = seq_.load(std::memory_order_seq_cst);
    held.unlock();
    auto secs = std::chrono::duration_cast<std::chrono::seconds>(timeout);
    timespec rel;
    rel.tv_sec = static_cast<time_t>(secs.count());
    rel.tv_nsec = static_cast<long>((timeout - secs).count());
    // FUTEX_WAIT's timeout is relative (CLOCK_MONOTONIC).
    auto rc = futex_call(&seq_, FUTEX_WAIT, seen, &rel);
    bool timed_out = rc == -1 && errno == ETIMEDOUT;
    waiters_.fetch_sub(1, std::memory_order_relaxed);
    held.lock_contended();
    return !timed_out;
  }

  /// Wakes one waiter, if any. Called with or without the mutex held.
  void notify_one() {
    seq_.fetch_add(1, std::memory_order_seq_cst);
    if (waiters_.load(std::memory_order_seq_cst) == 0)
      return;
    futex_call(&seq_, FUTEX_WAKE, 1);
    ++wake_calls_on_this_thread();
  }

  /// Waiters registered now (for tests).
  uint32_t waiting() const noexcept {
    return waiters_.load(std::memory_order_relaxed);
  }

  /// System calls made by this thread's notifies (for tests).
  static uint64_t& wake_calls_on_this_thread() {
    static thread_local uint64_t n = 0;
    return n;
  }

private:
  std::atomic<uint32_t> seq_{0};
  std::atomic<uint32_t> waiters_{0};
};

} // namespace otpnet::detail
