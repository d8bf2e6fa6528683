#pragma once

// A value or an errc: the return type of every fallible net/ function.
// C++17 has no std::expected, and net/ must not depend on CAF, so this is
// the smallest type that lets pure code report Erlang's {error, Reason}
// without throwing. Thread safety: a plain value type.

#include <cassert>
#include <optional>
#include <type_traits>
#include <utility>

#include <otpnet/net/errc.hpp>

namespace otpnet::net {

template <class T>
class result {
public:
  static_assert(!std::is_same_v<T, errc>, "result<errc> is ambiguous");

  result(T value) : value_(std::move(value)), error_(errc::ok) {
    // nop
  }

  // Precondition: e != errc::ok (an error needs a reason).
  result(errc e) : error_(e) {
    assert(e != errc::ok);
  }

  bool has_value() const noexcept {
    return value_.has_value();
  }

  explicit operator bool() const noexcept {
    return has_value();
  }

  // Precondition: has_value().
  T& value() & {
    assert(has_value());
    return *value_;
  }

  const T& value() const& {
    assert(has_value());
    return *value_;
  }

  T&& value() && {
    assert(has_value());
    return std::move(*value_);
  }

  T& operator*() & {
    return value();
  }

  const T& operator*() const& {
    return value();
  }

  T* operator->() {
    return &value();
  }

  const T* operator->() const {
    return &value();
  }

  // errc::ok when a value is present.
  errc error() const noexcept {
    return error_;
  }

private:
  std::optional<T> value_;
  errc error_;
};

// The `ok | {error, Reason}` shape: constructed from errc::ok on success.
template <>
class result<void> {
public:
  result() noexcept = default;

  result(errc e) noexcept : error_(e) {
    // nop
  }

  bool has_value() const noexcept {
    return error_ == errc::ok;
  }

  explicit operator bool() const noexcept {
    return has_value();
  }

  errc error() const noexcept {
    return error_;
  }

private:
  errc error_ = errc::ok;
};

} // namespace otpnet::net
