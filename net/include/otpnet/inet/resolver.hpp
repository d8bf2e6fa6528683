// inet's resolver functions: gethostname/0, gethostbyname/1,2,
// gethostbyaddr/1, getaddr/2 and getaddrs/2, with the results of OTP's
// default configuration on Linux ({lookup, [native]}: the OS resolver,
// i.e. /etc/hosts and DNS as nsswitch.conf says), checked against OTP 25:
//
// - gethostbyname(Name, inet) asks the OS as gethostbyname(3) does (aliases
//   included; a numeric name such as "127.1" or "3232235521" is its address,
//   hex forms are not), gethostbyname(Name, inet6) as getaddrinfo(3) does
//   (no aliases, no IPv4 mapping: "127.0.0.1" is nxdomain for inet6).
// - When the OS does not know the name, the host's own name (gethostname,
//   case-insensitive, or with its domain) is the loopback address: OTP's
//   "we can always look up our own hostname".
// - gethostbyaddr takes an address or an address string (relaxed syntax);
//   an unknown 127.0.0.1 or ::1 is the host's own name. Deliberate
//   difference: OTP gives that fallback to the tuple only, so on a host
//   whose /etc/hosts lacks ::1 gethostbyaddr("::1") is nxdomain while
//   gethostbyaddr({0,0,0,0,0,0,0,1}) is the host's name; otpnet answers
//   both alike.
// - getaddrs(Host, Family) for an address returns it if the family matches
//   (eafnosupport otherwise); for a string it requires visible ASCII
//   (characters 33..126, at least one: einval otherwise) and returns
//   gethostbyname's h_addr_list. getaddr is its first address.
// - Any failure of the lookup itself is nxdomain, as in OTP. A name with a
//   NUL byte is einval (the OS would silently read only part of it).
//
// These calls block the calling thread while the OS resolves, as Erlang's
// block the calling process. From an event-based actor use the overloads in
// <otpnet/inet.hpp>, which resolve on the runtime's resolver threads.
//
// Thread safety: every function may be called from any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <otpnet/inet/hostent.hpp>
#include <otpnet/inet/ip_address.hpp>
#include <otpnet/inet/options.hpp>
#include <otpnet/net/result.hpp>

namespace otpnet::inet {

/// inet:gethostname/0: the host's name up to its first dot. Never fails
/// ("nohost" if the OS cannot say).
std::string gethostname();

/// inet:gethostbyname/1: the inet family (OTP's resolver option inet6 is
/// false by default).
net::result<hostent> gethostbyname(std::string_view name);
net::result<hostent> gethostbyname(std::string_view name, family f);

/// inet:gethostbyaddr/1.
net::result<hostent> gethostbyaddr(std::string_view address);
net::result<hostent> gethostbyaddr(const ip_address& address);

/// inet:getaddrs/2.
net::result<std::vector<ip_address>> getaddrs(std::string_view host,
                                              family f);
net::result<std::vector<ip_address>> getaddrs(const ip_address& host,
                                              family f);

/// inet:getaddr/2: the first of getaddrs.
net::result<ip_address> getaddr(std::string_view host, family f);
net::result<ip_address> getaddr(const ip_address& host, family f);

} // namespace otpnet::inet
