#include "otpnet/net/packet_type.hpp"

namespace otpnet::net {

std::string_view to_string(packet_type t) {
  switch (t) {
    case packet_type::raw:
      return "raw";
    case packet_type::p1:
      return "1";
    case packet_type::p2:
      return "2";
    case packet_type::p4:
      return "4";
    case packet_type::line:
      return "line";
    case packet_type::asn1:
      return "asn1";
    case packet_type::sunrm:
      return "sunrm";
    case packet_type::cdr:
      return "cdr";
    case packet_type::fcgi:
      return "fcgi";
    case packet_type::tpkt:
      return "tpkt";
    case packet_type::http:
      return "http";
    case packet_type::httph:
      return "httph";
    case packet_type::http_bin:
      return "http_bin";
    case packet_type::httph_bin:
      return "httph_bin";
  }
  return "unknown";
}

std::optional<packet_type> packet_type_from_string(std::string_view s) {
  if (s == "0")
    return packet_type::raw;
  for (auto i = 0; i <= static_cast<int>(packet_type::httph_bin); ++i) {
    auto t = static_cast<packet_type>(i);
    if (to_string(t) == s)
      return t;
  }
  return std::nullopt;
}

std::size_t header_size(packet_type t) {
  switch (t) {
    case packet_type::p1:
      return 1;
    case packet_type::p2:
      return 2;
    case packet_type::p4:
      return 4;
    default:
      return 0;
  }
}

} // namespace otpnet::net
