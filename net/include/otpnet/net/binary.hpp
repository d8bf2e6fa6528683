// An immutable byte string that many slices can share (Erlang's binary and
// sub-binary): one read from the socket becomes one buffer, and every packet
// found in it is a slice of that buffer, delivered without a copy.
//
// To adopt a buffer without copying it, move a std::string in:
// `binary{std::move(s)}` takes ownership of `s`'s storage. The string_view,
// const char* and copy_of constructors copy.
//
// Thread safety: the bytes never change after construction, so copies of one
// binary (sharing a buffer) may be read from different threads at once; one
// binary object itself follows the usual "distinct objects: safe" rule.

#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>

namespace otpnet {

class binary {
public:
  /// Empty; allocates nothing.
  binary() noexcept;

  /// Takes ownership of `s` (moved, not copied).
  binary(std::string s);

  /// Copies the viewed bytes.
  binary(std::string_view s);

  /// Copies a NUL-terminated string; a null pointer gives an empty binary.
  binary(const char* s);

  /// Copies `n` bytes from `data`; a null `data` gives an empty binary.
  static binary copy_of(const void* data, std::size_t n);

  /// A view of [offset, offset + len) sharing this buffer. Out-of-range
  /// arguments are clamped, never trusted: `offset` to size(), `len` to what
  /// remains after `offset`.
  binary slice(std::size_t offset, std::size_t len) const;

  /// Never null, also when empty.
  const char* data() const noexcept {
    return data_;
  }

  std::size_t size() const noexcept {
    return size_;
  }

  bool empty() const noexcept {
    return size_ == 0;
  }

  std::string_view view() const noexcept {
    return {data_, size_};
  }

  std::string to_string() const {
    return std::string{data_, size_};
  }

  /// True if this binary and `other` are slices of one buffer (for tests
  /// and diagnostics; content equality is operator==).
  bool shares_buffer_with(const binary& other) const noexcept {
    return buf_ != nullptr && buf_ == other.buf_;
  }

  // Content comparison with binaries and with anything that converts to a
  // string_view (std::string, const char*, string literals). Templates keep
  // `b == "abc"` unambiguous despite the converting constructors above.
  friend bool operator==(const binary& x, const binary& y) noexcept {
    return x.view() == y.view();
  }

  friend bool operator!=(const binary& x, const binary& y) noexcept {
    return !(x == y);
  }

  template <class T, class = std::enable_if_t<
                       std::is_convertible_v<const T&, std::string_view>>>
  friend bool operator==(const binary& x, const T& y) {
    return x.view() == std::string_view{y};
  }

  template <class T, class = std::enable_if_t<
                       std::is_convertible_v<const T&, std::string_view>>>
  friend bool operator==(const T& x, const binary& y) {
    return std::string_view{x} == y.view();
  }

  template <class T, class = std::enable_if_t<
                       std::is_convertible_v<const T&, std::string_view>>>
  friend bool operator!=(const binary& x, const T& y) {
    return !(x == y);
  }

  template <class T, class = std::enable_if_t<
                       std::is_convertible_v<const T&, std::string_view>>>
  friend bool operator!=(const T& x, const binary& y) {
    return !(x == y);
  }

private:
  binary(std::shared_ptr<const std::string> buf, const char* data,
         std::size_t size) noexcept;

  std::shared_ptr<const std::string> buf_; // null when empty
  const char* data_;                       // into *buf_, or "" when empty
  std::size_t size_;
};

} // namespace otpnet
