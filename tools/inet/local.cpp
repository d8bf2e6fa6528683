#include "inet/local.hpp"

#include <charconv>
#include <vector>

#include <otpnet/inet/format_error.hpp>
#include <otpnet/inet/get_rc.hpp>
#include <otpnet/inet/getifaddrs.hpp>
#include <otpnet/inet/hostent.hpp>
#include <otpnet/inet/parse_address.hpp>
#include <otpnet/inet/resolver.hpp>
#include <otpnet/inet/terms.hpp>

namespace otpnet::tools {

namespace {

using parser = net::result<inet::ip_address> (*)(std::string_view);

struct named_parser {
  std::string_view name;
  parser fn;
};

constexpr named_parser parsers[] = {
  {"parse_address", inet::parse_address},
  {"parse_strict_address", inet::parse_strict_address},
  {"parse_ipv4_address", inet::parse_ipv4_address},
  {"parse_ipv4strict_address", inet::parse_ipv4strict_address},
  {"parse_ipv6_address", inet::parse_ipv6_address},
  {"parse_ipv6strict_address", inet::parse_ipv6strict_address},
};

template <class T, class Print>
outcome show(const net::result<T>& r, Print print) {
  if (!r)
    return {inet::error_term(r.error()) + "\n", {}, 1};
  return {"{ok," + print(*r) + "}\n", {}, 0};
}

std::string address(const inet::ip_address& a) {
  return inet::to_term(a);
}

std::string addresses(const std::vector<inet::ip_address>& xs) {
  std::string out = "[";
  for (size_t i = 0; i < xs.size(); ++i)
    out += (i ? "," : "") + inet::to_term(xs[i]);
  return out + "]";
}

std::string host(const inet::hostent& h) {
  return to_string(h);
}

inet::family family_arg(const command& cmd) {
  return cmd.args.size() == 2 && cmd.args[1] == "inet6" ? inet::inet6
                                                        : inet::inet;
}

/// "{1,2,3,4}" as the integers, or nullopt if `s` is no such tuple.
std::optional<std::vector<unsigned>> tuple_of(std::string_view s) {
  if (s.size() < 2 || s.front() != '{' || s.back() != '}')
    return std::nullopt;
  s = s.substr(1, s.size() - 2);
  std::vector<unsigned> xs;
  for (;;) {
    unsigned n = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (ec != std::errc{} || ptr == s.data())
      return std::nullopt;
    xs.push_back(n);
    s.remove_prefix(static_cast<size_t>(ptr - s.data()));
    if (s.empty())
      return xs;
    if (s.front() != ',')
      return std::nullopt;
    s.remove_prefix(1);
  }
}

} // namespace

net::result<inet::ip_address> parse_address_term(std::string_view text) {
  std::string s; // Erlang allows spaces between the elements
  for (char c : text)
    if (c != ' ' && c != '\t')
      s += c;
  auto xs = tuple_of(s);
  if (!xs)
    return errc::einval;
  if (xs->size() == 4) {
    inet::ip4_address a;
    for (size_t i = 0; i < 4; ++i) {
      if ((*xs)[i] > 255)
        return errc::einval;
      a.octets[i] = static_cast<uint8_t>((*xs)[i]);
    }
    return inet::ip_address{a};
  }
  if (xs->size() == 8) {
    inet::ip6_address a;
    for (size_t i = 0; i < 8; ++i) {
      if ((*xs)[i] > 65535)
        return errc::einval;
      a.groups[i] = static_cast<uint16_t>((*xs)[i]);
    }
    return inet::ip_address{a};
  }
  return errc::einval;
}

net::result<inet::ip_address> parse_address_arg(std::string_view s) {
  if (!s.empty() && s.front() == '{')
    return parse_address_term(s);
  return inet::parse_address(s);
}

outcome run_local(const command& cmd) {
  const auto& n = cmd.name;
  for (const auto& p : parsers)
    if (p.name == n)
      return show(p.fn(cmd.args[0]), address);
  if (n == "ntoa") {
    // inet:ntoa/1 returns the string itself, or {error,einval}.
    auto a = parse_address_arg(cmd.args[0]);
    if (!a)
      return {inet::error_term(a.error()) + "\n", {}, 1};
    return {inet::string_term(inet::ntoa(*a)) + "\n", {}, 0};
  }
  if (n == "ipv4_mapped_ipv6_address") {
    // Erlang's returns the address itself (and fails on anything else).
    auto a = parse_address_arg(cmd.args[0]);
    if (!a)
      return {inet::error_term(a.error()) + "\n", {}, 1};
    return {inet::to_term(inet::ipv4_mapped_ipv6_address(*a)) + "\n", {}, 0};
  }
  if (n == "is_ip_address" || n == "is_ipv4_address"
      || n == "is_ipv6_address") {
    // Any term may be asked about: only a tuple of the right size and
    // ranges is an address (a string such as "127.0.0.1" is not).
    auto a = parse_address_term(cmd.args[0]);
    bool yes = a
               && (n == "is_ip_address"
                   || (n == "is_ipv4_address") == a->is_v4());
    return {yes ? "true\n" : "false\n", {}, yes ? 0 : 1};
  }
  if (n == "gethostname")
    return {"{ok," + inet::string_term(inet::gethostname()) + "}\n", {}, 0};
  if (n == "gethostbyname")
    return show(inet::gethostbyname(cmd.args[0], family_arg(cmd)), host);
  if (n == "gethostbyaddr")
    return show(inet::gethostbyaddr(cmd.args[0]), host);
  if (n == "getaddr")
    return show(inet::getaddr(cmd.args[0], family_arg(cmd)), address);
  if (n == "getaddrs")
    return show(inet::getaddrs(cmd.args[0], family_arg(cmd)), addresses);
  if (n == "getifaddrs") {
    auto ifs = cmd.args.empty() ? inet::getifaddrs()
                                : inet::getifaddrs(inet::netns(cmd.args[0]));
    return show(ifs, [](const auto& v) { return to_string(v); });
  }
  if (n == "get_rc")
    return {inet::to_string(inet::get_rc()) + "\n", {}, 0};
  if (n == "format_error") {
    // Any other atom gets OTP's text for it.
    auto e = errc_from_atom(cmd.args[0]);
    auto text = e ? inet::format_error(*e) : "unknown POSIX error";
    return {inet::string_term(text) + "\n", {}, 0};
  }
  return {{}, "not a local command: " + n, 2};
}

} // namespace otpnet::tools
