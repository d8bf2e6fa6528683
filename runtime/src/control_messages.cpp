#include "control_messages.hpp"

#include <netinet/in.h>

#include <cstring>

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

} // namespace otpnet::detail
