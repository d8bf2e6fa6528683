// What the fuzz targets share: a reader over the fuzzer's bytes and the
// property check.
//
// A property that does not hold throws property_violation: the corpus
// replay (test/net/fuzz_corpus_test.cpp, run by ctest) reports it with
// the input's file name; the libFuzzer entry (entry.cpp) turns it into an
// abort, which libFuzzer saves as a crashing input.

#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string_view>

namespace otpnet::fuzz {

struct property_violation : std::logic_error {
  using std::logic_error::logic_error;
};

inline void check(bool ok, const char* property) {
  if (!ok)
    throw property_violation(property);
}

/// Takes the input front to back. Past its end every number is 0 and every
/// byte string empty, so a target never has to check the length.
class input {
public:
  input(const uint8_t* data, std::size_t size) noexcept
    : data_(data), size_(size) {
    // nop
  }

  uint8_t u8() noexcept {
    return pos_ < size_ ? data_[pos_++] : 0;
  }

  uint16_t u16() noexcept {
    auto hi = u8();
    return static_cast<uint16_t>(hi << 8 | u8());
  }

  /// At most `n` bytes.
  std::string_view bytes(std::size_t n) noexcept {
    n = std::min(n, size_ - pos_);
    std::string_view out{reinterpret_cast<const char*>(data_) + pos_, n};
    pos_ += n;
    return out;
  }

  std::string_view rest() noexcept {
    return bytes(size_ - pos_);
  }

private:
  const uint8_t* data_;
  std::size_t size_;
  std::size_t pos_ = 0;
};

} // namespace otpnet::fuzz
