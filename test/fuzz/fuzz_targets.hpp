// The fuzz targets: each takes one input and checks its properties (see
// fuzz_input.hpp). One function per target, so that the corpus replay can
// hold them all in one test binary; entry.cpp makes a libFuzzer binary of
// one of them.

#pragma once

#include <cstddef>
#include <cstdint>

namespace otpnet::fuzz {

/// net::packet_reader against packet_length over the whole stream: the
/// same packets, however the bytes are cut into reads, across a change of
/// framing (setopts), and the send side's header reproduced.
void packet_reader_target(const uint8_t* data, std::size_t size);

/// net::packet_reader::next_http against http_packet_length + decode_http
/// over the whole stream: the same HttpPackets however the bytes are cut
/// into reads, and the request/headers state kept across a change of http
/// type.
void http_reader_target(const uint8_t* data, std::size_t size);

/// inet:parse_*address and ntoa: every parser is total, the strict ones
/// accept a subset of the relaxed ones, and ntoa's text parses back to
/// the same address.
void parse_address_target(const uint8_t* data, std::size_t size);

/// Option lists for listen, connect and setopts: einval or a consistent
/// record, connect like listen but for backlog, setopts idempotent and
/// limited to its allow-list.
void options_target(const uint8_t* data, std::size_t size);

/// inet:i/0..2's arguments as text (the inspection endpoint's requests):
/// einval or arguments with a protocol and a column that, written back,
/// parse to the same.
void i_args_target(const uint8_t* data, std::size_t size);

/// The samples' and loadgen's command lines: refused with one printable
/// line, or a configuration within bounds that round-trips through flags.
void cli_target(const uint8_t* data, std::size_t size);

} // namespace otpnet::fuzz
