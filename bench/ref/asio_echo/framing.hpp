// Echo framing: how much of a byte run is complete packets. Echoing a
// packet with the framing it came in reproduces its bytes, so the server
// writes that prefix back as it is and keeps the incomplete tail.
//
// Thread safety: pure functions.

#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace asio_echo {

enum class packet { raw, p1, p2, p4, line };

/// The length of the longest prefix of data[0, n) made of whole packets, or
/// -1 if a packet is longer than `max` (0 = no limit): a header announcing
/// more, or a line (delimiter included) longer.
inline std::ptrdiff_t complete_prefix(packet p, const char* data,
                                      std::size_t n, uint64_t max) noexcept {
  if (p == packet::raw)
    return static_cast<std::ptrdiff_t>(n);
  std::size_t pos = 0;
  if (p == packet::line) {
    for (;;) {
      const void* nl = std::memchr(data + pos, '\n', n - pos);
      std::size_t end = nl == nullptr
                          ? n
                          : static_cast<std::size_t>(
                              static_cast<const char*>(nl) - data) + 1;
      if (max != 0 && end - pos > max)
        return -1;
      if (nl == nullptr)
        return static_cast<std::ptrdiff_t>(pos);
      pos = end;
    }
  }
  std::size_t hdr = p == packet::p1 ? 1 : p == packet::p2 ? 2 : 4;
  while (n - pos >= hdr) {
    uint64_t len = 0;
    for (std::size_t i = 0; i < hdr; ++i)
      len = (len << 8) | static_cast<unsigned char>(data[pos + i]);
    if (max != 0 && len > max)
      return -1;
    if (n - pos - hdr < len)
      break;
    pos += hdr + static_cast<std::size_t>(len);
  }
  return static_cast<std::ptrdiff_t>(pos);
}

} // namespace asio_echo
