// An optional whose storage is allocated when it first holds a value and
// kept for reuse afterwards. A socket's rarely used slots (a pending recv,
// the promise of a connect or of a lingering close) cost an idle
// connection one pointer each instead of the value's size, and a socket
// that does use one (a recv loop) does not allocate per call.
//
// Thread safety: none.

#pragma once

#include <memory>
#include <optional>
#include <utility>

namespace otpnet::net {

template <class T>
class lazy_optional {
public:
  lazy_optional() noexcept = default;
  lazy_optional(lazy_optional&&) noexcept = default;
  lazy_optional& operator=(lazy_optional&&) noexcept = default;

  explicit operator bool() const noexcept {
    return slot_ && slot_->has_value();
  }

  T& operator*() noexcept {
    return **slot_;
  }

  T* operator->() noexcept {
    return &**slot_;
  }

  const T& operator*() const noexcept {
    return **slot_;
  }

  const T* operator->() const noexcept {
    return &**slot_;
  }

  /// Destroys the value held, if any, and holds a new one.
  template <class... Ts>
  T& emplace(Ts&&... xs) {
    if (!slot_)
      slot_ = std::make_unique<std::optional<T>>();
    return slot_->emplace(std::forward<Ts>(xs)...);
  }

  /// Destroys the value held, if any; the storage stays.
  void reset() noexcept {
    if (slot_)
      slot_->reset();
  }

  /// True once storage is allocated (for tests).
  bool has_storage() const noexcept {
    return slot_ != nullptr;
  }

private:
  std::unique_ptr<std::optional<T>> slot_;
};

} // namespace otpnet::net
