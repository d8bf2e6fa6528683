// A first-in-first-out queue on a ring buffer that allocates nothing while
// it has never held anything. std::deque allocates a map and a 512-byte
// node on construction, which an idle socket pays twice (receive chunks,
// parked senders); this one costs four words until first used, and keeps
// its (small) ring afterwards, so a busy socket does not allocate per
// packet either.
//
// Thread safety: none.

#pragma once

#include <cstddef>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>

namespace otpnet::net {

template <class T>
class fifo {
  static_assert(std::is_nothrow_move_constructible_v<T>,
                "growing the ring moves elements and must not fail halfway");

public:
  fifo() noexcept = default;

  fifo(fifo&& other) noexcept
    : ring_(std::exchange(other.ring_, nullptr)),
      cap_(std::exchange(other.cap_, 0)),
      head_(std::exchange(other.head_, 0)),
      size_(std::exchange(other.size_, 0)) {
    // nop
  }

  fifo& operator=(fifo&& other) noexcept {
    if (this != &other) {
      release();
      ring_ = std::exchange(other.ring_, nullptr);
      cap_ = std::exchange(other.cap_, 0);
      head_ = std::exchange(other.head_, 0);
      size_ = std::exchange(other.size_, 0);
    }
    return *this;
  }

  fifo(const fifo&) = delete;
  fifo& operator=(const fifo&) = delete;

  ~fifo() {
    release();
  }

  bool empty() const noexcept {
    return size_ == 0;
  }

  std::size_t size() const noexcept {
    return size_;
  }

  /// The i-th element from the front.
  T& operator[](std::size_t i) noexcept {
    return ring_[wrap(head_ + i)];
  }

  const T& operator[](std::size_t i) const noexcept {
    return ring_[wrap(head_ + i)];
  }

  T& front() noexcept {
    return ring_[head_];
  }

  const T& front() const noexcept {
    return ring_[head_];
  }

  void push_back(T x) {
    reserve_one();
    new (&ring_[wrap(head_ + size_)]) T(std::move(x));
    ++size_;
  }

  void push_front(T x) {
    reserve_one();
    head_ = head_ == 0 ? cap_ - 1 : head_ - 1;
    new (&ring_[head_]) T(std::move(x));
    ++size_;
  }

  void pop_front() noexcept {
    ring_[head_].~T();
    head_ = wrap(head_ + 1);
    if (--size_ == 0)
      head_ = 0;
  }

  /// Removes the i-th element; later elements move up one place.
  void erase(std::size_t i) {
    for (; i + 1 < size_; ++i)
      (*this)[i] = std::move((*this)[i + 1]);
    (*this)[size_ - 1].~T();
    if (--size_ == 0)
      head_ = 0;
  }

  void clear() noexcept {
    while (size_ > 0)
      pop_front();
  }

  template <class F>
  void for_each(F&& f) {
    for (std::size_t i = 0; i < size_; ++i)
      f((*this)[i]);
  }

  template <class F>
  void for_each(F&& f) const {
    for (std::size_t i = 0; i < size_; ++i)
      f((*this)[i]);
  }

private:
  std::size_t wrap(std::size_t i) const noexcept {
    return i >= cap_ ? i - cap_ : i;
  }

  void reserve_one() {
    if (size_ < cap_)
      return;
    std::size_t cap = cap_ == 0 ? 2 : cap_ * 2;
    T* ring = std::allocator<T>{}.allocate(cap);
    for (std::size_t i = 0; i < size_; ++i) {
      new (&ring[i]) T(std::move((*this)[i]));
      (*this)[i].~T();
    }
    free_ring();
    ring_ = ring;
    cap_ = cap;
    head_ = 0;
  }

  void free_ring() noexcept {
    if (ring_ != nullptr)
      std::allocator<T>{}.deallocate(ring_, cap_);
    ring_ = nullptr;
  }

  void release() noexcept {
    clear();
    free_ring();
    cap_ = 0;
  }

  T* ring_ = nullptr;
  std::size_t cap_ = 0;
  std::size_t head_ = 0;
  std::size_t size_ = 0;
};

} // namespace otpnet::net
