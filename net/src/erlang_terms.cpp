#include "erlang_terms.hpp"

#include <cstdio>

namespace otpnet::inet::detail {

std::string address_tuple(const ip_address& addr) {
  std::string out = "{";
  auto append = [&out](const auto& parts) {
    for (size_t i = 0; i < parts.size(); ++i) {
      if (i != 0)
        out += ',';
      out += std::to_string(parts[i]);
    }
  };
  if (addr.is_v4())
    append(addr.v4().octets);
  else
    append(addr.v6().groups);
  out += '}';
  return out;
}

void put_string_term(std::string& out, std::string_view s) {
  out += '"';
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '\r':
        out += "\\r";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '"':
      case '\\':
        out += '\\';
        out += ch;
        break;
      default:
        if (c >= 32 && c < 127) {
          out += ch;
        } else {
          char buf[8];
          std::snprintf(buf, sizeof(buf), "\\x%02X", c);
          out += buf;
        }
    }
  }
  out += '"';
}

} // namespace otpnet::inet::detail
