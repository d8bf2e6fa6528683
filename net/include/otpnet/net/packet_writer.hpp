// The send side of {packet, 1 | 2 | 4}: the length header gen_tcp:send/2
// puts in front of each packet. The other types only frame on receive (spec:
// "it is the responsibility of the application to supply a correct header").
//
// Thread safety: pure; may be called concurrently.

#pragma once

#include <cstddef>

#include "otpnet/net/packet_type.hpp"

namespace otpnet::net {

/// Writes the big-endian length header for a body of `body_len` bytes into
/// `out` and returns its size: 1, 2 or 4 for p1, p2, p4; 0 (nothing
/// written) for every other type. Returns -1 if the length does not fit:
/// p1 > 255, p2 > 65535, p4 > 2^31 - 1 (spec: "The 4-byte header is limited
/// to 2Gb"). Never writes on -1. (OTP's inet driver silently writes the
/// length modulo the header size, corrupting the stream; otpnet refuses
/// instead, and errc::emsgsize is the natural reason to report.)
int encode_header(packet_type t, std::size_t body_len, char (&out)[4]);

/// The largest body encode_header accepts for `t` (SIZE_MAX for the types
/// that send no header).
std::size_t max_body(packet_type t) noexcept;

} // namespace otpnet::net
