// The receive-side limits that go with a packet_type: the {packet_size, N},
// {line_delimiter, Char} and {buffer, Size} options of inet:setopts/2.

#pragma once

#include <cstdint>

namespace otpnet::net {

struct packet_limits {
  /// Maximum body length (packet_size); 0 = no limit. A length header above
  /// it, or a line longer than it, makes the stream invalid.
  uint32_t packet_size = 0;

  /// The byte that ends a line in packet_type::line.
  uint8_t line_delimiter = '\n';

  /// The receive buffer: a line longer than this is delivered truncated to
  /// `buffer` bytes and the rest of it becomes the next packet (spec:
  /// "lines longer than the receive buffer are truncated"; OTP does so with
  /// or without packet_size). 0 = never truncate.
  uint32_t buffer = 65536;
};

} // namespace otpnet::net
