#include <otpnet/inet/i_args.hpp>

#include <array>
#include <optional>
#include <string>

#include "otpnet/net/trim.hpp"

namespace otpnet::inet {

namespace {

using net::is_blank;
using net::trim;

std::optional<socket_protocol> protocol_of(std::string_view s) {
  if (s == "tcp")
    return socket_protocol::tcp;
  if (s == "udp")
    return socket_protocol::udp;
  if (s == "sctp")
    return socket_protocol::sctp;
  return std::nullopt;
}

constexpr std::array<std::pair<std::string_view, i_field>, 9> columns{{
  {"port", i_field::port},
  {"module", i_field::module},
  {"recv", i_field::recv},
  {"sent", i_field::sent},
  {"owner", i_field::owner},
  {"local_address", i_field::local_address},
  {"foreign_address", i_field::foreign_address},
  {"state", i_field::state},
  {"type", i_field::type},
}};

std::optional<i_field> column_of(std::string_view s) {
  for (const auto& [name, field] : columns)
    if (name == s)
      return field;
  return std::nullopt;
}

/// One i_option(): an atom, or {local_address | foreign_address, Bool}.
std::optional<i_item> item_of(std::string_view s) {
  if (s.size() > 2 && s.front() == '{' && s.back() == '}') {
    auto inner = s.substr(1, s.size() - 2);
    auto comma = inner.find(',');
    if (comma == std::string_view::npos)
      return std::nullopt;
    auto field = column_of(inner.substr(0, comma));
    auto flag = inner.substr(comma + 1);
    if (!field
        || (*field != i_field::local_address
            && *field != i_field::foreign_address)
        || (flag != "true" && flag != "false"))
      return std::nullopt;
    return i_item{*field, flag == "true"};
  }
  if (auto field = column_of(s))
    return i_item{*field};
  return std::nullopt;
}

/// "show_ports" or a list of i_option(), spaces already removed.
net::result<std::vector<i_item>> items_of(std::string_view s) {
  if (s.empty())
    return all_i_items();
  if (s == "show_ports")
    return all_i_items(true);
  if (s.front() == '[') {
    if (s.back() != ']')
      return errc::einval;
    s = s.substr(1, s.size() - 2);
  }
  std::vector<i_item> items;
  // Split at the commas outside braces.
  size_t start = 0;
  int depth = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i < s.size() && s[i] == '{') {
      ++depth;
    } else if (i < s.size() && s[i] == '}') {
      if (--depth < 0)
        return errc::einval;
    } else if (i == s.size() || (s[i] == ',' && depth == 0)) {
      auto item = item_of(s.substr(start, i - start));
      if (!item)
        return errc::einval;
      items.push_back(*item);
      start = i + 1;
    }
  }
  // An unclosed brace needs no check of its own: the item holding it
  // cannot end with its '}', so item_of has refused it.
  return items;
}

} // namespace

net::result<i_args> parse_i_args(std::string_view text) {
  text = trim(text);
  i_args res;
  // A first word that names a protocol is i/2's first argument.
  auto end = text.find_first_of(" \t\r\n");
  if (auto p = protocol_of(text.substr(0, end))) {
    res.protocols = {*p};
    text = end == std::string_view::npos ? std::string_view{}
                                         : text.substr(end);
  } else {
    res.protocols = {socket_protocol::tcp, socket_protocol::udp,
                     socket_protocol::sctp};
  }
  std::string packed;
  for (char c : text)
    if (!is_blank(c))
      packed += c;
  // "tcp udp" or "show_ports port" are not arguments of i/2.
  auto items = items_of(packed);
  if (!items)
    return items.error();
  res.items = std::move(*items);
  return res;
}

} // namespace otpnet::inet
