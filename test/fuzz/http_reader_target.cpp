// Fuzz target: {packet, http*} in the packet reader.
//
// The oracle decodes the whole stream at once, line by line, carrying
// erts' request/headers state itself (http_packet_length, then
// decode_http; decode_http/run.sh compares those two with OTP's own
// decoder). packet_reader::next_http sees the same bytes cut into reads at
// fuzzed points, drained after every read as the socket actor does, with
// an optional change among the four http types after some packet (setopts,
// which must not reset the state); it must deliver exactly the oracle's
// packets and fail exactly where the oracle does.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz/fuzz_input.hpp"
#include "fuzz/fuzz_targets.hpp"
#include "fuzz/reads.hpp"

#include "otpnet/net/decode_http.hpp"
#include "otpnet/net/packet_reader.hpp"

namespace otpnet::fuzz {

namespace {

using net::packet_limits;
using net::packet_reader;
using net::packet_type;

framing take_framing(input& in) {
  constexpr packet_type types[] = {packet_type::http, packet_type::httph,
                                   packet_type::http_bin,
                                   packet_type::httph_bin};
  framing f;
  f.type = types[in.u8() % 4];
  f.limits.packet_size = packet_size_of(in.u8());
  f.limits.buffer = buffer_of(in.u8());
  return f;
}

bool headers_only(packet_type t) {
  return t == packet_type::httph || t == packet_type::httph_bin;
}

struct decoded {
  std::vector<std::string> packets;
  bool error = false;
  std::size_t consumed = 0;
  bool in_headers = false;
};

decoded oracle(std::string_view stream, const framing& first,
               const framing& second, std::size_t switch_after) {
  decoded out;
  for (;;) {
    const auto& f = out.packets.size() < switch_after ? first : second;
    if (headers_only(f.type))
      out.in_headers = true;
    auto rest = stream.substr(out.consumed);
    auto n = net::http_packet_length(rest, out.in_headers, f.limits);
    if (n < 0) {
      out.error = true;
      return out;
    }
    if (n == 0)
      return out;
    check(static_cast<std::size_t>(n) <= rest.size(),
          "http_packet_length within the input");
    auto line = rest.substr(0, static_cast<std::size_t>(n));
    check(line.back() == '\n', "a line ends with LF");
    bool before = out.in_headers;
    auto pkt = net::decode_http(line, out.in_headers);
    if (auto* err = std::get_if<net::http_error>(&pkt)) {
      check(err->line == line, "http_error carries the whole line");
      check(out.in_headers == before, "http_error keeps the state");
    }
    out.packets.push_back(to_string(pkt));
    out.consumed += line.size();
  }
}

} // namespace

void http_reader_target(const uint8_t* data, std::size_t size) {
  input in{data, size};
  auto first = take_framing(in);
  auto second = take_framing(in);
  std::size_t switch_after = in.u8() % 8;
  auto splits = in.bytes(1 + 8);
  input cuts{reinterpret_cast<const uint8_t*>(splits.data()), splits.size()};
  auto stream = in.rest();
  packet_reader reader{first.type, first.limits};
  bool switched = false;
  auto maybe_switch = [&](std::size_t delivered) {
    if (switched || delivered < switch_after)
      return false;
    reader.reset(second.type, second.limits);
    switched = true;
    return true;
  };
  maybe_switch(0);
  std::vector<std::string> got;
  bool error = false;
  for (auto r : cut(stream, cuts)) {
    reader.append(r);
    for (;;) {
      net::http_packet pkt;
      auto st = reader.next_http(pkt);
      if (st == packet_reader::next_status::error) {
        error = true;
        break;
      }
      if (st == packet_reader::next_status::need_more)
        break;
      got.push_back(to_string(pkt));
      if (maybe_switch(got.size()))
        continue;
    }
    if (error)
      break;
  }
  // A switch the reader never reached: the oracle does not switch either.
  auto expected = oracle(stream, first, second,
                         switched ? switch_after : SIZE_MAX);
  check(got == expected.packets, "the same packets as the whole stream");
  check(error == expected.error, "an error exactly where the stream's is");
  if (!error) {
    check(reader.buffered() == stream.size() - expected.consumed,
          "what is not delivered stays buffered");
    check(reader.http_in_headers() == expected.in_headers,
          "the reader's state is the stream's");
  }
}

} // namespace otpnet::fuzz
