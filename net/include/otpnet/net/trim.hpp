#pragma once

#include <string_view>

namespace otpnet::net {

/// Space, tab, CR or LF: the blanks a line-based request may carry around
/// its words (the inspector's requests and their arguments).
constexpr bool is_blank(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/// `s` without its leading and trailing blanks.
constexpr std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && is_blank(s.front()))
    s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back()))
    s.remove_suffix(1);
  return s;
}

} // namespace otpnet::net
