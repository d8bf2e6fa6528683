// What the framing targets share: a framing (packet type and limits) and
// the cutting of a stream into reads at fuzzed points.

#pragma once

#include <algorithm>
#include <cstdint>
#include <string_view>
#include <vector>

#include "fuzz/fuzz_input.hpp"

#include "otpnet/net/packet_limits.hpp"
#include "otpnet/net/packet_type.hpp"

namespace otpnet::fuzz {

struct framing {
  net::packet_type type;
  net::packet_limits limits;
};

// Small limits from one byte each, so that they actually bite: packet_size
// 0 (none) for a third of the values, else 1..85; buffer 0 (none) for a
// quarter, else the byte.
inline uint32_t packet_size_of(uint8_t sel) {
  return sel % 3 == 0 ? 0 : sel / 3;
}

inline uint32_t buffer_of(uint8_t sel) {
  return sel % 4 == 0 ? 0 : sel;
}

/// Up to 9 reads: 0-8 of fuzzed lengths, then whatever is left (possibly
/// empty), so the reads always concatenate to `stream`.
inline std::vector<std::string_view> cut(std::string_view stream, input& in) {
  std::vector<std::string_view> reads;
  unsigned pieces = in.u8() % 9u;
  for (unsigned i = 0; i < pieces && !stream.empty(); ++i) {
    auto len = std::min<std::size_t>(in.u8(), stream.size());
    reads.push_back(stream.substr(0, len));
    stream.remove_prefix(len);
  }
  reads.push_back(stream);
  return reads;
}

} // namespace otpnet::fuzz
