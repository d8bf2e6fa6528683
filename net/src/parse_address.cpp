#include <otpnet/inet/parse_address.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

// A port of inet_parse.erl's ipv4_addr, ipv4s_c1 and ipv6_addr. Each parser
// walks the input once with bounds checks on every step, so no input can
// read out of range; all arithmetic is bounded before it can overflow.

namespace otpnet::inet {

namespace {

constexpr uint64_t max_u32 = 0xffffffffu;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// -1 for a character that is not a hex digit.
int hex_value(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

// list_to_integer(Digits, Base) restricted to 0..16#ffffffff. At most 12
// digits reach here, so the uint64_t accumulator cannot overflow.
std::optional<uint64_t> field_value(std::string_view digits, int base) {
  if (digits.empty())
    return std::nullopt;
  uint64_t v = 0;
  for (char c : digits) {
    int d = hex_value(c);
    if (d < 0 || d >= base)
      return std::nullopt;
    v = v * static_cast<uint64_t>(base) + static_cast<uint64_t>(d);
  }
  if (v > max_u32)
    return std::nullopt;
  return v;
}

// inet_parse:ipv4_addr/1, the relaxed form: "d", "d.d", "d.d.d" or
// "d.d.d.d", each d decimal, octal (leading 0) or hex (0x); the last field
// fills all remaining low-order bytes.
std::optional<ip4_address> ipv4_relaxed(std::string_view s) {
  std::array<uint64_t, 4> fields{};
  size_t n = 0;
  size_t pos = 0;
  for (;;) {
    if (n == fields.size())
      return std::nullopt; // characters after a fourth field
    int base = 10;
    size_t max_chars = 10; // enough for 4294967295
    bool octal_zero = false;
    if (pos + 1 < s.size() && s[pos] == '0'
        && (s[pos + 1] == 'x' || s[pos + 1] == 'X')) {
      base = 16;
      max_chars = 8;
      pos += 2;
    } else if (pos < s.size() && s[pos] == '0') {
      base = 8;
      max_chars = 11;
      octal_zero = true; // the leading 0 itself is a valid value
      pos += 1;
    } else if (pos >= s.size() || !is_digit(s[pos])) {
      return std::nullopt; // a field must start with a decimal digit
    }
    size_t end = pos;
    while (end < s.size() && s[end] != '.') {
      if (end - pos == max_chars)
        return std::nullopt;
      ++end;
    }
    auto digits = s.substr(pos, end - pos);
    auto value = digits.empty() && octal_zero ? std::optional<uint64_t>{0}
                                              : field_value(digits, base);
    if (!value)
      return std::nullopt;
    fields[n++] = *value;
    if (end == s.size())
      break;
    if (end + 1 == s.size())
      return std::nullopt; // trailing '.'
    pos = end + 1;
  }
  // Range rules of ipv4_addr/1: leading fields are bytes, the last one
  // covers the remaining 4 - (n - 1) bytes.
  uint64_t last = fields[n - 1];
  uint64_t last_max = max_u32 >> (8 * (n - 1));
  if (last > last_max)
    return std::nullopt;
  ip4_address out;
  for (size_t i = 0; i + 1 < n; ++i) {
    if (fields[i] > 0xff)
      return std::nullopt;
    out.octets[i] = static_cast<uint8_t>(fields[i]);
  }
  for (size_t i = 4; i-- > n - 1;) {
    out.octets[i] = static_cast<uint8_t>(last & 0xff);
    last >>= 8;
  }
  return out;
}

// ipv4s_octet: "0".."9", "10".."99", "100".."255"; no leading zeros.
std::optional<uint8_t> strict_octet(std::string_view f) {
  if (f.empty() || f.size() > 3 || (f.size() > 1 && f[0] == '0'))
    return std::nullopt;
  unsigned v = 0;
  for (char c : f) {
    if (!is_digit(c))
      return std::nullopt;
    v = v * 10 + static_cast<unsigned>(c - '0');
  }
  if (v > 255)
    return std::nullopt;
  return static_cast<uint8_t>(v);
}

// inet_parse:ipv4strict_address/1: exactly four strict octets.
std::optional<ip4_address> ipv4_strict(std::string_view s) {
  ip4_address out;
  size_t pos = 0;
  for (size_t i = 0; i < 4; ++i) {
    size_t dot = s.find('.', pos);
    bool last = i == 3;
    if (last != (dot == std::string_view::npos))
      return std::nullopt; // too few or too many fields
    auto octet = strict_octet(s.substr(pos, last ? s.npos : dot - pos));
    if (!octet)
      return std::nullopt;
    out.octets[i] = *octet;
    pos = dot + 1;
  }
  return out;
}

// inet_parse:ipv6_addr/1. Groups before "::" go to `head`, groups after it
// to `tail`; "::" stands for at least one zero group.
class ipv6_parser {
public:
  explicit ipv6_parser(std::string_view s) : s_(s) {
    // nop
  }

  std::optional<ip6_address> run() {
    if (s_.empty())
      return std::nullopt;
    size_t pos = 0;
    if (s_[0] == ':') {
      // Only "::" may start the string (see the header for the deviation).
      if (s_.size() < 2 || s_[1] != ':')
        return std::nullopt;
      pos = 1; // the second ':' is the "empty field" handled below
    }
    while (pos < s_.size()) {
      char c = s_[pos];
      if (c == ':') { // an empty field: the second half of "::"
        if (compressed_)
          return std::nullopt; // a second "::", or ":::"
        compressed_ = true;
        ++pos;
        if (pos == s_.size())
          return finish();
        if (s_[pos] == '%')
          return scope(pos + 1);
        continue;
      }
      if (c == '%' || c == '.')
        return std::nullopt; // empty field before a scope or IPv4 part
      size_t end = pos;
      while (end < s_.size() && s_[end] != ':' && s_[end] != '%'
             && s_[end] != '.')
        ++end;
      size_t len = end - pos;
      if (len > 4)
        return std::nullopt; // too wide field
      if (end < s_.size() && s_[end] == '.')
        return ipv4_tail(pos);
      uint16_t group = 0;
      for (size_t i = pos; i < end; ++i) {
        int d = hex_value(s_[i]);
        if (d < 0)
          return std::nullopt;
        group = static_cast<uint16_t>(group << 4 | d);
      }
      if (!push(group))
        return std::nullopt;
      if (end == s_.size())
        return finish();
      if (s_[end] == '%')
        return scope(end + 1);
      pos = end + 1; // after ':'
      if (pos == s_.size())
        return std::nullopt; // truncated after ':'
    }
    return finish(); // only reached for "::"
  }

private:
  bool push(uint16_t group) {
    if (count() >= 8)
      return false;
    if (compressed_)
      tail_[tail_len_++] = group;
    else
      head_[head_len_++] = group;
    return true;
  }

  size_t count() const {
    return head_len_ + tail_len_;
  }

  // A dotted IPv4 suffix: two groups, then the end or a scope.
  std::optional<ip6_address> ipv4_tail(size_t pos) {
    size_t pct = s_.find('%', pos);
    auto v4 = ipv4_strict(s_.substr(pos, pct == s_.npos ? s_.npos : pct - pos));
    if (!v4)
      return std::nullopt;
    auto& o = v4->octets;
    if (!push(static_cast<uint16_t>(o[0] << 8 | o[1]))
        || !push(static_cast<uint16_t>(o[2] << 8 | o[3])))
      return std::nullopt;
    if (pct == s_.npos)
      return finish();
    return scope(pct + 1);
  }

  // After '%': a decimal scope id (0..65535) or an interface name, which
  // Erlang ignores; a name may follow digits ("%1x" is ignored too).
  std::optional<ip6_address> scope(size_t pos) {
    if (pos >= s_.size())
      return std::nullopt; // RFC 4007: the zone id is non-empty
    uint32_t id = 0;
    for (size_t i = pos; i < s_.size(); ++i) {
      char c = s_[i];
      if (!is_digit(c))
        return finish();
      id = id * 10 + static_cast<uint32_t>(c - '0');
      if (id > 0xffff)
        return std::nullopt;
    }
    auto out = finish();
    if (!out)
      return std::nullopt;
    // FreeBSD-style: the scope id rides in the (always zero) second group
    // of link-local and link-local-multicast addresses, and nowhere else.
    auto& g = out->groups;
    if ((g[0] != 0xfe80 && g[0] != 0xff02) || g[1] != 0)
      return std::nullopt;
    g[1] = static_cast<uint16_t>(id);
    return out;
  }

  std::optional<ip6_address> finish() const {
    if (compressed_ ? count() > 7 : count() != 8)
      return std::nullopt;
    ip6_address out;
    for (size_t i = 0; i < head_len_; ++i)
      out.groups[i] = head_[i];
    for (size_t i = 0; i < tail_len_; ++i)
      out.groups[8 - tail_len_ + i] = tail_[i];
    return out;
  }

  std::string_view s_;
  std::array<uint16_t, 8> head_{};
  std::array<uint16_t, 8> tail_{};
  size_t head_len_ = 0;
  size_t tail_len_ = 0;
  bool compressed_ = false;
};

std::optional<ip6_address> ipv6_strict(std::string_view s) {
  return ipv6_parser{s}.run();
}

ip6_address mapped(const ip4_address& a) {
  return ipv4_mapped_ipv6_address(a).v6();
}

// ntoa helpers.

void append_hex(std::string& out, uint16_t x) {
  static constexpr char digits[] = "0123456789abcdef";
  bool started = false;
  for (int shift = 12; shift >= 0; shift -= 4) {
    int d = (x >> shift) & 0xf;
    if (d != 0 || started || shift == 0) {
      out += digits[d];
      started = true;
    }
  }
}

// dig_to_dec: a group as two dotted decimal bytes.
void append_dotted(std::string& out, uint16_t x) {
  out += std::to_string(x >> 8);
  out += '.';
  out += std::to_string(x & 0xff);
}

// The longest run of at least two zero groups (the first on ties) becomes
// "::".
std::string compress(const std::array<uint16_t, 8>& g) {
  size_t best = 0;
  size_t best_len = 0;
  for (size_t i = 0; i < g.size();) {
    if (g[i] != 0) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < g.size() && g[j] == 0)
      ++j;
    if (j - i >= 2 && j - i > best_len) {
      best = i;
      best_len = j - i;
    }
    i = j;
  }
  std::string out;
  auto append_range = [&](size_t from, size_t to) {
    for (size_t i = from; i < to; ++i) {
      if (i != from)
        out += ':';
      append_hex(out, g[i]);
    }
  };
  if (best_len == 0) {
    append_range(0, g.size());
    return out;
  }
  append_range(0, best);
  out += "::";
  append_range(best + best_len, g.size());
  return out;
}

} // namespace

net::result<ip_address> parse_address(std::string_view str) {
  if (auto v4 = ipv4_relaxed(str))
    return ip_address{*v4};
  if (auto v6 = ipv6_strict(str))
    return ip_address{*v6};
  return errc::einval;
}

net::result<ip_address> parse_strict_address(std::string_view str) {
  if (auto v4 = ipv4_strict(str))
    return ip_address{*v4};
  if (auto v6 = ipv6_strict(str))
    return ip_address{*v6};
  return errc::einval;
}

net::result<ip_address> parse_ipv4_address(std::string_view str) {
  if (auto v4 = ipv4_relaxed(str))
    return ip_address{*v4};
  return errc::einval;
}

net::result<ip_address> parse_ipv4strict_address(std::string_view str) {
  if (auto v4 = ipv4_strict(str))
    return ip_address{*v4};
  return errc::einval;
}

net::result<ip_address> parse_ipv6_address(std::string_view str) {
  if (auto v4 = ipv4_relaxed(str))
    return ip_address{mapped(*v4)};
  if (auto v6 = ipv6_strict(str))
    return ip_address{*v6};
  return errc::einval;
}

net::result<ip_address> parse_ipv6strict_address(std::string_view str) {
  if (auto v6 = ipv6_strict(str))
    return ip_address{*v6};
  return errc::einval;
}

std::string ntoa(const ip_address& addr) {
  std::string out;
  if (addr.is_v4()) {
    auto o = addr.v4().octets;
    for (size_t i = 0; i < o.size(); ++i) {
      if (i != 0)
        out += '.';
      out += std::to_string(o[i]);
    }
    return out;
  }
  auto g = addr.v6().groups;
  auto zeros = [&](size_t n) {
    for (size_t i = 0; i < n; ++i)
      if (g[i] != 0)
        return false;
    return true;
  };
  if (zeros(8))
    return "::";
  if (zeros(7) && g[7] == 1)
    return "::1";
  if (zeros(6)) { // IPv4-compatible
    out = "::";
    append_dotted(out, g[6]);
    out += '.';
    append_dotted(out, g[7]);
    return out;
  }
  if (zeros(5) && g[5] == 0xffff) { // IPv4-mapped
    out = "::ffff:";
    append_dotted(out, g[6]);
    out += '.';
    append_dotted(out, g[7]);
    return out;
  }
  if ((g[0] == 0xfe80 || g[0] == 0xff02) && g[1] != 0) {
    auto scope_id = g[1];
    g[1] = 0;
    out = compress(g);
    out += '%';
    out += std::to_string(scope_id);
    return out;
  }
  return compress(g);
}

} // namespace otpnet::inet
