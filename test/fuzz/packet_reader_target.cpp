// Fuzz target: the receive-side framing.
//
// The oracle is packet_length applied to the whole stream at once (erts'
// contract: packet_length_test holds the spec's examples, and
// decode_packet/run.sh compares it with OTP's own framing).
// packet_reader sees the same bytes cut into reads at fuzzed points and
// drained after every read, as the socket actor does, with an optional
// change of framing after some packet (setopts); it must deliver exactly
// the oracle's packets and fail exactly where the oracle does. For raw,
// where a packet is whatever is buffered, the delivered bytes must
// concatenate to the stream, also when taken with take_exact (recv(S, N)).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz/fuzz_input.hpp"
#include "fuzz/fuzz_targets.hpp"
#include "fuzz/reads.hpp"

#include "otpnet/net/packet_length.hpp"
#include "otpnet/net/packet_reader.hpp"
#include "otpnet/net/packet_writer.hpp"

namespace otpnet::fuzz {

namespace {

using net::packet_limits;
using net::packet_reader;
using net::packet_type;

framing take_framing(input& in) {
  framing f;
  // Every type; the http ones framed line by line as next() frames them
  // (next_http and its state: http_reader_target).
  constexpr unsigned types = static_cast<unsigned>(packet_type::httph_bin) + 1;
  f.type = static_cast<packet_type>(in.u8() % types);
  f.limits.packet_size = packet_size_of(in.u8());
  f.limits.line_delimiter = in.u8();
  f.limits.buffer = buffer_of(in.u8());
  return f;
}

/// The stream framed at once: the packets' bodies, and whether the stream
/// turns malformed after them. The framing changes to `second` after
/// `switch_after` packets.
struct framed {
  std::vector<std::string> bodies;
  bool error = false;
  std::size_t consumed = 0;
};

framed oracle(std::string_view stream, const framing& first,
              const framing& second, std::size_t switch_after) {
  framed out;
  for (;;) {
    const auto& f = out.bodies.size() < switch_after ? first : second;
    auto rest = stream.substr(out.consumed);
    if (rest.empty())
      return out;
    auto n = net::packet_length(f.type, rest, f.limits);
    if (n < 0) {
      out.error = true;
      return out;
    }
    if (n == 0)
      return out;
    check(static_cast<std::size_t>(n) <= rest.size(),
          "packet_length within the input");
    auto whole = rest.substr(0, static_cast<std::size_t>(n));
    auto body = net::packet_body(f.type, whole);
    check(body.offset + body.length <= whole.size(),
          "packet_body within the packet");
    out.bodies.emplace_back(whole.substr(body.offset, body.length));
    out.consumed += whole.size();
    // The send side: {packet, 1 | 2 | 4} headers are what encode_header
    // writes for that body.
    char hdr[4];
    auto h = net::encode_header(f.type, body.length, hdr);
    check(h == static_cast<int>(body.offset)
            && (h <= 0 || whole.substr(0, h) == std::string_view{hdr, std::size_t(h)}),
          "encode_header reproduces the received header");
  }
}

/// The reader sees the reads one by one and is drained after each. The
/// framing changes once `switch_after` packets are out: at once (`waits`
/// 0), or when the reader has waited for bytes `waits` times since, as
/// when setopts reaches a socket that holds part of the next packet
/// (gathered from several reads); the oracle then switches after as many
/// packets as had been delivered.
void framed_reads(std::string_view stream,
                  const std::vector<std::string_view>& reads,
                  const framing& first, const framing& second,
                  std::size_t switch_after, unsigned waits) {
  packet_reader reader{first.type, first.limits};
  std::size_t switched_at = SIZE_MAX;
  unsigned waits_seen = 0;
  auto maybe_switch = [&](std::size_t delivered, bool waiting) {
    if (switched_at != SIZE_MAX || delivered < switch_after)
      return false;
    if (waits > 0 && (!waiting || ++waits_seen < waits))
      return false;
    reader.reset(second.type, second.limits);
    switched_at = delivered;
    return true;
  };
  std::vector<std::string> got;
  bool error = false;
  maybe_switch(0, true);
  for (auto r : reads) {
    reader.append(r);
    for (;;) {
      binary pkt;
      auto st = reader.next(pkt);
      if (st == packet_reader::next_status::error) {
        error = true;
        break;
      }
      // Like the socket after setopts, the reader is drained again under
      // the new framing: the bytes it holds may complete a packet now.
      if (st == packet_reader::next_status::need_more) {
        if (maybe_switch(got.size(), true))
          continue;
        break;
      }
      got.emplace_back(pkt.view());
      maybe_switch(got.size(), false);
    }
    if (error)
      break;
  }
  auto expected = oracle(stream, first, second, switched_at);
  check(got == expected.bodies, "the same packets as the whole stream");
  check(error == expected.error, "an error exactly where the stream's is");
  check(reader.failed() == expected.error, "failed() tells the error");
  if (!error)
    check(reader.buffered() == stream.size() - expected.consumed,
          "what is not delivered stays buffered");
}

void raw_reads(std::string_view stream,
               const std::vector<std::string_view>& reads, input& in) {
  packet_reader reader{packet_type::raw, {}};
  std::string got;
  for (auto r : reads) {
    reader.append(r);
    // Sometimes recv(S, N), sometimes recv(S, 0) or a delivery.
    auto how = in.u8();
    if (how % 3 == 0) {
      binary out;
      std::size_t n = in.u8();
      auto before = reader.buffered();
      bool ok = reader.take_exact(n, out);
      check(ok == (n <= before), "take_exact succeeds iff enough is buffered");
      if (ok)
        check(out.size() == n && reader.buffered() == before - n,
              "take_exact takes exactly n bytes");
      got += out.view();
    } else if (how % 3 == 1) {
      got += reader.take_all().view();
      check(reader.buffered() == 0, "take_all empties the buffer");
    } else {
      binary pkt;
      while (reader.next(pkt) == packet_reader::next_status::packet) {
        check(!pkt.empty(), "no empty raw packet");
        got += pkt.view();
      }
    }
  }
  got += reader.take_all().view();
  check(got == stream, "raw bytes arrive whole and in order");
}

} // namespace

void packet_reader_target(const uint8_t* data, std::size_t size) {
  input in{data, size};
  auto first = take_framing(in);
  auto second = take_framing(in);
  // After how many packets the framing changes, and whether at once or
  // after the reader waited for bytes 1-3 times.
  auto switch_sel = in.u8();
  std::size_t switch_after = switch_sel % 16;
  unsigned waits = (switch_sel >> 4) % 4;
  if (switch_sel & 128) // half the inputs keep one framing
    second = first;
  else if (switch_sel & 64) // new limits only: another delimiter, size
    second.type = first.type;
  // Raw packets depend on how the bytes were read, so raw is checked on
  // its own (raw_reads), never mixed with another framing.
  if (first.type == packet_type::raw || second.type == packet_type::raw)
    second = first;
  // Where the reads end (and, for raw, how they are taken): from bytes of
  // their own, so that these choices do not shift the stream.
  auto splits = in.bytes(1 + 2 * 8);
  input cuts{reinterpret_cast<const uint8_t*>(splits.data()), splits.size()};
  auto stream = in.rest();
  auto reads = cut(stream, cuts);
  if (first.type == packet_type::raw && second.type == packet_type::raw)
    raw_reads(stream, reads, cuts);
  else
    framed_reads(stream, reads, first, second, switch_after, waits);
}

} // namespace otpnet::fuzz
