#include <otpnet/inet/options.hpp>

#include <array>

#include "erlang_terms.hpp"

namespace otpnet::inet {

namespace {

// Indexed by option_name.
constexpr std::array<std::string_view, option_name_count> names{{
  "active",
  "packet",
  "packet_size",
  "line_delimiter",
  "mode",
  "nodelay",
  "keepalive",
  "reuseaddr",
  "backlog",
  "recbuf",
  "sndbuf",
  "buffer",
  "exit_on_close",
  "high_watermark",
  "low_watermark",
  "high_msgq_watermark",
  "low_msgq_watermark",
  "send_timeout",
  "send_timeout_close",
  "delay_send",
  "linger",
  "show_econnreset",
  "ip",
  "ifaddr",
  "port",
  "family",
  "ipv6_v6only",
  "tos",
  "priority",
  "broadcast",
  "dontroute",
  "reuseport",
  "keepidle",
  "keepintvl",
  "keepcnt",
  "nopush",
  "user_timeout",
  "tclass",
  "reuseport_lb",
  "read_packets",
  "bind_to_device",
  "raw",
  "read_ahead",
  "recvtos",
  "recvttl",
  "recvtclass",
  "ttl",
  "pktoptions",
  "add_membership",
  "drop_membership",
  "multicast_if",
  "multicast_loop",
  "multicast_ttl",
  "netns",
  "exclusiveaddruse",
  "header",
  "deliver",
}};

std::string_view bool_atom(bool x) {
  return x ? "true" : "false";
}

// The value part of {Name, Value}; empty for the bare family atoms.
struct value_renderer {
  std::string operator()(const active& x) const {
    switch (x.kind) {
      case active_kind::passive:
        return "false";
      case active_kind::always:
        return "true";
      case active_kind::once:
        return "once";
      default:
        return std::to_string(x.n);
    }
  }

  std::string operator()(const packet& x) const {
    if (!x.valid)
      return std::to_string(x.invalid_value);
    // getopts reports raw as 0, so otpnet does too.
    if (x.type == net::packet_type::raw)
      return "0";
    return std::string{net::to_string(x.type)};
  }

  std::string operator()(const mode& x) const {
    return x.value == mode_kind::binary ? "binary" : "list";
  }

  std::string operator()(const deliver& x) const {
    return x.value == deliver_kind::term ? "term" : "port";
  }

  std::string operator()(const family&) const {
    return {};
  }

  std::string operator()(const send_timeout& x) const {
    return x.ms ? std::to_string(*x.ms) : "infinity";
  }

  std::string operator()(const linger& x) const {
    std::string out = "{";
    out += bool_atom(x.on);
    out += ',';
    out += std::to_string(x.seconds);
    out += '}';
    return out;
  }

  std::string operator()(const ip& x) const {
    return detail::address_tuple(x.value);
  }

  std::string operator()(const ifaddr& x) const {
    if (auto* local = std::get_if<local_address>(&x.value))
      return to_term(*local);
    return detail::address_tuple(std::get<ip_address>(x.value));
  }

  // An Erlang binary: <<"lo">>, or <<>> for no device.
  std::string operator()(const bind_to_device& x) const {
    if (x.value.empty())
      return "<<>>";
    std::string out = "<<";
    detail::put_string_term(out, x.value);
    out += ">>";
    return out;
  }

  // A string, as OTP 25's getopts shows it: "/var/run/netns/example".
  std::string operator()(const netns& x) const {
    std::string out;
    detail::put_string_term(out, x.value);
    return out;
  }

  // 6,8,<<30,0,0,0>>: the tuple's elements after the tag.
  std::string operator()(const raw& x) const {
    std::string out = std::to_string(x.protocol);
    out += ',';
    out += std::to_string(x.option_num);
    out += ',';
    detail::put_binary_term(out, x.value);
    return out;
  }

  std::string operator()(const pktoptions& x) const {
    return to_string(x.value);
  }

  // {{239,1,2,3},{127,0,0,1}}, {{239,1,2,3},{0,0,0,0},2}, {{65282,...},1}.
  static std::string group(const membership& x) {
    std::string out = "{" + detail::address_tuple(x.multiaddr);
    if (x.interface)
      out += "," + detail::address_tuple(*x.interface);
    if (x.ifindex)
      out += "," + std::to_string(*x.ifindex);
    out += '}';
    return out;
  }

  std::string operator()(const add_membership& x) const {
    return group(x.value);
  }

  std::string operator()(const drop_membership& x) const {
    return group(x.value);
  }

  std::string operator()(const multicast_if& x) const {
    if (auto* addr = std::get_if<ip_address>(&x.value))
      return detail::address_tuple(*addr);
    return std::to_string(std::get<int64_t>(x.value));
  }

  // Every remaining option holds a bool or an int64_t.
  template <class Option>
  std::string operator()(const Option& x) const {
    if constexpr (std::is_same_v<decltype(x.value), bool>)
      return std::string{bool_atom(x.value)};
    else
      return std::to_string(x.value);
  }
};

} // namespace

option_name name_of(const option& opt) noexcept {
  return static_cast<option_name>(opt.index());
}

std::string_view to_string(option_name name) noexcept {
  auto i = static_cast<size_t>(name);
  return i < names.size() ? names[i] : "unknown";
}

std::optional<option_name> option_name_from_string(std::string_view str) {
  for (size_t i = 0; i < names.size(); ++i)
    if (names[i] == str)
      return static_cast<option_name>(i);
  return std::nullopt;
}

std::string to_string(const option& opt) {
  if (auto* f = std::get_if<family>(&opt))
    switch (f->value) {
      case family_kind::inet:
        return "inet";
      case family_kind::inet6:
        return "inet6";
      default:
        return "local";
    }
  std::string out = "{";
  out += to_string(name_of(opt));
  out += ',';
  out += std::visit(value_renderer{}, opt);
  out += '}';
  return out;
}

} // namespace otpnet::inet
