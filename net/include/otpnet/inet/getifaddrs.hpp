// inet:getifaddrs/0: interface names and addresses, shaped as OTP 25 shapes
// them on Linux (checked against it): one entry per interface in the order
// the OS first lists it; in it, one {flags, Flags} per distinct flag set,
// each followed by the addresses reported under it ({addr, A}, then
// {netmask, M}, then {broadaddr, B} when the interface broadcasts or
// {dstaddr, D} when it is point-to-point), with {hwaddr, Bytes} moved
// last as prim_inet moves it.
//
// Thread safety: every function may be called from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <otpnet/inet/ip_address.hpp>
#include <otpnet/inet/options.hpp>
#include <otpnet/net/result.hpp>

namespace otpnet::inet {

/// The atoms of {flags, Flags}, in the order OTP lists them.
enum class ifflag : uint8_t {
  up,
  broadcast,
  loopback,
  pointtopoint,
  running,
  multicast,
};

/// One tuple of getifaddrs_ifopts(): `key` says which; `flags` is set for
/// key::flags, `addr` for the address keys, `hwaddr` for key::hwaddr.
struct ifopt {
  enum class key : uint8_t { flags, addr, netmask, broadaddr, dstaddr, hwaddr };

  key k = key::flags;
  std::vector<ifflag> flags;
  ip_address addr;
  std::vector<uint8_t> hwaddr;

  static ifopt of_flags(std::vector<ifflag> fs);
  static ifopt of_address(key k, ip_address a);
  static ifopt of_hwaddr(std::vector<uint8_t> bytes);
};

bool operator==(const ifopt& x, const ifopt& y);
bool operator!=(const ifopt& x, const ifopt& y);

/// {Ifname, Ifopts}.
struct interface_info {
  std::string name;
  std::vector<ifopt> opts;
};

bool operator==(const interface_info& x, const interface_info& y);
bool operator!=(const interface_info& x, const interface_info& y);

/// inet:getifaddrs/0. The only error is the OS's (e.g. enomem).
net::result<std::vector<interface_info>> getifaddrs();

/// inet:getifaddrs/1 with [{netns, Namespace}]: the interfaces of that
/// network namespace. Entering it fails as the socket option does (enoent,
/// einval for a file that is no network namespace, eperm).
net::result<std::vector<interface_info>> getifaddrs(const netns& ns);

/// What getifaddrs makes of the OS's records, one per record (an entry's
/// opts start with its {flags, _}): prim_inet's regrouping, exposed so that
/// it can be tested on any input.
std::vector<interface_info>
group_ifaddrs(const std::vector<interface_info>& records);

/// As the shell prints it, on one line: [{"lo",[{flags,[up,loopback,
/// running]},{addr,{127,0,0,1}},...,{hwaddr,[0,0,0,0,0,0]}]}].
std::string to_string(const std::vector<interface_info>& ifs);
std::string to_string(const ifopt& opt);

} // namespace otpnet::inet
