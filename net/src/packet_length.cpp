#include "otpnet/net/packet_length.hpp"

#include "otpnet/net/decode_http.hpp"

#include <cstdint>
#include <cstring>
#include <limits>

namespace otpnet::net {

namespace {

constexpr std::ptrdiff_t need_more = 0;
constexpr std::ptrdiff_t invalid = -1;

// Totals are capped at INT32_MAX like erts' `int` result, so a hostile
// 4-byte length can never produce a total we would try to wait for.
constexpr uint64_t max_total = std::numeric_limits<int32_t>::max();

uint32_t byte_at(std::string_view in, std::size_t i) {
  return static_cast<unsigned char>(in[i]);
}

uint32_t get_be(std::string_view in, std::size_t pos, std::size_t n) {
  uint32_t x = 0;
  for (std::size_t i = 0; i < n; ++i)
    x = (x << 8) | byte_at(in, pos + i);
  return x;
}

uint32_t get_le32(std::string_view in, std::size_t pos) {
  return byte_at(in, pos) | byte_at(in, pos + 1) << 8
         | byte_at(in, pos + 2) << 16 | byte_at(in, pos + 3) << 24;
}

// erts' `remain:` label: header length + body length, checked against
// packet_size and the int cap.
std::ptrdiff_t remain(std::size_t hlen, uint64_t plen,
                      const packet_limits& lim) {
  if (lim.packet_size != 0 && plen > lim.packet_size)
    return invalid;
  if (hlen + plen > max_total)
    return invalid;
  return static_cast<std::ptrdiff_t>(hlen + plen);
}

std::ptrdiff_t fixed_length(std::string_view in, std::size_t hlen,
                            const packet_limits& lim) {
  if (in.size() < hlen)
    return need_more;
  return remain(hlen, get_be(in, 0, hlen), lim);
}

// BER: tag (one byte, or 0x1f followed by 7-bit continuation bytes), then a
// short (< 0x80) or long (0x80 | count, then count bytes) length. Mirrors
// packet_parser.c, including its quirks: at least 2 bytes before anything
// is decided, and the indefinite form (0x80) counts as an empty body.
std::ptrdiff_t asn1_length(std::string_view in, const packet_limits& lim) {
  std::size_t n = in.size();
  if (n < 2)
    return need_more;
  std::size_t pos = 0;
  if ((byte_at(in, pos++) & 0x1f) == 0x1f) { // long tag format
    while (pos < n && (byte_at(in, pos) & 0x80) != 0)
      ++pos;
    if (n - pos < 2) // the last tag byte and the length byte
      return need_more;
    ++pos;
  }
  uint32_t first = byte_at(in, pos++);
  uint64_t plen = first & 0x7f;
  if ((first & 0x80) != 0) { // long length format
    std::size_t count = plen;
    if (count > 4)
      return invalid;
    if (n - pos < count)
      return need_more;
    plen = get_be(in, pos, count);
    pos += count;
  }
  return remain(pos, plen, lim);
}

std::ptrdiff_t sunrm_length(std::string_view in, const packet_limits& lim) {
  if (in.size() < 4)
    return need_more;
  // The top bit marks the last fragment of a record; the length is below.
  return remain(4, get_be(in, 0, 4) & 0x7fffffffu, lim);
}

std::ptrdiff_t cdr_length(std::string_view in, const packet_limits& lim) {
  // "GIOP", major, minor, flags (bit 0: little endian), type, size[4].
  constexpr std::size_t hlen = 12;
  if (in.size() < hlen)
    return need_more;
  if (in.substr(0, 4) != "GIOP")
    return invalid;
  bool little = (byte_at(in, 6) & 0x01) != 0;
  uint32_t plen = little ? get_le32(in, 8) : get_be(in, 8, 4);
  return remain(hlen, plen, lim);
}

std::ptrdiff_t fcgi_length(std::string_view in, const packet_limits& lim) {
  // version, type, requestId[2], contentLength[2], paddingLength, reserved.
  constexpr std::size_t hlen = 8;
  if (in.size() < hlen)
    return need_more;
  if (byte_at(in, 0) != 1) // FCGI_VERSION_1
    return invalid;
  return remain(hlen, get_be(in, 4, 2) + byte_at(in, 6), lim);
}

std::ptrdiff_t tpkt_length(std::string_view in, const packet_limits& lim) {
  // version 3, reserved, length[2] including these 4 bytes.
  constexpr std::size_t hlen = 4;
  if (in.size() < hlen)
    return need_more;
  if (byte_at(in, 0) != 3)
    return invalid;
  uint32_t total = get_be(in, 2, 2);
  if (total < hlen) // erts underflows to a huge length here: same verdict
    return invalid;
  return remain(hlen, total - hlen, lim);
}

} // namespace

std::ptrdiff_t line_packet_length(std::string_view in,
                                  const packet_limits& lim,
                                  std::size_t scanned) {
  // OTP's socket reads an unterminated line into a buffer of `buffer`
  // bytes and frames only what it holds (inet_drv + packet_parser.c): a
  // line is looked for in the first `buffer` bytes; without a delimiter
  // there, the line is truncated to them, unless they already exceed
  // packet_size (emsgsize). packet_size does not stop the truncation.
  std::size_t window = in.size();
  if (lim.buffer != 0 && window > lim.buffer)
    window = lim.buffer;
  scanned = scanned < window ? scanned : window;
  const void* hit = std::memchr(in.data() + scanned, lim.line_delimiter,
                                window - scanned);
  uint64_t max_len = lim.packet_size;
  if (hit == nullptr) {
    if (max_len != 0 && window > max_len)
      return invalid;
    if (lim.buffer != 0 && window == lim.buffer)
      return static_cast<std::ptrdiff_t>(window); // truncated
    return need_more;
  }
  auto len = static_cast<uint64_t>(static_cast<const char*>(hit) - in.data())
             + 1; // the delimiter is part of the packet
  if (max_len != 0 && len > max_len)
    return invalid;
  return static_cast<std::ptrdiff_t>(len);
}

std::ptrdiff_t packet_total_length(packet_type t, std::string_view in,
                                   const packet_limits& lim) {
  switch (t) {
    case packet_type::raw:
      return in.empty() ? need_more : static_cast<std::ptrdiff_t>(in.size());
    case packet_type::p1:
      return fixed_length(in, 1, lim);
    case packet_type::p2:
      return fixed_length(in, 2, lim);
    case packet_type::p4:
      return fixed_length(in, 4, lim);
    case packet_type::line:
      return line_packet_length(in, lim);
    case packet_type::asn1:
      return asn1_length(in, lim);
    case packet_type::sunrm:
      return sunrm_length(in, lim);
    case packet_type::cdr:
      return cdr_length(in, lim);
    case packet_type::fcgi:
      return fcgi_length(in, lim);
    case packet_type::tpkt:
      return tpkt_length(in, lim);
    case packet_type::http:
    case packet_type::http_bin:
      return http_packet_length(in, false, lim);
    case packet_type::httph:
    case packet_type::httph_bin:
      return http_packet_length(in, true, lim);
  }
  return invalid;
}

std::ptrdiff_t packet_length(packet_type t, std::string_view in,
                             const packet_limits& lim) {
  auto n = packet_total_length(t, in, lim);
  if (n > 0 && static_cast<std::size_t>(n) > in.size())
    return need_more;
  return n;
}

packet_body_range packet_body(packet_type t, std::string_view packet) {
  std::size_t n = packet.size();
  if (t == packet_type::fcgi) {
    std::size_t padding = n > 6 ? byte_at(packet, 6) : 0;
    return {0, padding < n ? n - padding : 0};
  }
  std::size_t h = header_size(t);
  h = h < n ? h : n;
  return {h, n - h};
}

} // namespace otpnet::net
