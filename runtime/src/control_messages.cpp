#include "control_messages.hpp"

#include <netinet/in.h>

#include <algorithm>
#include <cstring>
#include <optional>

#include "asio_address.hpp"

namespace otpnet::detail {

void collect_ancillary(msghdr& msg, inet::ancillary_data& anc) {
  for (auto* c = CMSG_FIRSTHDR(&msg); c != nullptr; c = CMSG_NXTHDR(&msg, c)) {
    inet::ancillary_kind kind;
    if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_TOS)
      kind = inet::ancillary_kind::tos;
    else if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_TTL)
      kind = inet::ancillary_kind::ttl;
    else if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_TCLASS)
      kind = inet::ancillary_kind::tclass;
    else
      continue;
    int value = 0;
    if (c->cmsg_len >= CMSG_LEN(sizeof(int)))
      std::memcpy(&value, CMSG_DATA(c), sizeof(int));
    else if (c->cmsg_len >= CMSG_LEN(1))
      value = *CMSG_DATA(c);
    else
      continue;
    anc.set(kind, static_cast<uint8_t>(value));
  }
}

void put_ancillary(msghdr& msg, const inet::ancillary_data& anc) {
  std::memset(msg.msg_control, 0, ancillary_space);
  msg.msg_controllen = CMSG_SPACE(sizeof(int)) * anc.size();
  auto* c = CMSG_FIRSTHDR(&msg);
  for (const auto& item : anc) {
    switch (item.kind) {
      case inet::ancillary_kind::tos:
        c->cmsg_level = IPPROTO_IP;
        c->cmsg_type = IP_TOS;
        break;
      case inet::ancillary_kind::ttl:
        c->cmsg_level = IPPROTO_IP;
        c->cmsg_type = IP_TTL;
        break;
      case inet::ancillary_kind::tclass:
        c->cmsg_level = IPPROTO_IPV6;
        c->cmsg_type = IPV6_TCLASS;
        break;
    }
    c->cmsg_len = CMSG_LEN(sizeof(int));
    int value = item.value;
    std::memcpy(CMSG_DATA(c), &value, sizeof(value));
    c = CMSG_NXTHDR(&msg, c);
  }
}

namespace {

// net/ computes sock::control_space without the socket headers: a 16-byte
// header and data rounded up to a long.
static_assert(CMSG_SPACE(0) == 16 && CMSG_SPACE(1) == 16 + sizeof(long));

struct cmsg_name {
  sock::level level;
  sock::cmsg_type type;
  int native_level;
  int native_type;
};

constexpr cmsg_name cmsg_names[] = {
  {sock::level::ip, sock::cmsg_type::tos, IPPROTO_IP, IP_TOS},
  {sock::level::ip, sock::cmsg_type::ttl, IPPROTO_IP, IP_TTL},
  {sock::level::ipv6, sock::cmsg_type::tclass, IPPROTO_IPV6, IPV6_TCLASS},
  {sock::level::ipv6, sock::cmsg_type::hoplimit, IPPROTO_IPV6,
   IPV6_HOPLIMIT},
  {sock::level::ip, sock::cmsg_type::pktinfo, IPPROTO_IP, IP_PKTINFO},
  {sock::level::ipv6, sock::cmsg_type::pktinfo, IPPROTO_IPV6, IPV6_PKTINFO},
};

/// The value of IP_PKTINFO / IPV6_PKTINFO's `len` bytes at `p`.
std::optional<sock::pktinfo> decode_pktinfo(int native_level,
                                            const unsigned char* p,
                                            size_t len) {
  sock::pktinfo out;
  if (native_level == IPPROTO_IP) {
    in_pktinfo raw;
    if (len < sizeof(raw))
      return std::nullopt;
    std::memcpy(&raw, p, sizeof(raw));
    out.addr = from_native(raw.ipi_addr);
    out.spec_dst = from_native(raw.ipi_spec_dst);
    out.ifindex = static_cast<unsigned>(raw.ipi_ifindex);
    return out;
  }
  in6_pktinfo raw;
  if (len < sizeof(raw))
    return std::nullopt;
  std::memcpy(&raw, p, sizeof(raw));
  out.addr = from_native(raw.ipi6_addr);
  out.ifindex = raw.ipi6_ifindex;
  return out;
}

} // namespace

void collect_cmsgs(msghdr& msg, std::vector<sock::cmsg>& out) {
  for (auto* c = CMSG_FIRSTHDR(&msg); c != nullptr; c = CMSG_NXTHDR(&msg, c)) {
    if (c->cmsg_len < CMSG_LEN(0))
      continue;
    auto len = c->cmsg_len - CMSG_LEN(0);
    // Never past the buffer, whatever a truncated message claims.
    auto* end = static_cast<unsigned char*>(msg.msg_control)
                + msg.msg_controllen;
    len = std::min<size_t>(len, static_cast<size_t>(end - CMSG_DATA(c)));
    sock::cmsg item;
    item.data = binary::copy_of(CMSG_DATA(c), len);
    item.type = sock::cmsg_type::other;
    item.native_level = c->cmsg_level;
    item.native_type = c->cmsg_type;
    for (auto& n : cmsg_names) {
      if (n.native_level != c->cmsg_level || n.native_type != c->cmsg_type)
        continue;
      item.level = n.level;
      item.type = n.type;
      if (n.type == sock::cmsg_type::pktinfo) {
        item.info = decode_pktinfo(n.native_level, CMSG_DATA(c), len);
      } else if (len >= sizeof(int)) {
        // Linux sends IP_TOS as one byte, the others as an int.
        int v = 0;
        std::memcpy(&v, CMSG_DATA(c), sizeof(int));
        item.value = v;
      } else if (len >= 1) {
        item.value = *CMSG_DATA(c);
      }
      break;
    }
    out.push_back(std::move(item));
  }
}

void put_cmsgs(msghdr& msg, const std::vector<sock::cmsg>& ctrl) {
  auto space = sock::control_space(ctrl);
  msg.msg_controllen = space;
  if (space == 0) {
    msg.msg_control = nullptr;
    return;
  }
  std::memset(msg.msg_control, 0, space);
  auto* c = CMSG_FIRSTHDR(&msg);
  for (const auto& item : ctrl) {
    for (auto& n : cmsg_names) {
      if (n.level == item.level && n.type == item.type) {
        c->cmsg_level = n.native_level;
        c->cmsg_type = n.native_type;
        break;
      }
    }
    if (item.value) {
      int v = *item.value;
      c->cmsg_len = CMSG_LEN(sizeof(int));
      std::memcpy(CMSG_DATA(c), &v, sizeof(v));
    } else {
      c->cmsg_len = CMSG_LEN(item.data.size());
      std::memcpy(CMSG_DATA(c), item.data.data(), item.data.size());
    }
    c = CMSG_NXTHDR(&msg, c);
  }
}

int native_msg_flags(const sock::msg_flags& flags) {
  int out = 0;
  for (auto f : flags) {
    switch (f) {
      case sock::msg_flag::cmsg_cloexec:
        out |= MSG_CMSG_CLOEXEC;
        break;
      case sock::msg_flag::confirm:
        out |= MSG_CONFIRM;
        break;
      case sock::msg_flag::ctrunc:
        out |= MSG_CTRUNC;
        break;
      case sock::msg_flag::dontroute:
        out |= MSG_DONTROUTE;
        break;
      case sock::msg_flag::eor:
        out |= MSG_EOR;
        break;
      case sock::msg_flag::errqueue:
        out |= MSG_ERRQUEUE;
        break;
      case sock::msg_flag::more:
        out |= MSG_MORE;
        break;
      case sock::msg_flag::oob:
        out |= MSG_OOB;
        break;
      case sock::msg_flag::peek:
        out |= MSG_PEEK;
        break;
      case sock::msg_flag::trunc:
        out |= MSG_TRUNC;
        break;
    }
  }
  return out;
}

sock::msg_flags reported_msg_flags(int native) {
  sock::msg_flags out;
  auto add = [&](int bit, sock::msg_flag f) {
    if ((native & bit) != 0)
      out.push_back(f);
  };
  add(MSG_OOB, sock::msg_flag::oob);
  add(MSG_CTRUNC, sock::msg_flag::ctrunc);
  add(MSG_TRUNC, sock::msg_flag::trunc);
  add(MSG_EOR, sock::msg_flag::eor);
  add(MSG_ERRQUEUE, sock::msg_flag::errqueue);
  return out;
}

control_buffer::control_buffer(std::size_t n) : ptr_(local_) {
  if (n > sizeof(local_)) {
    heap_.reset(new cmsghdr[(n + sizeof(cmsghdr) - 1) / sizeof(cmsghdr)]);
    ptr_ = heap_.get();
  }
}

} // namespace otpnet::detail
