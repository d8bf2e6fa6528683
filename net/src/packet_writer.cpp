#include "otpnet/net/packet_writer.hpp"

#include <cstdint>

namespace otpnet::net {

std::size_t max_body(packet_type t) noexcept {
  switch (t) {
    case packet_type::p1:
      return 0xff;
    case packet_type::p2:
      return 0xffff;
    case packet_type::p4:
      return 0x7fffffff;
    default:
      return SIZE_MAX;
  }
}

int encode_header(packet_type t, std::size_t body_len, char (&out)[4]) {
  if (header_size(t) == 0)
    return 0;
  if (body_len > max_body(t))
    return -1;
  auto n = static_cast<int>(header_size(t));
  for (int i = 0; i < n; ++i) // big-endian: most significant byte first
    out[i] = static_cast<char>((body_len >> (8 * (n - 1 - i))) & 0xff);
  return n;
}

} // namespace otpnet::net
