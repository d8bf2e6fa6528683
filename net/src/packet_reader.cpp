#include "otpnet/net/packet_reader.hpp"

#include <algorithm>
#include <cstring>
#include <utility>

#include "otpnet/net/decode_http.hpp"
#include "otpnet/net/packet_length.hpp"

namespace otpnet::net {

namespace {

// Header bytes a type needs before it knows the packet length; 0 when the
// header has no fixed size.
std::size_t fixed_header(packet_type t) {
  switch (t) {
    case packet_type::p1:
      return 1;
    case packet_type::p2:
      return 2;
    case packet_type::p4:
    case packet_type::sunrm:
    case packet_type::tpkt:
      return 4;
    case packet_type::fcgi:
      return 8;
    case packet_type::cdr:
      return 12;
    default:
      return 0;
  }
}

binary body_of(packet_type t, const binary& pkt) {
  auto range = packet_body(t, pkt.view());
  return pkt.slice(range.offset, range.length);
}

} // namespace

packet_reader::packet_reader(packet_type type, packet_limits limits)
  : type_(type), limits_(limits) {
  // nop
}

void packet_reader::reset(packet_type type, packet_limits limits) {
  type_ = type;
  limits_ = limits;
  scanned_ = 0; // the delimiter may have changed
}

void packet_reader::append(std::string chunk) {
  if (!chunk.empty() && !failed_)
    append(binary{std::move(chunk)});
}

void packet_reader::append(std::string_view chunk) {
  if (!chunk.empty() && !failed_)
    append(binary{chunk});
}

void packet_reader::append(const char* chunk) {
  append(binary{chunk});
}

void packet_reader::append(binary chunk) {
  if (chunk.empty() || failed_)
    return;
  buffered_ += chunk.size();
  chunks_.push_back(std::move(chunk));
}

packet_reader::next_status packet_reader::fail() {
  failed_ = true;
  return next_status::error;
}

packet_type packet_reader::frame_type() const noexcept {
  // http frames a start line or, within the headers, a header line: which
  // one is the httph framing.
  if (http_in_headers_ && type_ == packet_type::http)
    return packet_type::httph;
  if (http_in_headers_ && type_ == packet_type::http_bin)
    return packet_type::httph_bin;
  return type_;
}

std::ptrdiff_t packet_reader::acc_length() const {
  if (type_ == packet_type::line)
    return line_packet_length(acc_, limits_, scanned_);
  return packet_total_length(frame_type(), acc_, limits_);
}

std::size_t packet_reader::probe_step(const binary& front) const {
  // How many bytes to pull while the length is still unknown: just the
  // rest of a fixed header, just up to a delimiter, or else a doubling
  // step (asn1's header has no fixed size). Pulling no more than needed
  // keeps later packets in their chunk, where they are sliced, not copied.
  std::size_t have = acc_.size();
  if (type_ == packet_type::line) {
    auto hit = static_cast<const char*>(
      std::memchr(front.data(), limits_.line_delimiter, front.size()));
    std::size_t step = hit != nullptr
                         ? static_cast<std::size_t>(hit - front.data()) + 1
                         : front.size();
    // A line is framed within the first `buffer` bytes; without a buffer,
    // packet_size + 1 bytes are enough to refuse one.
    std::size_t cap = limits_.buffer != 0        ? limits_.buffer
                      : limits_.packet_size != 0 ? limits_.packet_size + 1u
                                                 : 0;
    if (cap > have)
      step = std::min(step, cap - have);
    return std::max<std::size_t>(step, 1);
  }
  if (auto h = fixed_header(type_); h > have)
    return h - have;
  return std::max<std::size_t>(have, 16);
}

void packet_reader::pop_front_bytes(std::size_t n) {
  binary& front = chunks_.front();
  if (n >= front.size())
    chunks_.pop_front();
  else
    front = front.slice(n, front.size() - n);
}

void packet_reader::pull(std::size_t n) {
  const binary& front = chunks_.front();
  n = std::min(n, front.size());
  acc_.append(front.data(), n);
  pop_front_bytes(n);
}

binary packet_reader::split_acc(std::size_t n) {
  // acc_ becomes a shared buffer: the first n bytes are returned, any rest
  // goes back in front of the chunks as a slice (no copy either way).
  binary whole{std::move(acc_)};
  acc_.clear();
  scanned_ = 0;
  if (whole.size() > n)
    chunks_.push_front(whole.slice(n, whole.size() - n));
  buffered_ -= std::min(n, whole.size());
  return whole.slice(0, n);
}

packet_reader::next_status packet_reader::next(binary& out) {
  if (failed_)
    return next_status::error;
  if (acc_.empty()) {
    if (chunks_.empty())
      return next_status::need_more;
    binary& front = chunks_.front();
    auto n = packet_total_length(frame_type(), front.view(), limits_);
    if (n < 0)
      return fail();
    if (n > 0 && static_cast<std::size_t>(n) <= front.size()) {
      auto len = static_cast<std::size_t>(n);
      binary pkt = front.slice(0, len); // the zero-copy path
      pop_front_bytes(len);
      buffered_ -= len;
      last_length_ = len;
      out = body_of(type_, pkt);
      return next_status::packet;
    }
    if (chunks_.size() == 1)
      return next_status::need_more;
    // The packet spans chunks: gather it in acc_.
    pull(front.size());
    scanned_ = type_ == packet_type::line ? acc_.size() : 0;
  }
  for (;;) {
    auto n = acc_length();
    if (n < 0)
      return fail();
    if (n > 0 && static_cast<std::size_t>(n) <= acc_.size()) {
      last_length_ = static_cast<std::size_t>(n);
      out = body_of(type_, split_acc(last_length_));
      return next_status::packet;
    }
    if (type_ == packet_type::line)
      scanned_ = acc_.size(); // n == 0: no delimiter so far
    if (chunks_.empty())
      return next_status::need_more;
    // Once the total is known, pull exactly the missing bytes: acc_ grows
    // with what was received, never with what the header announced.
    pull(n > 0 ? static_cast<std::size_t>(n) - acc_.size()
               : probe_step(chunks_.front()));
  }
}

std::size_t packet_reader::wanted() const {
  if (failed_)
    return 1;
  if (type_ == packet_type::line || is_http(type_)) // found by scanning
    return 1;
  // Every header that tells a length fits in the first 16 bytes (cdr's 12
  // is the longest fixed one); they may lie in acc_ and several chunks.
  char prefix[16];
  std::size_t have = std::min(acc_.size(), sizeof(prefix));
  std::memcpy(prefix, acc_.data(), have);
  chunks_.for_each([&](const binary& chunk) {
    auto n = std::min(chunk.size(), sizeof(prefix) - have);
    std::memcpy(prefix + have, chunk.data(), n);
    have += n;
  });
  std::string_view head{prefix, have};
  auto n = packet_total_length(frame_type(), head, limits_);
  if (n > 0)
    return static_cast<std::size_t>(n) > buffered_
             ? static_cast<std::size_t>(n) - buffered_
             : 0;
  if (n < 0)
    return 1; // next() reports the error; a byte more changes nothing
  auto h = fixed_header(type_);
  return h > buffered_ ? h - buffered_ : 1;
}

packet_reader::next_status packet_reader::next_http(http_packet& out) {
  // erts sets the state whenever it frames an httph packet, so a later
  // switch to http goes on with headers.
  if (type_ == packet_type::httph || type_ == packet_type::httph_bin)
    http_in_headers_ = true;
  binary line;
  auto status = next(line);
  if (status == next_status::packet)
    out = decode_http(line.view(), http_in_headers_);
  return status;
}

binary packet_reader::take_all() {
  binary out;
  if (acc_.empty() && chunks_.size() == 1) {
    out = std::move(chunks_.front());
  } else if (chunks_.empty()) {
    out = binary{std::move(acc_)};
  } else {
    std::string all;
    all.reserve(buffered_); // bytes already received, not announced
    all += acc_;
    chunks_.for_each(
      [&all](const binary& chunk) { all.append(chunk.data(), chunk.size()); });
    out = binary{std::move(all)};
  }
  acc_.clear();
  chunks_.clear();
  buffered_ = 0;
  scanned_ = 0;
  last_length_ = out.size();
  return out;
}

bool packet_reader::take_exact(std::size_t n, binary& out) {
  if (n > buffered_)
    return false;
  last_length_ = n;
  if (n == 0) {
    out = binary{};
    return true;
  }
  if (acc_.empty() && chunks_.front().size() >= n) {
    out = chunks_.front().slice(0, n);
    pop_front_bytes(n);
    buffered_ -= n;
    return true;
  }
  if (acc_.size() < n)
    acc_.reserve(n); // n <= buffered_: only received bytes
  while (acc_.size() < n)
    pull(n - acc_.size());
  out = split_acc(n);
  return true;
}

bool packet_reader::peek(std::size_t offset, binary& out,
                         std::size_t& length) const {
  auto t = frame_type();
  if (failed_ || !acc_.empty() || offset >= buffered_
      || t == packet_type::raw || t == packet_type::line || is_http(type_))
    return false;
  std::size_t i = 0;
  for (; offset >= chunks_[i].size(); ++i) // offset < buffered_: it ends
    offset -= chunks_[i].size();
  const binary& chunk = chunks_[i];
  auto rest = chunk.view().substr(offset);
  auto n = packet_total_length(t, rest, limits_);
  if (n <= 0 || static_cast<std::size_t>(n) > rest.size())
    return false;
  length = static_cast<std::size_t>(n);
  out = body_of(type_, chunk.slice(offset, length));
  return true;
}

void packet_reader::clear() {
  acc_.clear();
  chunks_.clear();
  buffered_ = 0;
  scanned_ = 0;
  failed_ = false;
}

} // namespace otpnet::net
