#pragma once

#include <cstddef>

#include "otpnet/net/binary.hpp"

namespace otpnet::detail {

/// The buffer a thread's reads land in first (every transport's). A large
/// read keeps it as its binary (no copy; at most half of it unused) and the
/// thread's next read takes a fresh one; a small read is copied out at its
/// exact size, so that a small packet never pins 64 KiB and the buffer is
/// reused.
class spare_buffer {
public:
  static constexpr size_t size = binary::pooled_size;

  /// The calling thread's buffer.
  static spare_buffer& local() {
    thread_local spare_buffer buf;
    return buf;
  }

  /// Where the next read writes (`size` bytes).
  char* bytes() {
    if (bytes_ == nullptr)
      buf_ = binary::allocate_pooled(bytes_);
    return bytes_;
  }

  /// The `got` bytes a read wrote to bytes().
  binary take(size_t got) {
    if (got < size / 2)
      return binary::copy_of(bytes_, got);
    auto out = buf_.slice(0, got);
    buf_ = binary{}; // handed over: never written again
    bytes_ = nullptr;
    return out;
  }

private:
  binary buf_;
  char* bytes_ = nullptr;
};

} // namespace otpnet::detail
