// {packet, http*}: cutting an HTTP stream into lines and decoding each into
// an HttpPacket, as erts does for a socket (packet_parser.c:
// packet_get_length and packet_parse_http; checked against OTP 25's
// erlang:decode_packet/3 by test/fuzz/decode_packet/run.sh).
//
// A socket keeps one bit of state, `in_headers`: false while it expects a
// request or status line, true after one until the empty line (http_eoh).
// {packet, httph*} is the same with the state forced to true. Changing the
// packet option does not reset it (as in OTP 25, checked over loopback).
//
// Pure functions, no allocation beyond the packet's strings. Thread
// safety: may be called concurrently.

#pragma once

#include <cstddef>
#include <string_view>

#include "otpnet/net/http_packet.hpp"
#include "otpnet/net/packet_limits.hpp"

namespace otpnet::net {

/// The length of the next line, or 0 (need more) or -1 (too long).
/// A line ends at '\n'. In the headers a line followed by one starting
/// with a space or tab continues there (a folded header), so a header line
/// that ends exactly at the end of `in` needs one more byte before it is
/// known to be whole. The limit is lim.packet_size, or lim.buffer when
/// packet_size is 0 (erts' http framing has no truncation: a longer line is
/// an error, emsgsize on a socket); 0 for both is no limit. Deliberate
/// difference: erts skips the limit for a CRLF that is all it holds, so
/// under a limit of 1 an empty line passed or failed depending on how the
/// bytes arrived; here it always fails (found by the http_reader fuzz
/// target).
std::ptrdiff_t http_packet_length(std::string_view in, bool in_headers,
                                  const packet_limits& lim);

/// Decodes one whole line as framed by http_packet_length (terminator
/// included) and updates `in_headers`: a request or status line starts the
/// headers, http_eoh ends them. A line that does not parse is http_error
/// and leaves the state as it was. Deliberate difference from erts: a
/// version or status number that does not fit in an int is http_error
/// (erts wraps it around silently), and such a port is undefined.
http_packet decode_http(std::string_view line, bool& in_headers);

} // namespace otpnet::net
