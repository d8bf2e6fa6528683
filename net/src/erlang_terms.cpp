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

void put_binary_term(std::string& out, std::string_view bytes) {
  out += "<<";
  bool text = !bytes.empty();
  for (char ch : bytes)
    text = text && static_cast<unsigned char>(ch) >= 32
           && static_cast<unsigned char>(ch) < 127;
  if (text) {
    put_string_term(out, bytes);
  } else {
    for (size_t i = 0; i < bytes.size(); ++i) {
      if (i != 0)
        out += ',';
      out += std::to_string(static_cast<unsigned char>(bytes[i]));
    }
  }
  out += ">>";
}

} // namespace otpnet::inet::detail
