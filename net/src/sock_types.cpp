#include "otpnet/sock/types.hpp"

#include <algorithm>
#include <array>
#include <limits>
#include <type_traits>

#include "erlang_terms.hpp"

namespace otpnet::sock {

std::string_view to_string(domain x) noexcept {
  switch (x) {
    case domain::inet:
      return "inet";
    case domain::inet6:
      return "inet6";
    case domain::local:
      return "local";
  }
  return "inet";
}

std::string_view to_string(type x) noexcept {
  switch (x) {
    case type::stream:
      return "stream";
    case type::dgram:
      return "dgram";
    case type::seqpacket:
      return "seqpacket";
  }
  return "stream";
}

std::optional<type> type_from_string(std::string_view text) noexcept {
  for (auto t : {type::stream, type::dgram, type::seqpacket})
    if (text == to_string(t))
      return t;
  return std::nullopt;
}

std::string_view to_string(protocol x) noexcept {
  switch (x) {
    case protocol::ip:
      return "ip";
    case protocol::tcp:
      return "tcp";
    case protocol::udp:
      return "udp";
    case protocol::default_:
      return "default";
  }
  return "ip";
}

net::result<protocol> resolve_protocol(domain d, type t,
                                       protocol p) noexcept {
  bool given = p != protocol::ip && p != protocol::default_;
  if (d == domain::local) // AF_UNIX has protocol 0 only
    return given ? net::result<protocol>{errc::eprotonosupport}
                 : net::result<protocol>{protocol::ip};
  // SOCK_SEQPACKET on AF_INET and AF_INET6 is SCTP's, which otpnet does
  // not support: the answer of a Linux without SCTP, whose socket(2)
  // finds no protocol of that type at all (ESOCKTNOSUPPORT, not
  // EPROTONOSUPPORT, for protocol 0, tcp and udp alike).
  if (t == type::seqpacket)
    return errc::esocktnosupport;
  auto natural = t == type::stream ? protocol::tcp : protocol::udp;
  if (!given || p == natural)
    return natural;
  return errc::eprotonosupport;
}

bool operator==(const linger& x, const linger& y) noexcept {
  return x.onoff == y.onoff && x.seconds == y.seconds;
}

bool operator==(const ip_mreq& x, const ip_mreq& y) noexcept {
  return x.multiaddr == y.multiaddr && x.interface == y.interface;
}

bool operator==(const ipv6_mreq& x, const ipv6_mreq& y) noexcept {
  return x.multiaddr == y.multiaddr && x.interface == y.interface;
}

bool operator==(const rcvbuf_reads& x, const rcvbuf_reads& y) noexcept {
  return x.count == y.count && x.size == y.size;
}

bool operator==(const ip_msfilter& x, const ip_msfilter& y) noexcept {
  return x.multiaddr == y.multiaddr && x.interface == y.interface
         && x.mode == y.mode && x.slist == y.slist;
}

std::string_view to_string(pmtudisc x) noexcept {
  switch (x) {
    case pmtudisc::want:
      return "want";
    case pmtudisc::dont:
      return "dont";
    case pmtudisc::do_:
      return "do";
    case pmtudisc::probe:
      return "probe";
  }
  return "?";
}

bool operator==(const option& x, const option& y) noexcept {
  return x.level == y.level && x.name == y.name;
}

namespace {

// Indices of sock::value's alternatives.
constexpr size_t k_bool = 0;
constexpr size_t k_int = 1;
constexpr size_t k_linger = 2;
constexpr size_t k_domain = 3;
constexpr size_t k_type = 4;
constexpr size_t k_protocol = 5;
constexpr size_t k_string = 6;
constexpr size_t k_address = 7;
constexpr size_t k_mreq = 8;
constexpr size_t k_mreq6 = 9;
constexpr size_t k_pmtudisc = 10;
constexpr size_t k_default = 11;
constexpr size_t k_reads = 12;
constexpr size_t k_null = 13;
constexpr size_t k_msfilter = 14;

static_assert(std::is_same_v<std::variant_alternative_t<k_default, value>,
                             use_default_t>);
static_assert(std::is_same_v<std::variant_alternative_t<k_reads, value>,
                             rcvbuf_reads>);
static_assert(std::is_same_v<std::variant_alternative_t<k_null, value>,
                             null_t>);
static_assert(std::is_same_v<std::variant_alternative_t<k_msfilter, value>,
                             ip_msfilter>);

struct row {
  level lvl;
  name nm;
  std::string_view text;
  bool settable;
  bool gettable;
  size_t kind;
  int min; // integer options: the accepted range
  int max;
};

constexpr int int_max = std::numeric_limits<int>::max();
constexpr int int_min = std::numeric_limits<int>::min();
// The control buffers of recvmsg and sendmsg are allocated per call: a
// bound, so that a setopt cannot make every call allocate gigabytes.
constexpr int max_ctrlbuf = static_cast<int>(max_control_buffer);

// The options of the spec's tables (003) that otpnet supports on Linux.
constexpr std::array<row, 67> rows{{
  {level::otp, name::rcvbuf, "rcvbuf", true, true, k_int, 1, int_max},
  {level::otp, name::rcvctrlbuf, "rcvctrlbuf", true, true, k_int, 1,
   max_ctrlbuf},
  {level::otp, name::sndctrlbuf, "sndctrlbuf", true, true, k_int, 1,
   max_ctrlbuf},
  {level::otp, name::use_registry, "use_registry", false, true, k_bool, 0, 0},
  {level::socket, name::acceptconn, "acceptconn", false, true, k_bool, 0, 0},
  {level::socket, name::broadcast, "broadcast", true, true, k_bool, 0, 0},
  {level::socket, name::debug, "debug", true, true, k_int, 0, int_max},
  {level::socket, name::peek_off, "peek_off", true, true, k_int, int_min,
   int_max},
  {level::socket, name::domain, "domain", false, true, k_domain, 0, 0},
  {level::socket, name::keepalive, "keepalive", true, true, k_bool, 0, 0},
  {level::socket, name::linger, "linger", true, true, k_linger, 0, 0},
  {level::socket, name::priority, "priority", true, true, k_int, 0, int_max},
  {level::socket, name::protocol, "protocol", false, true, k_protocol, 0, 0},
  {level::socket, name::rcvbuf, "rcvbuf", true, true, k_int, 1, int_max},
  {level::socket, name::rcvlowat, "rcvlowat", true, true, k_int, 0, int_max},
  {level::socket, name::reuseaddr, "reuseaddr", true, true, k_bool, 0, 0},
  {level::socket, name::reuseport, "reuseport", true, true, k_bool, 0, 0},
  {level::socket, name::sndbuf, "sndbuf", true, true, k_int, 1, int_max},
  // Settable in the spec's table; Linux refuses it (enoprotoopt).
  {level::socket, name::sndlowat, "sndlowat", true, true, k_int, 0, int_max},
  {level::socket, name::type, "type", false, true, k_type, 0, 0},
  {level::socket, name::bindtodevice, "bindtodevice", true, true, k_string,
   0, 0},
  {level::ip, name::add_membership, "add_membership", true, false, k_mreq,
   0, 0},
  {level::ip, name::drop_membership, "drop_membership", true, false, k_mreq,
   0, 0},
  {level::ip, name::msfilter, "msfilter", true, false, k_msfilter, 0, 0},
  {level::ip, name::multicast_if, "multicast_if", true, true, k_address, 0,
   0},
  {level::ip, name::mtu_discover, "mtu_discover", true, true, k_pmtudisc, 0,
   0},
  {level::ipv6, name::add_membership, "add_membership", true, false,
   k_mreq6, 0, 0},
  {level::ipv6, name::drop_membership, "drop_membership", true, false,
   k_mreq6, 0, 0},
  {level::ipv6, name::multicast_if, "multicast_if", true, true, k_int, 0,
   int_max},
  {level::ipv6, name::mtu_discover, "mtu_discover", true, true, k_pmtudisc,
   0, 0},
  {level::ip, name::freebind, "freebind", true, true, k_bool, 0, 0},
  {level::ip, name::minttl, "minttl", true, true, k_int, 0, 255},
  {level::ip, name::mtu, "mtu", false, true, k_int, 0, 0},
  {level::ip, name::multicast_loop, "multicast_loop", true, true, k_bool, 0,
   0},
  {level::ip, name::multicast_ttl, "multicast_ttl", true, true, k_int, 0,
   255},
  {level::ip, name::nodefrag, "nodefrag", true, true, k_bool, 0, 0},
  {level::ip, name::pktinfo, "pktinfo", true, true, k_bool, 0, 0},
  {level::ip, name::recverr, "recverr", true, true, k_bool, 0, 0},
  {level::ip, name::recvopts, "recvopts", true, true, k_bool, 0, 0},
  {level::ip, name::recvtos, "recvtos", true, true, k_bool, 0, 0},
  {level::ip, name::recvttl, "recvttl", true, true, k_bool, 0, 0},
  {level::ip, name::retopts, "retopts", true, true, k_bool, 0, 0},
  {level::ip, name::tos, "tos", true, true, k_int, 0, 255},
  {level::ip, name::transparent, "transparent", true, true, k_bool, 0, 0},
  {level::ip, name::ttl, "ttl", true, true, k_int, 1, 255},
  {level::ipv6, name::mtu, "mtu", false, true, k_int, 0, 0},
  {level::ipv6, name::multicast_hops, "multicast_hops", true, true, k_int, -1,
   255},
  {level::ipv6, name::multicast_loop, "multicast_loop", true, true, k_bool, 0,
   0},
  {level::ipv6, name::recverr, "recverr", true, true, k_bool, 0, 0},
  {level::ipv6, name::recvhoplimit, "recvhoplimit", true, true, k_bool, 0,
   0},
  {level::ipv6, name::recvpktinfo, "recvpktinfo", true, true, k_bool, 0, 0},
  {level::ipv6, name::recvtclass, "recvtclass", true, true, k_bool, 0, 0},
  {level::ipv6, name::tclass, "tclass", true, true, k_int, -1, 255},
  {level::ipv6, name::v6only, "v6only", true, true, k_bool, 0, 0},
  {level::ipv6, name::unicast_hops, "unicast_hops", true, true, k_int, -1,
   255},
  {level::ipv6, name::flowinfo, "flowinfo", true, true, k_bool, 0, 0},
  {level::ipv6, name::hoplimit, "hoplimit", true, true, k_bool, 0, 0},
  {level::ipv6, name::authhdr, "authhdr", true, true, k_bool, 0, 0},
  {level::ipv6, name::dstopts, "dstopts", true, true, k_bool, 0, 0},
  {level::ipv6, name::hopopts, "hopopts", true, true, k_bool, 0, 0},
  {level::ipv6, name::rthdr, "rthdr", true, true, k_bool, 0, 0},
  {level::tcp, name::nodelay, "nodelay", true, true, k_bool, 0, 0},
  {level::tcp, name::cork, "cork", true, true, k_bool, 0, 0},
  {level::tcp, name::keepcnt, "keepcnt", true, true, k_int, 1, int_max},
  {level::tcp, name::keepidle, "keepidle", true, true, k_int, 1, int_max},
  {level::tcp, name::keepintvl, "keepintvl", true, true, k_int, 1, int_max},
  {level::tcp, name::maxseg, "maxseg", true, true, k_int, 1, int_max},
}};

const row* find(const option& x) noexcept {
  for (auto& r : rows)
    if (r.lvl == x.level && r.nm == x.name)
      return &r;
  return nullptr;
}

std::string_view name_text(name x) noexcept {
  // Every name has a row at some level; the first one names it.
  for (auto& r : rows)
    if (r.nm == x)
      return r.text;
  return "?";
}

} // namespace

std::string_view to_string(level x) noexcept {
  switch (x) {
    case level::otp:
      return "otp";
    case level::socket:
      return "socket";
    case level::ip:
      return "ip";
    case level::ipv6:
      return "ipv6";
    case level::tcp:
      return "tcp";
    case level::udp:
      return "udp";
  }
  return "?";
}

std::string to_string(const option& x) {
  std::string out = "{";
  out += to_string(x.level);
  out += ',';
  out += name_text(x.name);
  out += '}';
  return out;
}

std::string to_string(const value& x) {
  struct printer {
    std::string operator()(bool b) const {
      return b ? "true" : "false";
    }
    std::string operator()(int i) const {
      return std::to_string(i);
    }
    std::string operator()(const sock::linger& l) const {
      return "#{linger => " + std::to_string(l.seconds)
             + ",onoff => " + (l.onoff ? "true" : "false") + "}";
    }
    std::string operator()(domain d) const {
      return std::string{sock::to_string(d)};
    }
    std::string operator()(type t) const {
      return std::string{sock::to_string(t)};
    }
    std::string operator()(protocol p) const {
      return std::string{sock::to_string(p)};
    }
    std::string operator()(const std::string& text) const {
      std::string out;
      inet::detail::put_string_term(out, text);
      return out;
    }
    std::string operator()(const inet::ip_address& a) const {
      return inet::detail::address_tuple(a);
    }
    std::string operator()(const ip_mreq& m) const {
      return "#{interface => " + inet::detail::address_tuple(m.interface)
             + ",multiaddr => " + inet::detail::address_tuple(m.multiaddr)
             + "}";
    }
    std::string operator()(const ipv6_mreq& m) const {
      return "#{interface => " + std::to_string(m.interface)
             + ",multiaddr => " + inet::detail::address_tuple(m.multiaddr)
             + "}";
    }
    std::string operator()(pmtudisc p) const {
      return std::string{sock::to_string(p)};
    }
    std::string operator()(use_default_t) const {
      return "default";
    }
    std::string operator()(const rcvbuf_reads& r) const {
      return "{" + std::to_string(r.count) + "," + std::to_string(r.size)
             + "}";
    }
    std::string operator()(null_t) const {
      return "null";
    }
    std::string operator()(const ip_msfilter& f) const {
      std::string out = "#{interface => ";
      out += inet::detail::address_tuple(f.interface);
      out += f.mode == msfilter_mode::include ? ",mode => include"
                                              : ",mode => exclude";
      out += ",multiaddr => " + inet::detail::address_tuple(f.multiaddr);
      out += ",slist => [";
      for (size_t i = 0; i < f.slist.size(); ++i) {
        if (i > 0)
          out += ',';
        out += inet::detail::address_tuple(f.slist[i]);
      }
      out += "]}";
      return out;
    }
  };
  return std::visit(printer{}, x);
}

option_traits traits(const option& x) noexcept {
  auto* r = find(x);
  if (r == nullptr)
    return {};
  return {true, r->settable, r->gettable, r->kind};
}

namespace {

// OTP's `default` value: the buffers of level otp and IPv6's hop limits.
bool takes_default(const option& x) noexcept {
  if (x.level == level::otp)
    return x.name != name::use_registry;
  return x.level == level::ipv6
         && (x.name == name::unicast_hops || x.name == name::multicast_hops);
}

// IFNAMSIZ - 1 bytes, no NUL (the kernel's limit; net/if.h is not
// included in this layer).
constexpr size_t max_ifname = 15;

} // namespace

errc check_set(const option& opt, const value& v) noexcept {
  auto* r = find(opt);
  if (r == nullptr || !r->settable)
    return errc::einval;
  if (std::holds_alternative<use_default_t>(v))
    return takes_default(opt) ? errc::ok : errc::einval;
  if (auto* t = std::get_if<rcvbuf_reads>(&v))
    return opt == option{level::otp, name::rcvbuf} && t->count >= 1
               && t->size >= 1 && t->count <= int_max / t->size
             ? errc::ok
             : errc::einval;
  if (std::holds_alternative<null_t>(v))
    return r->kind == k_msfilter ? errc::ok : errc::einval;
  if (v.index() != r->kind)
    return errc::einval;
  if (auto* f = std::get_if<ip_msfilter>(&v))
    return f->multiaddr.is_v4() && f->interface.is_v4()
               && f->mode <= msfilter_mode::exclude
               && std::all_of(f->slist.begin(), f->slist.end(),
                              [](auto& a) { return a.is_v4(); })
             ? errc::ok
             : errc::einval;
  if (auto* s = std::get_if<std::string>(&v);
      s && (s->size() > max_ifname || s->find('\0') != std::string::npos))
    return errc::einval;
  if (auto* a = std::get_if<inet::ip_address>(&v); a && !a->is_v4())
    return errc::einval;
  if (auto* m = std::get_if<ip_mreq>(&v);
      m && (!m->multiaddr.is_v4() || !m->interface.is_v4()))
    return errc::einval;
  if (auto* m = std::get_if<ipv6_mreq>(&v);
      m && (!m->multiaddr.is_v6() || m->interface < 0))
    return errc::einval;
  if (auto* p = std::get_if<pmtudisc>(&v); p && *p > pmtudisc::probe)
    return errc::einval;
  if (auto* i = std::get_if<int>(&v); i && (*i < r->min || *i > r->max))
    return errc::einval;
  if (auto* l = std::get_if<sock::linger>(&v); l && l->seconds < 0)
    return errc::einval;
  return errc::ok;
}

errc check_get(const option& opt) noexcept {
  auto* r = find(opt);
  return r != nullptr && r->gettable ? errc::ok : errc::einval;
}

} // namespace otpnet::sock
