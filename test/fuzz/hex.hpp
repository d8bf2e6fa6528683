// Hex text of bytes and back, for the scripts that compare otpnet's framing
// and decoding with OTP's (decode_packet/, decode_http/).

#pragma once

#include <string>
#include <string_view>

namespace otpnet::fuzz {

inline std::string from_hex(const std::string& h) {
  std::string out;
  for (std::size_t i = 0; i + 1 < h.size(); i += 2)
    out.push_back(static_cast<char>(std::stoi(h.substr(i, 2), nullptr, 16)));
  return out;
}

inline std::string to_hex(std::string_view s) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : s) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

} // namespace otpnet::fuzz
