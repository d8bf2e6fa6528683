#pragma once

// Small builders shared by the framing tables.

#include <cstdint>
#include <initializer_list>
#include <string>

#include <otpnet/net/packet_limits.hpp>

namespace otpnet::net::test {

// Bytes from integers, so "\x03" "abc" pitfalls of hex escapes are avoided.
inline std::string bytes(std::initializer_list<int> xs) {
  std::string out;
  for (int x : xs)
    out.push_back(static_cast<char>(x));
  return out;
}

inline packet_limits max_size(uint32_t n) {
  packet_limits lim;
  lim.packet_size = n;
  return lim;
}

inline packet_limits buffer_of(uint32_t n) {
  packet_limits lim;
  lim.buffer = n;
  return lim;
}

inline packet_limits limits(uint32_t packet_size, uint32_t buffer) {
  packet_limits lim;
  lim.packet_size = packet_size;
  lim.buffer = buffer;
  return lim;
}

inline packet_limits delimiter(char c) {
  packet_limits lim;
  lim.line_delimiter = static_cast<uint8_t>(c);
  return lim;
}

} // namespace otpnet::net::test
