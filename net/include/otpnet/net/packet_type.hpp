// The {packet, PacketType} option of inet:setopts/2: how a TCP byte stream
// is cut into messages.
//
// Thread safety: pure functions; may be called concurrently.

#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace otpnet::net {

enum class packet_type : uint8_t {
  raw,       // raw | 0: no framing
  p1,        // 1: 1-byte big-endian length header, stripped on receive
  p2,        // 2: 2-byte header
  p4,        // 4: 4-byte header (limited to 2 GB)
  line,      // up to and including line_delimiter
  asn1,      // ASN.1 BER tag + length
  sunrm,     // Sun RPC record mark
  cdr,       // CORBA GIOP 1.x
  fcgi,      // FastCGI record
  tpkt,      // TPKT, RFC 1006
  http,      // HTTP, decoded into HttpPackets (decode_http.hpp)
  httph,     // HTTP header lines only
  http_bin,  // like http (strings are binaries in Erlang; one type in C++)
  httph_bin, // like httph
};

/// The Erlang spelling: "raw", "1", "2", "4", "line", "asn1", "sunrm",
/// "cdr", "fcgi", "tpkt", "http", "httph", "http_bin", "httph_bin".
std::string_view to_string(packet_type t);

/// The inverse of to_string; also accepts "0" (the spec's alias of raw).
std::optional<packet_type> packet_type_from_string(std::string_view s);

/// Whether `t` is one of the types above (every packet type of the spec);
/// a value outside the enum is not, and options asking for it are einval.
constexpr bool is_supported(packet_type t) noexcept {
  return static_cast<uint8_t>(t) <= static_cast<uint8_t>(packet_type::httph_bin);
}

/// The HTTP types, whose packets are HttpPackets, not bytes.
constexpr bool is_http(packet_type t) noexcept {
  return t == packet_type::http || t == packet_type::httph
         || t == packet_type::http_bin || t == packet_type::httph_bin;
}

/// Bytes stripped from each received packet: 1, 2 or 4 for p1, p2 and p4;
/// 0 for every other type, which keeps its header (spec: "The header is
/// _not_ stripped off"). fcgi also drops its trailing padding on delivery:
/// see packet_body in packet_length.hpp.
std::size_t header_size(packet_type t);

} // namespace otpnet::net
