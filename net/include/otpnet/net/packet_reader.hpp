// The receive buffer of a TCP socket: bytes go in as they are read, whole
// packets come out, framed by packet_length (the erts contract).
//
// Zero-copy where possible: chunks are kept as the binaries they arrived
// in, and a packet lying inside one chunk is returned as a slice of it. Only
// a packet that spans chunks is copied, into a buffer that grows with the
// bytes actually received; an announced length is never reserved up front,
// so a 4 GB header followed by 3 bytes costs 3 bytes.
//
// Thread safety: none; one owner (the socket actor) uses it.

#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "otpnet/net/binary.hpp"
#include "otpnet/net/fifo.hpp"
#include "otpnet/net/http_packet.hpp"
#include "otpnet/net/packet_limits.hpp"
#include "otpnet/net/packet_type.hpp"

namespace otpnet::net {

class packet_reader {
public:
  enum class next_status {
    packet,    // `out` holds the next packet
    need_more, // no whole packet buffered yet
    error,     // malformed or too large (the actor reports emsgsize)
  };

  explicit packet_reader(packet_type type = packet_type::raw,
                         packet_limits limits = {});

  /// setopts changed the framing: later packets use the new type and
  /// limits; bytes already buffered are kept and framed anew.
  void reset(packet_type type, packet_limits limits);

  /// Keeps `chunk`'s buffer; packets inside it are delivered as slices.
  void append(binary chunk);

  /// Takes ownership of `chunk` (moved into a binary, no copy).
  void append(std::string chunk);

  /// Copies `chunk` (use the binary overload to avoid the copy).
  void append(std::string_view chunk);

  /// Copies a NUL-terminated string; exists so literals are unambiguous.
  void append(const char* chunk);

  /// Takes the next whole packet: `out` is its body (the 1/2/4-byte header
  /// stripped, fcgi padding dropped; see packet_body). After an error the
  /// reader stays in error: later calls return error and later appends are
  /// dropped, until clear(). reset() does not clear it, because the
  /// offending bytes are still buffered.
  next_status next(binary& out);

  /// {packet, http*}: the next line, decoded (decode_http.hpp). The reader
  /// keeps erts' parse state: a request or status line first, then header
  /// lines until http_eoh (always header lines for httph*). The state
  /// survives reset(), as a socket's survives setopts in OTP, so a body
  /// read in raw mode between the headers and the next request leaves it
  /// where http_eoh put it.
  next_status next_http(http_packet& out);

  /// Whether an http reader expects header lines (see next_http).
  bool http_in_headers() const noexcept {
    return http_in_headers_;
  }

  /// How many stream bytes the last packet taken spanned: for next() and
  /// next_http() the whole packet (a stripped header and fcgi padding
  /// included), for take_all() and take_exact() what they returned. What
  /// inet:getstat counts as received.
  std::size_t last_length() const noexcept {
    return last_length_;
  }

  /// {read_ahead, false}: how many more bytes the next packet needs at
  /// least, reading no byte past it: the rest of a fixed header, then the
  /// rest of the packet once its length is known; 1 while the length is
  /// found by scanning (line, http, asn1's header) or the reader is in
  /// error. 0 if a whole packet is already buffered. Meaningless for raw,
  /// whose packets are what recv asks for (the socket knows that).
  std::size_t wanted() const;

  /// Bytes buffered and not yet taken.
  std::size_t buffered() const noexcept {
    return buffered_;
  }

  /// Raw recv(S, 0): everything buffered, as one binary (no copy if it is
  /// one chunk); empty if nothing is buffered.
  binary take_all();

  /// Raw recv(S, N): exactly `n` bytes if that many are buffered (true),
  /// else false and nothing changes. n == 0 yields an empty binary.
  bool take_exact(std::size_t n, binary& out);

  /// Drops every buffered byte and the error state.
  void clear();

  /// The whole packet that starts `offset` bytes into the buffered stream,
  /// without taking it: true with its body in `out` and the stream bytes
  /// it spans in `length` (what take_exact(length) later takes), false if
  /// there is none to see cheaply. Only for packet types whose length its
  /// header tells (1, 2, 4, asn1, sunrm, cdr, fcgi, tpkt), a packet within
  /// one received chunk, and nothing gathered in front of it; a header
  /// next() would refuse is not seen either (next() reports it).
  bool peek(std::size_t offset, binary& out, std::size_t& length) const;

  bool failed() const noexcept {
    return failed_;
  }

  packet_type type() const noexcept {
    return type_;
  }

  const packet_limits& limits() const noexcept {
    return limits_;
  }

private:
  next_status fail();
  packet_type frame_type() const noexcept;
  std::ptrdiff_t acc_length() const;
  std::size_t probe_step(const binary& front) const;
  void pull(std::size_t n);
  binary split_acc(std::size_t n);
  void pop_front_bytes(std::size_t n);

  packet_type type_;
  packet_limits limits_;
  // The stream is acc_ followed by chunks_. acc_ is only used while the
  // front packet spans chunks; it holds exactly the bytes pulled so far.
  std::string acc_;
  fifo<binary> chunks_;
  std::size_t buffered_ = 0;
  // Line mode: the first scanned_ bytes of acc_ hold no delimiter, so a
  // line arriving byte by byte is not searched from the start every time.
  std::size_t scanned_ = 0;
  bool failed_ = false;
  bool http_in_headers_ = false;
  std::size_t last_length_ = 0;
};

} // namespace otpnet::net
