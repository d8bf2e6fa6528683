// Fuzz target: option lists, as gen_tcp:listen/connect and inet:setopts
// take them (net/normalize_options.hpp).
//
// Options are built from the input with values at and around every limit
// the spec sets, and with enum values no constructor makes (a cast away
// from a user's typo). Properties: every list is accepted or refused with
// einval; connect accepts what listen accepts, with the same record, unless
// the list holds backlog; an accepted record keeps low <= high for both
// watermark pairs and buffer >= 1; setopts refuses any creation-only
// option, never touches the live active state, reports the {active, _}
// and raw options in order (leaving the open-time raw list alone), and
// gives the same record when applied twice;
// gen_udp:open and UDP setopts accept exactly the lists of UDP options the
// TCP rules accept, with the same record; TCP refuses the UDP-only
// broadcast, read_packets and multicast options; UDP's multicast options
// keep their family and range, memberships in order and separate from the
// open-time list; recvtclass (either value) is accepted only where the
// socket's family is inet6; every option prints.

#include <algorithm>
#include <array>
#include <optional>
#include <cstdint>
#include <limits>
#include <string>
#include <variant>
#include <vector>

#include "fuzz/fuzz_input.hpp"
#include "fuzz/fuzz_targets.hpp"

#include "otpnet/inet/options.hpp"
#include "otpnet/net/normalize_options.hpp"

namespace otpnet::fuzz {

namespace {

using inet::option;

constexpr int64_t i32max = std::numeric_limits<int32_t>::max();
constexpr int64_t u32max = std::numeric_limits<uint32_t>::max();

/// Integers at the edges of every documented range.
constexpr std::array<int64_t, 24> edges{
  0,          1,          -1,         2,         4,
  255,        256,        65535,      65536,     -32768,
  -32769,     32767,      32768,      i32max,    i32max + 1,
  u32max,     u32max + 1, 1460,       8192,      4096,
  std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max(),
  10000,      3};

int64_t integer(input& in) {
  auto sel = in.u8();
  if (sel < 128)
    return edges[sel % edges.size()];
  // Otherwise a small signed number: the ordinary cases.
  return static_cast<int16_t>(in.u16());
}

/// Interface names: none, real, at and past IFNAMSIZ - 1, with a NUL.
std::string ifname(input& in) {
  switch (in.u8() % 6) {
    case 0:
      return {};
    case 1:
      return "lo";
    case 2:
      return std::string(15, 'x');
    case 3:
      return std::string(16, 'x');
    case 4:
      return std::string("l\0o", 3);
    default: {
      std::string out(in.u8() % 20, '\0');
      for (auto& c : out)
        c = static_cast<char>(in.u8());
      return out;
    }
  }
}

/// A local socket's file: well-formed or not (empty, too long, a NUL
/// inside), an abstract name, any bytes.
std::string local_path(input& in) {
  switch (in.u8() % 6) {
    case 0:
      return {};
    case 1:
      return "/tmp/otpnet.sock";
    case 2:
      return std::string(inet::max_local_path, 'x');
    case 3:
      return std::string(inet::max_local_path + 1, 'x');
    case 4:
      return std::string("\0abstract", 9);
    default:
      return ifname(in);
  }
}

inet::ip_address address(input& in) {
  if (in.u8() % 2 == 0) {
    inet::ip4_address a;
    for (auto& o : a.octets)
      o = in.u8();
    return a;
  }
  inet::ip6_address a;
  for (auto& g : a.groups)
    g = in.u16();
  return a;
}

/// A value for each kind of option.
template <class T>
T make(input& in) {
  if constexpr (std::is_same_v<T, inet::active>) {
    switch (in.u8() % 4) {
      case 0:
        return inet::active{false};
      case 1:
        return inet::active{true};
      case 2:
        return inet::active{inet::once};
      default:
        return inet::active{integer(in)};
    }
  } else if constexpr (std::is_same_v<T, inet::packet>) {
    if (in.u8() % 2 == 0)
      return inet::packet{integer(in)};
    // Any byte: the 14 packet types, then values no constructor makes.
    return inet::packet{static_cast<net::packet_type>(in.u8() % 16)};
  } else if constexpr (std::is_same_v<T, inet::mode>) {
    return inet::mode{static_cast<inet::mode_kind>(in.u8() % 3)};
  } else if constexpr (std::is_same_v<T, inet::deliver>) {
    return inet::deliver{static_cast<inet::deliver_kind>(in.u8() % 3)};
  } else if constexpr (std::is_same_v<T, inet::family>) {
    return inet::family{static_cast<inet::family_kind>(in.u8() % 4)};
  } else if constexpr (std::is_same_v<T, inet::ifaddr>) {
    if (in.u8() % 2 == 0)
      return inet::ifaddr{address(in)};
    return inet::ifaddr{inet::local_address{local_path(in)}};
  } else if constexpr (std::is_same_v<T, inet::send_timeout>) {
    if (in.u8() % 2 == 0)
      return inet::send_timeout{inet::infinity};
    return inet::send_timeout{integer(in)};
  } else if constexpr (std::is_same_v<T, inet::linger>) {
    bool on = in.u8() % 2;
    return inet::linger{on, integer(in)};
  } else if constexpr (std::is_same_v<T, inet::bind_to_device>
                       || std::is_same_v<T, inet::netns>) {
    return T{ifname(in)}; // any bytes, a NUL among them
  } else if constexpr (std::is_same_v<T, inet::raw>) {
    auto level = integer(in);
    auto num = integer(in);
    return T{level, num, ifname(in)};
  } else if constexpr (std::is_same_v<T, inet::pktoptions>) {
    inet::ancillary_data data;
    for (unsigned n = in.u8() % 4u; n > 0; --n)
      data.set(static_cast<inet::ancillary_kind>(in.u8() % 3), in.u8());
    return T{data};
  } else if constexpr (std::is_same_v<T, inet::add_membership>
                       || std::is_same_v<T, inet::drop_membership>) {
    // Every shape, well-formed or not: {G, If}, {G, If, Index}, {G, Index}.
    auto group = address(in);
    switch (in.u8() % 3) {
      case 0:
        return T{inet::membership{group, address(in)}};
      case 1:
        return T{inet::membership{group, address(in), integer(in)}};
      default:
        return T{inet::membership{group, integer(in)}};
    }
  } else if constexpr (std::is_same_v<T, inet::multicast_if>) {
    if (in.u8() % 2 == 0)
      return T{address(in)};
    return T{integer(in)};
  } else if constexpr (std::is_same_v<decltype(T::value), bool>) {
    return T{in.u8() % 2 == 1};
  } else if constexpr (std::is_same_v<decltype(T::value), int64_t>) {
    return T{integer(in)};
  } else {
    static_assert(std::is_same_v<decltype(T::value), inet::ip_address>);
    return T{address(in)};
  }
}

template <std::size_t... I>
option make_option(std::size_t index, input& in, std::index_sequence<I...>) {
  option out;
  ((index == I
      ? void(out = option{std::in_place_index<I>,
                          make<std::variant_alternative_t<I, option>>(in)})
      : void()),
   ...);
  return out;
}

std::vector<option> option_list(input& in) {
  std::vector<option> opts;
  unsigned n = in.u8() % 12u;
  for (unsigned i = 0; i < n; ++i)
    opts.push_back(
      make_option(in.u8() % inet::option_name_count, in,
                  std::make_index_sequence<inet::option_name_count>{}));
  return opts;
}

bool holds(const std::vector<option>& opts, inet::option_name name) {
  for (const auto& o : opts)
    if (inet::name_of(o) == name)
      return true;
  return false;
}

void only_einval(errc e) {
  check(e == errc::einval, "a refused option list is einval");
}

bool is_multicast(inet::option_name name) {
  switch (name) {
    case inet::option_name::add_membership:
    case inet::option_name::drop_membership:
    case inet::option_name::multicast_if:
    case inet::option_name::multicast_loop:
    case inet::option_name::multicast_ttl:
      return true;
    default:
      return false;
  }
}

/// An accepted list's memberships are its own, in order, each of the
/// socket's family and well-formed; an interface address is IPv4's; the
/// TTL a byte or -1.
void multicast_sound(const std::vector<option>& given,
                     const net::socket_options& rec,
                     const std::vector<net::membership_change>& changes) {
  std::vector<net::membership_change> expected;
  for (const auto& o : given) {
    if (auto* a = std::get_if<inet::add_membership>(&o))
      expected.emplace_back(*a);
    else if (auto* d = std::get_if<inet::drop_membership>(&o))
      expected.emplace_back(*d);
  }
  check(changes == expected, "every membership in order");
  bool v6 = rec.family == inet::family_kind::inet6;
  for (const auto& c : changes) {
    const auto& m = net::group_of(c);
    check(m.multiaddr.is_v6() == v6, "a group of the socket's family");
    check(v6 ? !m.interface && m.ifindex : m.interface && m.interface->is_v4(),
          "IPv4 groups name an interface address, IPv6 ones an index");
    check(!m.ifindex || (*m.ifindex >= 0 && *m.ifindex <= i32max),
          "an interface index fits a C int");
  }
  if (rec.multicast_if) {
    auto* addr = std::get_if<inet::ip_address>(&rec.multicast_if->value);
    check(!addr || (addr->is_v4() && !v6),
          "an interface address only on IPv4");
  }
  check(!rec.multicast_ttl
          || (*rec.multicast_ttl >= -1 && *rec.multicast_ttl <= 255),
        "multicast_ttl -1..255");
}

void consistent(const net::socket_options& o) {
  check(o.low_watermark <= o.high_watermark, "low_watermark <= high");
  check(o.low_msgq_watermark <= o.high_msgq_watermark,
        "low_msgq_watermark <= high");
  check(o.buffer >= 1, "buffer >= 1");
  check(!o.local_address
          || (o.family == inet::family_kind::local
              && inet::check_local_path(o.local_address->path) == errc::ok),
        "a file to bind: a valid path, and the local family");
  check(!(o.ip && o.local_address), "an IP address or a file, not both");
  check(o.family != inet::family_kind::local || (!o.ip && o.port == 0),
        "the local family binds no IP address and no port");
}

} // namespace

void options_target(const uint8_t* data, std::size_t size) {
  input in{data, size};
  auto create = option_list(in);
  auto set = option_list(in);
  for (const auto& o : create)
    check(!inet::to_string(o).empty(), "every option prints");

  auto listen = net::normalize_listen_options(create);
  auto connect = net::normalize_connect_options(create);
  if (!listen)
    only_einval(listen.error());
  if (!connect)
    only_einval(connect.error());
  if (holds(create, inet::option_name::backlog)) {
    check(!connect, "connect refuses backlog");
  } else {
    check(listen.has_value() == connect.has_value(),
          "connect accepts what listen accepts");
    if (listen)
      check(listen.value() == connect.value(), "with the same record");
  }
  // UDP: connect's rules, limited to the UDP options, plus broadcast and
  // read_packets (UDP's alone: compared with connect on the list without
  // them; read_packets in 1..INT32_MAX).
  bool all_udp = std::all_of(create.begin(), create.end(), [](const auto& o) {
    return net::udp_allowed(inet::name_of(o));
  });
  std::vector<inet::option> tcp_part;
  std::optional<bool> last_broadcast;
  std::optional<int64_t> last_read_packets;
  bool read_packets_ok = true;
  bool multicast = false;
  for (const auto& o : create) {
    if (is_multicast(inet::name_of(o))) {
      multicast = true;
    } else if (auto* b = std::get_if<inet::broadcast>(&o)) {
      last_broadcast = b->value;
    } else if (auto* r = std::get_if<inet::read_packets>(&o)) {
      last_read_packets = r->value;
      read_packets_ok = read_packets_ok && r->value >= 1 && r->value <= i32max;
    } else {
      tcp_part.push_back(o);
    }
  }
  auto udp = net::normalize_udp_options(create);
  if (!all_udp) {
    check(!udp, "gen_udp:open refuses a TCP option");
  } else {
    auto as_tcp = net::normalize_connect_options(tcp_part);
    // The multicast options can only refuse more (their own values, or
    // their family against the socket's).
    if (multicast)
      check(!udp || (as_tcp.has_value() && read_packets_ok),
            "gen_udp:open with multicast options accepts no more than "
            "connect accepts of the rest");
    else
      check(udp.has_value() == (as_tcp.has_value() && read_packets_ok),
            "gen_udp:open accepts what connect accepts of UDP options");
    if (udp) {
      auto expected = as_tcp.value();
      expected.broadcast = last_broadcast.value_or(false);
      expected.read_packets
        = static_cast<uint32_t>(last_read_packets.value_or(5));
      expected.multicast_if = udp.value().multicast_if;
      expected.multicast_loop = udp.value().multicast_loop;
      expected.multicast_ttl = udp.value().multicast_ttl;
      expected.memberships = udp.value().memberships;
      check(udp.value() == expected, "with the same record");
      multicast_sound(create, udp.value(), udp.value().memberships);
    }
  }
  if (!udp)
    only_einval(udp.error());
  check(!holds(create, inet::option_name::broadcast) || !connect,
        "TCP refuses broadcast");
  check(!holds(create, inet::option_name::read_packets) || !listen,
        "TCP refuses read_packets");
  check(!listen || !holds(create, inet::option_name::recvtclass)
          || listen.value().family == inet::family_kind::inet6,
        "recvtclass only on an IPv6 socket");
  if (listen && listen.value().family == inet::family_kind::local)
    for (const auto& o : create)
      check(net::local_allowed(inet::name_of(o)),
            "a local socket takes no IP-level option");
  net::socket_options current = listen ? listen.value()
                                       : net::socket_options{};
  consistent(current);

  auto delta = net::apply_setopts(current, set);
  bool creation_only = false;
  for (const auto& o : set)
    creation_only = creation_only
                    || !net::allowed(net::option_operation::setopts,
                                     inet::name_of(o));
  if (!delta) {
    only_einval(delta.error());
    return;
  }
  check(!creation_only, "setopts refuses creation-only options");
  check(!holds(set, inet::option_name::recvtclass)
          || current.family == inet::family_kind::inet6,
        "setopts takes recvtclass only on an IPv6 socket");
  const auto& next = delta.value().next;
  consistent(next);
  check(next.active == current.active, "setopts leaves the live active state");
  std::vector<inet::active> actives;
  for (const auto& o : set)
    if (auto* a = std::get_if<inet::active>(&o))
      actives.push_back(*a);
  check(delta.value().active == actives, "every {active, _} in order");
  std::vector<inet::raw> raws;
  for (const auto& o : set)
    if (auto* r = std::get_if<inet::raw>(&o))
      raws.push_back(*r);
  check(delta.value().raw == raws, "every raw option in order");
  check(next.raw == current.raw, "setopts leaves the open-time raw list");
  auto udp_delta = net::apply_udp_setopts(current, set);
  bool set_all_udp = std::all_of(set.begin(), set.end(), [](const auto& o) {
    return net::udp_allowed(inet::name_of(o));
  });
  // (TCP setopts succeeded, so the list holds no broadcast or
  // read_packets.)
  check(udp_delta.has_value() == set_all_udp,
        "UDP setopts takes exactly the UDP options setopts takes");
  if (udp_delta)
    check(udp_delta.value().next == next, "with the same record");
  auto udp_open = net::normalize_udp_options(create);
  if (udp_open) {
    auto u = net::apply_udp_setopts(udp_open.value(), set);
    if (u) {
      multicast_sound(set, u.value().next, u.value().memberships);
      check(u.value().next.memberships == udp_open.value().memberships,
            "UDP setopts leaves the open-time memberships");
    }
  }
  auto again = net::apply_setopts(next, set);
  check(again.has_value() && again.value().next == next,
        "setopts applied twice gives the same record");
}

} // namespace otpnet::fuzz
