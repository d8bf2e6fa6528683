#include "otpnet/inet/ancillary_data.hpp"

#include <algorithm>

namespace otpnet::inet {

const char* to_string(ancillary_kind k) noexcept {
  switch (k) {
    case ancillary_kind::tos:
      return "tos";
    case ancillary_kind::ttl:
      return "ttl";
    case ancillary_kind::tclass:
      return "tclass";
  }
  return "?";
}

void ancillary_data::set(ancillary_kind kind, uint8_t value) noexcept {
  for (std::size_t i = 0; i < size_; ++i)
    if (items_[i].kind == kind) {
      items_[i].value = value;
      return;
    }
  // One slot per kind: with distinct kinds there is always room.
  if (size_ < capacity)
    items_[size_++] = ancillary_item{kind, value};
}

std::optional<uint8_t> ancillary_data::get(ancillary_kind kind) const noexcept {
  for (const auto& item : *this)
    if (item.kind == kind)
      return item.value;
  return std::nullopt;
}

bool operator==(const ancillary_data& x, const ancillary_data& y) noexcept {
  return x.size() == y.size() && std::equal(x.begin(), x.end(), y.begin());
}

std::string to_string(const ancillary_data& x) {
  std::string out = "[";
  for (const auto& item : x) {
    if (out.size() > 1)
      out += ',';
    out += '{';
    out += to_string(item.kind);
    out += ',';
    out += std::to_string(item.value);
    out += '}';
  }
  out += ']';
  return out;
}

ancillary_list::ancillary_list(const ancillary_data& received) {
  reserve(received.size());
  for (const auto& item : received)
    push_back(ancillary_option{item.kind, item.value});
}

net::result<ancillary_data>
normalize_ancillary(const std::vector<ancillary_option>& list) {
  ancillary_data out;
  for (const auto& opt : list) {
    auto lowest = opt.kind == ancillary_kind::ttl ? 1 : 0;
    if (opt.value < lowest || opt.value > 255)
      return errc::einval;
    // Checked even when a first value of its key stays: OTP 25 refuses
    // [{ttl,5},{ttl,0}] too.
    if (!out.get(opt.kind))
      out.set(opt.kind, static_cast<uint8_t>(opt.value));
  }
  return out;
}

} // namespace otpnet::inet
