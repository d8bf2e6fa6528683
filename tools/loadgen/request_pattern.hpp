// The bytes of every request loadgen sends, and the check of every byte that
// comes back. Request `seq` on connection `salt` is its framing header (none,
// or a 2/4-byte big-endian length) followed by `size` bytes taken from a fixed
// pseudo-random string at an offset that depends on salt and seq. An echo
// server returns the same wire bytes, so the check is a comparison against
// the stream that was sent: a lost, duplicated, reordered or corrupted byte,
// or a byte from another connection, fails it. Nothing is allocated per
// request: the payload of a request is a slice of the one shared string.
//
// Thread safety: immutable after construction; shared by all event loops.

#pragma once

#include <sys/uio.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

namespace loadgen {

class request_pattern {
public:
  request_pattern(std::size_t size, int header_bytes)
    : size_(size), header_bytes_(header_bytes), bytes_(size + stride) {
    uint64_t x = 0x9e3779b97f4a7c15u; // xorshift64
    for (auto& b : bytes_) {
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      b = static_cast<char>(x >> 56);
    }
    // A 2- or 4-byte big-endian length: the last header_bytes of 4.
    for (int i = 0; i < 4; ++i)
      header_[i] = static_cast<char>((size >> (8 * (3 - i))) & 0xff);
    header_at_ = 4 - header_bytes;
  }

  std::size_t wire_size() const noexcept {
    return static_cast<std::size_t>(header_bytes_) + size_;
  }

  /// Up to two iovecs covering request `seq` from wire byte `off` on;
  /// returns how many it filled.
  int fill_iov(uint64_t salt, uint64_t seq, std::size_t off,
               iovec* iov) const noexcept {
    int n = 0;
    auto hdr = static_cast<std::size_t>(header_bytes_);
    if (off < hdr) {
      iov[n++] = {const_cast<char*>(header_ + header_at_ + off), hdr - off};
      off = hdr;
    }
    const char* p = payload(salt, seq) + (off - hdr);
    iov[n++] = {const_cast<char*>(p), size_ - (off - hdr)};
    return n;
  }

  /// Whether `n` received bytes equal request `seq`'s wire bytes from `off`
  /// on (the caller guarantees off + n <= wire_size()).
  bool matches(uint64_t salt, uint64_t seq, std::size_t off, const char* data,
               std::size_t n) const noexcept {
    auto hdr = static_cast<std::size_t>(header_bytes_);
    if (off < hdr) {
      std::size_t k = hdr - off < n ? hdr - off : n;
      if (std::memcmp(header_ + header_at_ + off, data, k) != 0)
        return false;
      off += k;
      data += k;
      n -= k;
    }
    return n == 0
           || std::memcmp(payload(salt, seq) + (off - hdr), data, n) == 0;
  }

private:
  static constexpr std::size_t stride = 251; // prime: neighbours differ

  const char* payload(uint64_t salt, uint64_t seq) const noexcept {
    return bytes_.data() + (salt * 31 + seq) % stride;
  }

  std::size_t size_;
  int header_bytes_;
  std::vector<char> bytes_;
  char header_[4] = {};
  int header_at_ = 4;
};

} // namespace loadgen
