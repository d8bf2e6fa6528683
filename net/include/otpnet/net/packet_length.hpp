// The erts framing contract (packet_parser.c, packet_get_length): how long
// is the packet that starts at in[0]?
//
// Pure: no allocation, no state. Thread safety: may be called concurrently.

#pragma once

#include <cstddef>
#include <string_view>

#include "otpnet/net/packet_limits.hpp"
#include "otpnet/net/packet_type.hpp"

namespace otpnet::net {

/// >0: a whole packet of that many bytes (header included) is in `in`,
///     starting at in[0];
///  0: need more bytes;
/// -1: malformed, or the body is longer than lim.packet_size.
///
/// Per type: raw is any non-empty input. p1/p2/p4 and sunrm carry a
/// big-endian length; asn1 a BER tag and length; cdr a 12-byte GIOP header;
/// fcgi an 8-byte header (content + padding length); tpkt a 4-byte header
/// whose length includes itself. A length whose total does not fit in a
/// 32-bit int is -1 (erts' INT_MAX - header cap; this is the spec's "2 Gb"
/// limit of the 4-byte header). Line: see line_packet_length.
/// http/http_bin frame a request or status line, httph/httph_bin a header
/// line (see http_packet_length in decode_http.hpp; a socket's
/// packet_reader tracks which one comes next).
///
/// Checked against OTP 25's erlang:decode_packet/3, applied as a socket
/// applies it, on random cases (test/fuzz/decode_packet/run.sh). One
/// deliberate difference: an asn1 length in the long form of more than 4
/// bytes (0x85..0xff) is -1 at once; erts first waits for that many length
/// bytes, then fails just the same.
std::ptrdiff_t packet_length(packet_type t, std::string_view in,
                             const packet_limits& lim);

/// Like packet_length, but >0 as soon as the header tells the total length,
/// even if fewer bytes are in `in` (erts' packet_get_length). Lets a reader
/// know how many bytes to wait for without trusting the length for an
/// allocation.
std::ptrdiff_t packet_total_length(packet_type t, std::string_view in,
                                   const packet_limits& lim);

/// packet_type::line: the line up to and including lim.line_delimiter, as
/// OTP's socket frames it (checked against OTP 25 over loopback): the
/// delimiter is looked for in the first lim.buffer bytes (all of `in` if
/// buffer is 0); without one there, those bytes are the packet (a line
/// longer than the receive buffer is truncated, whatever packet_size
/// says). A line, or an unterminated first lim.buffer bytes, longer than a
/// non-zero packet_size is -1. `scanned` is a hint: the first `scanned`
/// bytes of `in` are known to hold no delimiter, so the search starts
/// there.
std::ptrdiff_t line_packet_length(std::string_view in,
                                  const packet_limits& lim,
                                  std::size_t scanned = 0);

/// Where the delivered part of a whole packet lies (erts packet_get_body).
struct packet_body_range {
  std::size_t offset;
  std::size_t length;
};

/// p1/p2/p4 drop their length header (header_size); fcgi drops its trailing
/// padding but keeps its header; every other type is delivered whole.
/// `packet` must be one whole packet as measured by packet_length; shorter
/// input is clamped, never read out of bounds.
packet_body_range packet_body(packet_type t, std::string_view packet);

} // namespace otpnet::net
