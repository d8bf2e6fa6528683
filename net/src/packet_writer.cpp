#include "otpnet/net/packet_writer.hpp"

#include <cstdint>

namespace otpnet::net {

int encode_header(packet_type t, std::size_t body_len, char (&out)[4]) {
  uint64_t max_len = 0;
  switch (t) {
    case packet_type::p1:
      max_len = 0xff;
      break;
    case packet_type::p2:
      max_len = 0xffff;
      break;
    case packet_type::p4:
      max_len = 0x7fffffff;
      break;
    default:
      return 0;
  }
  if (static_cast<uint64_t>(body_len) > max_len)
    return -1;
  auto n = static_cast<int>(header_size(t));
  for (int i = 0; i < n; ++i) // big-endian: most significant byte first
    out[i] = static_cast<char>((body_len >> (8 * (n - 1 - i))) & 0xff);
  return n;
}

} // namespace otpnet::net
