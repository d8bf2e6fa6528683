#include <otpnet/inet/getifaddrs.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>

#include <ifaddrs.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <otpnet/net/errc.hpp>
#include <otpnet/net/netns.hpp>

#include "erlang_terms.hpp"
#include "os_address.hpp"

namespace otpnet::inet {

ifopt ifopt::of_flags(std::vector<ifflag> fs) {
  ifopt o;
  o.k = key::flags;
  o.flags = std::move(fs);
  return o;
}

ifopt ifopt::of_address(key k, ip_address a) {
  ifopt o;
  o.k = k;
  o.addr = a;
  return o;
}

ifopt ifopt::of_hwaddr(std::vector<uint8_t> bytes) {
  ifopt o;
  o.k = key::hwaddr;
  o.hwaddr = std::move(bytes);
  return o;
}

bool operator==(const ifopt& x, const ifopt& y) {
  if (x.k != y.k)
    return false;
  switch (x.k) {
    case ifopt::key::flags:
      return x.flags == y.flags;
    case ifopt::key::hwaddr:
      return x.hwaddr == y.hwaddr;
    default:
      return x.addr == y.addr;
  }
}

bool operator!=(const ifopt& x, const ifopt& y) {
  return !(x == y);
}

bool operator==(const interface_info& x, const interface_info& y) {
  return x.name == y.name && x.opts == y.opts;
}

bool operator!=(const interface_info& x, const interface_info& y) {
  return !(x == y);
}

namespace {

using opt_list = std::vector<ifopt>;

bool is_hw(const ifopt& o) {
  return o.k == ifopt::key::hwaddr;
}

// prim_inet:hwaddr_last/1: every hwaddr moved behind the rest, both kept in
// order.
opt_list hwaddr_last(opt_list opts) {
  opt_list rest;
  opt_list hw;
  for (auto& o : opts)
    (is_hw(o) ? hw : rest).push_back(std::move(o));
  rest.insert(rest.end(), std::make_move_iterator(hw.begin()),
              std::make_move_iterator(hw.end()));
  return rest;
}

struct flag_group {
  std::vector<ifflag> flags;
  opt_list opts;
};

struct iface_groups {
  std::string name;
  std::vector<flag_group> groups;
};

// prim_inet:comp_ifaddrs_3/2: the first group whole, then the later ones
// with their hwaddrs gathered at the very end (it applies hwaddr_last to
// the concatenation of the later groups).
opt_list flatten(const std::vector<flag_group>& groups, size_t i) {
  if (i == groups.size())
    return {};
  opt_list head;
  head.push_back(ifopt::of_flags(groups[i].flags));
  auto own = hwaddr_last(groups[i].opts);
  head.insert(head.end(), own.begin(), own.end());
  auto tail = hwaddr_last(flatten(groups, i + 1));
  head.insert(head.end(), tail.begin(), tail.end());
  return head;
}

std::vector<ifflag> flags_of(unsigned int f) {
  std::vector<ifflag> out;
  if (f & IFF_UP)
    out.push_back(ifflag::up);
  if (f & IFF_BROADCAST)
    out.push_back(ifflag::broadcast);
  if (f & IFF_LOOPBACK)
    out.push_back(ifflag::loopback);
  if (f & IFF_POINTOPOINT)
    out.push_back(ifflag::pointtopoint);
  if (f & IFF_RUNNING)
    out.push_back(ifflag::running);
  if (f & IFF_MULTICAST)
    out.push_back(ifflag::multicast);
  return out;
}

bool ip_of(const sockaddr* sa, ip_address& out) {
  if (sa == nullptr)
    return false;
  if (sa->sa_family == AF_INET) {
    out = detail::from_in4(
      &reinterpret_cast<const sockaddr_in*>(sa)->sin_addr);
    return true;
  }
  if (sa->sa_family == AF_INET6) {
    out = detail::from_in6(
      &reinterpret_cast<const sockaddr_in6*>(sa)->sin6_addr);
    return true;
  }
  return false;
}

// One OS record as inet_drv reports it.
interface_info record_of(const ifaddrs& ifa) {
  interface_info rec;
  rec.name = ifa.ifa_name ? ifa.ifa_name : "";
  rec.opts.push_back(ifopt::of_flags(flags_of(ifa.ifa_flags)));
  ip_address a;
  if (ip_of(ifa.ifa_addr, a)) {
    rec.opts.push_back(ifopt::of_address(ifopt::key::addr, a));
    if (ip_of(ifa.ifa_netmask, a))
      rec.opts.push_back(ifopt::of_address(ifopt::key::netmask, a));
    if ((ifa.ifa_flags & IFF_BROADCAST) && ip_of(ifa.ifa_broadaddr, a))
      rec.opts.push_back(ifopt::of_address(ifopt::key::broadaddr, a));
    else if ((ifa.ifa_flags & IFF_POINTOPOINT) && ip_of(ifa.ifa_dstaddr, a))
      rec.opts.push_back(ifopt::of_address(ifopt::key::dstaddr, a));
  } else if (ifa.ifa_addr != nullptr && ifa.ifa_addr->sa_family == AF_PACKET) {
    auto* ll = reinterpret_cast<const sockaddr_ll*>(ifa.ifa_addr);
    auto len = std::min<size_t>(ll->sll_halen, sizeof(ll->sll_addr));
    rec.opts.push_back(ifopt::of_hwaddr({ll->sll_addr, ll->sll_addr + len}));
  }
  return rec;
}

constexpr std::string_view flag_names[] = {
  "up", "broadcast", "loopback", "pointtopoint", "running", "multicast",
};

constexpr std::string_view key_names[] = {
  "flags", "addr", "netmask", "broadaddr", "dstaddr", "hwaddr",
};

} // namespace

std::vector<interface_info>
group_ifaddrs(const std::vector<interface_info>& records) {
  std::vector<iface_groups> ifs;
  for (const auto& rec : records) {
    if (rec.opts.empty() || rec.opts.front().k != ifopt::key::flags)
      continue; // every record the OS layer makes starts with its flags
    auto it = std::find_if(ifs.begin(), ifs.end(), [&](const auto& x) {
      return x.name == rec.name;
    });
    if (it == ifs.end())
      it = ifs.insert(ifs.end(), iface_groups{rec.name, {}});
    const auto& flags = rec.opts.front().flags;
    auto g = std::find_if(it->groups.begin(), it->groups.end(),
                          [&](const auto& x) { return x.flags == flags; });
    if (g == it->groups.end())
      g = it->groups.insert(it->groups.end(), flag_group{flags, {}});
    g->opts.insert(g->opts.end(), rec.opts.begin() + 1, rec.opts.end());
  }
  std::vector<interface_info> out;
  out.reserve(ifs.size());
  for (const auto& x : ifs)
    out.push_back(interface_info{x.name, flatten(x.groups, 0)});
  return out;
}

net::result<std::vector<interface_info>> getifaddrs() {
  ifaddrs* list = nullptr;
  if (::getifaddrs(&list) != 0)
    return errno == ENOMEM ? errc::enomem : errc::einval;
  std::unique_ptr<ifaddrs, decltype(&freeifaddrs)> guard{list, &freeifaddrs};
  std::vector<interface_info> records;
  for (auto* p = list; p != nullptr; p = p->ifa_next)
    records.push_back(record_of(*p));
  return group_ifaddrs(records);
}

net::result<std::vector<interface_info>> getifaddrs(const netns& ns) {
  if (ns.value.find('\0') != std::string::npos)
    return errc::einval; // as the socket option: no file name
  net::result<std::vector<interface_info>> out = errc::einval;
  auto entered = net::in_netns(ns.value, [&] {
    out = getifaddrs(); // its netlink socket opens in the namespace
    return out ? errc::ok : out.error();
  });
  if (entered != errc::ok)
    return entered;
  return out;
}

std::string to_string(const ifopt& opt) {
  using namespace detail;
  std::string out = "{";
  out += key_names[static_cast<size_t>(opt.k)];
  out += ',';
  switch (opt.k) {
    case ifopt::key::flags:
      put_list(out, opt.flags, [](std::string& o, ifflag f) {
        o += flag_names[static_cast<size_t>(f)];
      });
      break;
    case ifopt::key::hwaddr:
      put_list(out, opt.hwaddr,
               [](std::string& o, uint8_t b) { o += std::to_string(b); });
      break;
    default:
      out += address_tuple(opt.addr);
  }
  out += '}';
  return out;
}

std::string to_string(const std::vector<interface_info>& ifs) {
  using namespace detail;
  std::string out;
  put_list(out, ifs, [](std::string& o, const interface_info& i) {
    o += '{';
    put_string_term(o, i.name);
    o += ',';
    put_list(o, i.opts,
             [](std::string& o2, const ifopt& x) { o2 += to_string(x); });
    o += '}';
  });
  return out;
}

} // namespace otpnet::inet
