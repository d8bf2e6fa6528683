// An immutable byte string that many slices can share (Erlang's binary and
// sub-binary): one read from the socket becomes one buffer, and every packet
// found in it is a slice of that buffer, delivered without a copy.
//
// To adopt a buffer without copying it, move a std::string in:
// `binary{std::move(s)}` takes ownership of `s`'s storage if `s` is longer
// than 64 bytes (shorter strings are copied, which costs the same one
// allocation). The string_view, const char* and copy_of constructors copy.
//
// Cost: a non-empty binary is one heap block holding an atomic reference
// count followed by the bytes (copies) or a std::string (adopted strings),
// so copy_of makes exactly one allocation; copies and slices make none.
//
// Thread safety: the bytes never change after construction, so copies of one
// binary (sharing a buffer) may be read, copied and destroyed from different
// threads at once; one binary object itself follows the usual "distinct
// objects: safe" rule.

#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace otpnet {

namespace detail {

/// Header of the heap block behind a non-empty binary; see binary.cpp. The
/// count is visible here so that copies and destruction are inlined.
struct binary_block {
  std::atomic<std::size_t> refs{1};
  bool adopted = false; // owns a moved std::string rather than trailing bytes
  bool pooled = false;  // a binary::pooled_size buffer, recycled when freed
  uint8_t cached = 0;   // a small block from a per-thread cache (binary.cpp)
};

} // namespace detail

class binary {
public:
  /// Empty; allocates nothing.
  binary() noexcept = default;

  /// Takes ownership of `s`'s storage (moved, not copied) when it is longer
  /// than 64 bytes; copies shorter strings.
  binary(std::string s);

  /// Copies the viewed bytes.
  binary(std::string_view s);

  /// Copies a NUL-terminated string; a null pointer gives an empty binary.
  binary(const char* s);

  /// Copies `n` bytes from `data`; a null `data` gives an empty binary.
  static binary copy_of(const void* data, std::size_t n);

  /// A new buffer of `n` bytes (uninitialised) that the caller fills
  /// through `bytes` before the binary is copied or handed to anyone; for
  /// reading straight into a binary. slice() shortens it to what was
  /// filled. n == 0 gives an empty binary and a null `bytes`.
  static binary allocate(std::size_t n, char*& bytes);

  /// The size of the buffers allocate_pooled hands out.
  static constexpr std::size_t pooled_size = 64 * 1024;

  /// Like allocate(pooled_size, bytes), from a small process-wide pool of
  /// such buffers, to which the buffer returns when its last binary is
  /// gone (up to a few dozen are kept; the rest are freed). For buffers
  /// that large reads fill over and over: handing them back and forth
  /// through malloc made glibc trim and refault their pages (a page fault
  /// for most 16 KiB echoes in bench/ s3).
  static binary allocate_pooled(char*& bytes);

  /// copy_of for a few bytes (at most small_copy_max, e.g. a packet
  /// header): the bytes go into a buffer this thread shares between such
  /// copies, so that most calls allocate nothing. The result pins that
  /// buffer (256 bytes) while it lives; longer inputs fall back to copy_of.
  static binary copy_small(const void* data, std::size_t n);

  static constexpr std::size_t small_copy_max = 16;

  /// Shares the buffer (no copy of the bytes).
  binary(const binary& other) noexcept
    : buf_(other.buf_), data_(other.data_), size_(other.size_) {
    // Relaxed suffices: a new reference comes from one that already exists.
    if (buf_ != nullptr)
      buf_->refs.fetch_add(1, std::memory_order_relaxed);
  }

  /// Leaves `other` empty.
  binary(binary&& other) noexcept
    : buf_(std::exchange(other.buf_, nullptr)),
      data_(std::exchange(other.data_, empty_bytes)),
      size_(std::exchange(other.size_, 0)) {
    // nop
  }

  // By copy (or move) and swap: self-assignment needs no special case.
  binary& operator=(const binary& other) noexcept {
    if (buf_ == other.buf_) { // same buffer (as shared_ptr): count unchanged
      data_ = other.data_;
      size_ = other.size_;
      return *this;
    }
    binary tmp{other};
    swap(tmp);
    return *this;
  }

  binary& operator=(binary&& other) noexcept {
    binary tmp{std::move(other)};
    swap(tmp);
    return *this;
  }

  ~binary() {
    // acq_rel, as in shared_ptr: the owner that frees the block must see
    // every other owner's reads of it done (release on their decrement,
    // acquire on the last one).
    if (buf_ != nullptr
        && buf_->refs.fetch_sub(1, std::memory_order_acq_rel) == 1)
      destroy(buf_);
  }

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
  // Every empty binary points here, so data() is never null.
  static constexpr char empty_bytes[1] = {};

  /// Takes over the one reference the caller holds on `buf`.
  binary(detail::binary_block* buf, const char* data, std::size_t size) noexcept
    : buf_(buf), data_(data), size_(size) {
    // nop
  }

  /// Frees a block whose count has dropped to zero.
  static void destroy(detail::binary_block* buf) noexcept;

  void swap(binary& other) noexcept {
    std::swap(buf_, other.buf_);
    std::swap(data_, other.data_);
    std::swap(size_, other.size_);
  }

  detail::binary_block* buf_ = nullptr; // null when empty
  const char* data_ = empty_bytes;      // into *buf_, or empty_bytes
  std::size_t size_ = 0;
};

} // namespace otpnet
