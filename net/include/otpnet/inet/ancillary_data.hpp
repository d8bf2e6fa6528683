#pragma once

// inet's ancillary_data(): what a UDP socket with {recvtos | recvttl |
// recvtclass, true} receives with each datagram, from the datagram's
// control messages: [{tos, TOS} | {ttl, TTL} | {tclass, TCLASS}]; and
// what gen_udp:send/4,5 sets for a single datagram, the same list checked.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <otpnet/net/result.hpp>

namespace otpnet::inet {

/// The key of one ancillary item.
enum class ancillary_kind : uint8_t { tos, ttl, tclass };

/// "tos", "ttl" or "tclass".
const char* to_string(ancillary_kind k) noexcept;

/// One {Key, Byte} of the list.
struct ancillary_item {
  ancillary_kind kind = ancillary_kind::tos;
  uint8_t value = 0;
};

inline bool operator==(const ancillary_item& x,
                       const ancillary_item& y) noexcept {
  return x.kind == y.kind && x.value == y.value;
}

inline bool operator!=(const ancillary_item& x,
                       const ancillary_item& y) noexcept {
  return !(x == y);
}

/// The list in the order the kernel gave the control messages (Linux puts
/// ttl before tos, and OTP 25 keeps that order). Each key appears at most
/// once, so three items fit in place: receiving never allocates.
class ancillary_data {
public:
  static constexpr std::size_t capacity = 3;

  ancillary_data() = default;

  /// Adds {kind, value}, or replaces the value if `kind` is there already.
  void set(ancillary_kind kind, uint8_t value) noexcept;

  /// The value of `kind`, if the list has it.
  std::optional<uint8_t> get(ancillary_kind kind) const noexcept;

  std::optional<uint8_t> tos() const noexcept {
    return get(ancillary_kind::tos);
  }

  std::optional<uint8_t> ttl() const noexcept {
    return get(ancillary_kind::ttl);
  }

  std::optional<uint8_t> tclass() const noexcept {
    return get(ancillary_kind::tclass);
  }

  std::size_t size() const noexcept {
    return size_;
  }

  bool empty() const noexcept {
    return size_ == 0;
  }

  const ancillary_item* begin() const noexcept {
    return items_.data();
  }

  const ancillary_item* end() const noexcept {
    return items_.data() + size_;
  }

  void clear() noexcept {
    size_ = 0;
  }

private:
  std::array<ancillary_item, capacity> items_{};
  uint8_t size_ = 0;
};

bool operator==(const ancillary_data& x, const ancillary_data& y) noexcept;

inline bool operator!=(const ancillary_data& x,
                       const ancillary_data& y) noexcept {
  return !(x == y);
}

/// The Erlang term: [{ttl,64},{tos,16}], or [].
std::string to_string(const ancillary_data& x);

/// One {tos | ttl | tclass, Value} of the AncData that gen_udp's send
/// takes for a single datagram. The value is any integer, as in Erlang,
/// so that a wrong one reaches send's check (einval) instead of being cut
/// to a byte.
struct ancillary_option {
  ancillary_kind kind = ancillary_kind::tos;
  int64_t value = 0;
};

/// send's AncData: a list of {Key, Value}, written as a braced list
/// (`{{ancillary_kind::tos, 16}}`, `{}` for none) or taken as is from a
/// received datagram's ancillary_data, as Erlang's send/5 takes the
/// AncData of a {udp, S, IP, Port, AncData, D}.
struct ancillary_list : std::vector<ancillary_option> {
  using std::vector<ancillary_option>::vector;

  ancillary_list() = default;

  ancillary_list(std::vector<ancillary_option> items)
    : std::vector<ancillary_option>(std::move(items)) {
    // nop
  }

  /// The received list, in its order.
  ancillary_list(const ancillary_data& received);
};

/// send's AncData made into what the datagram carries: every value is
/// checked against the range Linux accepts on the key's own family (tos
/// and tclass 0..255, ttl 1..255), einval otherwise, also for a key of the
/// socket's other family (OTP passes those to the kernel, which ignores
/// them, so an in-range one is sent and has no effect). Of two values with
/// one key the first stays, as in OTP 25 (the kernel alone would take the
/// last). The items keep the list's order.
net::result<ancillary_data>
normalize_ancillary(const std::vector<ancillary_option>& list);

} // namespace otpnet::inet
