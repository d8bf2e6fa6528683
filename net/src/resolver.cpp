#include <otpnet/inet/resolver.hpp>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <memory>

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <otpnet/inet/parse_address.hpp>

#include "os_address.hpp"

namespace otpnet::inet {

namespace {

using detail::from_in4;
using detail::from_in6;
using detail::to_in6;
using addr_list = std::vector<ip_address>;

// glibc's reentrant lookups want a scratch buffer and say ERANGE when it is
// too small. /etc/hosts lines are short; the cap only guards against a
// resolver that keeps asking for more.
constexpr size_t first_buffer = 1024;
constexpr size_t max_buffer = 1 << 20;

hostent make_hostent(std::string name, std::vector<std::string> aliases,
                     addr_list addrs, family f) {
  hostent h;
  h.h_name = std::move(name);
  h.h_aliases = std::move(aliases);
  h.h_addrtype = f;
  h.h_length = f == inet6 ? 16 : 4;
  h.h_addr_list = std::move(addrs);
  return h;
}

// Copies a C hostent (its strings live in the scratch buffer).
hostent copy_hostent(const ::hostent& he, family f) {
  std::vector<std::string> aliases;
  for (char** a = he.h_aliases; a && *a; ++a)
    aliases.emplace_back(*a);
  addr_list addrs;
  for (char** a = he.h_addr_list; a && *a; ++a)
    addrs.push_back(f == inet6 ? from_in6(*a) : from_in4(*a));
  return make_hostent(he.h_name ? he.h_name : "", std::move(aliases),
                      std::move(addrs), f);
}

// Runs a glibc *_r lookup, growing its buffer on ERANGE.
template <class Lookup>
net::result<hostent> lookup_r(family f, Lookup lookup) {
  std::vector<char> buf(first_buffer);
  for (;;) {
    ::hostent he{};
    ::hostent* res = nullptr;
    int herr = 0;
    int rc = lookup(he, buf, res, herr);
    if (rc == ERANGE && buf.size() < max_buffer) {
      buf.resize(buf.size() * 2);
      continue;
    }
    if (rc != 0 || res == nullptr)
      return errc::nxdomain;
    return copy_hostent(*res, f);
  }
}

net::result<hostent> os_byname_inet(const std::string& name) {
  return lookup_r(inet, [&](::hostent& he, std::vector<char>& buf,
                            ::hostent*& res, int& herr) {
    return gethostbyname2_r(name.c_str(), AF_INET, &he, buf.data(),
                            buf.size(), &res, &herr);
  });
}

net::result<hostent> os_byname_inet6(const std::string& name) {
  addrinfo hints{};
  hints.ai_family = AF_INET6;
  hints.ai_socktype = SOCK_STREAM; // one entry per address
  hints.ai_flags = AI_CANONNAME;
  addrinfo* found = nullptr;
  if (getaddrinfo(name.c_str(), nullptr, &hints, &found) != 0)
    return errc::nxdomain;
  std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> guard{found,
                                                           &freeaddrinfo};
  std::string canon = found->ai_canonname ? found->ai_canonname : name;
  addr_list addrs;
  for (auto* p = found; p != nullptr; p = p->ai_next) {
    if (p->ai_family != AF_INET6 || p->ai_addr == nullptr)
      continue;
    auto* sa = reinterpret_cast<const sockaddr_in6*>(p->ai_addr);
    auto addr = from_in6(&sa->sin6_addr);
    if (std::find(addrs.begin(), addrs.end(), addr) == addrs.end())
      addrs.push_back(addr);
  }
  if (addrs.empty())
    return errc::nxdomain;
  return make_hostent(std::move(canon), {}, std::move(addrs), inet6);
}

std::string full_hostname() {
  char buf[256] = {};
  if (::gethostname(buf, sizeof(buf) - 1) != 0 || buf[0] == '\0')
    return "nohost";
  return buf;
}

std::string lower(std::string_view s) {
  std::string out{s};
  for (auto& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The domain is what follows the first dot of the host's full name.
std::string domain_of(const std::string& full) {
  auto dot = full.find('.');
  return dot == std::string::npos ? std::string{} : full.substr(dot + 1);
}

ip_address loopback(family f) {
  return f == inet6 ? ip_address::loopback_v6() : ip_address::loopback_v4();
}

// OTP's last resort: the host's own name is the loopback address.
net::result<hostent> byname_self(std::string_view name, family f) {
  auto full = full_hostname();
  auto self = gethostname();
  auto wanted = lower(name);
  if (wanted == lower(self))
    return make_hostent(self, {}, {loopback(f)}, f);
  auto domain = domain_of(full);
  if (!domain.empty()) {
    auto fqdn = self + "." + domain;
    if (wanted == lower(fqdn))
      return make_hostent(fqdn, {}, {loopback(f)}, f);
  }
  return errc::nxdomain;
}

net::result<hostent> byaddr_self(const ip_address& addr, family f) {
  auto self = gethostname();
  auto domain = domain_of(full_hostname());
  if (domain.empty())
    return make_hostent(self, {}, {addr}, f);
  return make_hostent(self + "." + domain, {self}, {addr}, f);
}

bool has_nul(std::string_view s) {
  return s.find('\0') != std::string_view::npos;
}

// inet_parse:visible_string/1.
bool visible_string(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u >= 33 && u <= 126;
  });
}

} // namespace

std::string gethostname() {
  auto full = full_hostname();
  return full.substr(0, full.find('.'));
}

net::result<hostent> gethostbyname(std::string_view name) {
  return gethostbyname(name, inet);
}

net::result<hostent> gethostbyname(std::string_view name, family f) {
  if (has_nul(name))
    return errc::einval;
  std::string str{name};
  auto res = f == inet6 ? os_byname_inet6(str) : os_byname_inet(str);
  if (res)
    return res;
  return byname_self(name, f);
}

net::result<hostent> gethostbyaddr(std::string_view address) {
  auto addr = parse_address(address);
  if (!addr)
    return errc::einval;
  return gethostbyaddr(*addr);
}

net::result<hostent> gethostbyaddr(const ip_address& address) {
  if (address.is_v4()) {
    auto bytes = address.v4().octets;
    auto res = lookup_r(inet, [&](::hostent& he, std::vector<char>& buf,
                                  ::hostent*& out, int& herr) {
      return gethostbyaddr_r(bytes.data(), 4, AF_INET, &he, buf.data(),
                             buf.size(), &out, &herr);
    });
    if (res)
      return res;
    if (address == ip_address::loopback_v4())
      return byaddr_self(address, inet);
    return errc::nxdomain;
  }
  // OTP's native IPv6 reverse lookup reports the name only (no aliases).
  sockaddr_in6 sa{};
  sa.sin6_family = AF_INET6;
  to_in6(address, sa.sin6_addr);
  char host[NI_MAXHOST] = {};
  if (getnameinfo(reinterpret_cast<const sockaddr*>(&sa), sizeof(sa), host,
                  sizeof(host), nullptr, 0, NI_NAMEREQD)
      == 0)
    return make_hostent(host, {}, {address}, inet6);
  if (address == ip_address::loopback_v6())
    return byaddr_self(address, inet6);
  return errc::nxdomain;
}

net::result<std::vector<ip_address>> getaddrs(std::string_view host,
                                              family f) {
  if (!visible_string(host))
    return errc::einval;
  auto res = gethostbyname(host, f);
  if (!res)
    return res.error();
  return std::move(res->h_addr_list);
}

net::result<std::vector<ip_address>> getaddrs(const ip_address& host,
                                              family f) {
  if (host.is_v4() != (f == inet))
    return errc::eafnosupport;
  return addr_list{host};
}

net::result<ip_address> getaddr(std::string_view host, family f) {
  auto res = getaddrs(host, f);
  if (!res)
    return res.error();
  if (res->empty())
    return errc::nxdomain;
  return res->front();
}

net::result<ip_address> getaddr(const ip_address& host, family f) {
  auto res = getaddrs(host, f);
  if (!res)
    return res.error();
  return res->front();
}

} // namespace otpnet::inet
