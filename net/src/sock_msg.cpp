#include "otpnet/sock/msg.hpp"

#include <algorithm>
#include <cstring>

#include "erlang_terms.hpp"

namespace otpnet::sock {

namespace {

using inet::detail::put_binary_term;
using inet::detail::put_list;

// CMSG_SPACE(n) on Linux: a cmsghdr (16 bytes on LP64) plus n, each
// rounded up to the size of a long. Computed here so that net/ needs no
// socket headers.
constexpr size_t align(size_t n) noexcept {
  return (n + sizeof(long) - 1) & ~(sizeof(long) - 1);
}

constexpr size_t header_size = align(sizeof(size_t) + 2 * sizeof(int));

void put_address(std::string& out, const inet::socket_address& a) {
  if (a.is_local()) {
    out += "#{family => local,path => ";
    put_binary_term(out, a.local->path);
    out += '}';
    return;
  }
  out += "#{addr => ";
  out += inet::detail::address_tuple(a.addr);
  if (a.addr.is_v6()) {
    out += ",family => inet6,flowinfo => 0,port => ";
    out += std::to_string(a.port);
    out += ",scope_id => 0}";
  } else {
    out += ",family => inet,port => ";
    out += std::to_string(a.port);
    out += '}';
  }
}

} // namespace

std::string_view to_string(msg_flag x) noexcept {
  switch (x) {
    case msg_flag::cmsg_cloexec:
      return "cmsg_cloexec";
    case msg_flag::confirm:
      return "confirm";
    case msg_flag::ctrunc:
      return "ctrunc";
    case msg_flag::dontroute:
      return "dontroute";
    case msg_flag::eor:
      return "eor";
    case msg_flag::errqueue:
      return "errqueue";
    case msg_flag::more:
      return "more";
    case msg_flag::oob:
      return "oob";
    case msg_flag::peek:
      return "peek";
    case msg_flag::trunc:
      return "trunc";
  }
  return "?";
}

std::string_view to_string(cmsg_type x) noexcept {
  switch (x) {
    case cmsg_type::tos:
      return "tos";
    case cmsg_type::ttl:
      return "ttl";
    case cmsg_type::tclass:
      return "tclass";
    case cmsg_type::hoplimit:
      return "hoplimit";
    case cmsg_type::pktinfo:
      return "pktinfo";
    case cmsg_type::other:
      break;
  }
  return "other";
}

bool operator==(const pktinfo& x, const pktinfo& y) noexcept {
  return x.addr == y.addr && x.ifindex == y.ifindex
         && x.spec_dst == y.spec_dst;
}

bool operator==(const cmsg& x, const cmsg& y) noexcept {
  return x.level == y.level && x.type == y.type && x.value == y.value
         && x.info == y.info
         && x.native_level == y.native_level
         && x.native_type == y.native_type
         && std::string_view{x.data.data(), x.data.size()}
              == std::string_view{y.data.data(), y.data.size()};
}

std::string to_string(const cmsg& x) {
  std::string out = "#{data => ";
  put_binary_term(out, {x.data.data(), x.data.size()});
  out += ",level => ";
  if (x.type == cmsg_type::other)
    out += std::to_string(x.native_level);
  else
    out += to_string(x.level);
  out += ",type => ";
  if (x.type == cmsg_type::other)
    out += std::to_string(x.native_type);
  else
    out += to_string(x.type);
  if (x.value) {
    out += ",value => ";
    out += std::to_string(*x.value);
  } else if (x.info) {
    out += ",value => #{addr => ";
    out += inet::detail::address_tuple(x.info->addr);
    out += ",ifindex => ";
    out += std::to_string(x.info->ifindex);
    if (x.info->spec_dst) {
      out += ",spec_dst => ";
      out += inet::detail::address_tuple(*x.info->spec_dst);
    }
    out += '}';
  }
  out += '}';
  return out;
}

errc check_send(const cmsg& x) noexcept {
  int lo = 0;
  switch (x.type) {
    case cmsg_type::tos:
    case cmsg_type::ttl:
      if (x.level != level::ip)
        return errc::einval;
      lo = x.type == cmsg_type::ttl ? 1 : 0;
      break;
    case cmsg_type::tclass:
    case cmsg_type::hoplimit:
      if (x.level != level::ipv6)
        return errc::einval;
      break;
    case cmsg_type::pktinfo:
    case cmsg_type::other:
      return errc::einval;
  }
  if (x.value)
    return *x.value >= lo && *x.value <= 255 ? errc::ok : errc::einval;
  return x.data.empty() ? errc::einval : errc::ok;
}

size_t control_space(const std::vector<cmsg>& ctrl) noexcept {
  size_t n = 0;
  for (auto& c : ctrl)
    n += header_size + align(c.value ? sizeof(int) : c.data.size());
  return n;
}

size_t iov_size(const std::vector<binary>& iov) noexcept {
  size_t n = 0;
  for (auto& b : iov)
    n += b.size();
  return n;
}

std::vector<binary> iov_drop(const std::vector<binary>& iov, size_t n) {
  std::vector<binary> out;
  for (auto& b : iov) {
    if (n >= b.size()) {
      n -= b.size();
      continue;
    }
    out.push_back(b.slice(n, b.size() - n));
    n = 0;
  }
  return out;
}

binary iov_join(const std::vector<binary>& iov) {
  if (iov.size() == 1)
    return iov.front();
  char* bytes = nullptr;
  auto out = binary::allocate(iov_size(iov), bytes);
  for (auto& b : iov) {
    if (b.empty())
      continue;
    std::memcpy(bytes, b.data(), b.size());
    bytes += b.size();
  }
  return out;
}

std::string to_string(const msg_recv& x) {
  std::string out = "#{";
  if (x.addr) {
    out += "addr => ";
    put_address(out, *x.addr);
    out += ',';
  }
  out += "ctrl => ";
  put_list(out, x.ctrl,
           [](std::string& o, const cmsg& c) { o += to_string(c); });
  out += ",flags => ";
  put_list(out, x.flags,
           [](std::string& o, msg_flag f) { o += to_string(f); });
  out += ",iov => ";
  put_list(out, x.iov, [](std::string& o, const binary& b) {
    put_binary_term(o, {b.data(), b.size()});
  });
  out += '}';
  return out;
}

} // namespace otpnet::sock
