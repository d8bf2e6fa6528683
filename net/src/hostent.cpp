#include <otpnet/inet/hostent.hpp>

#include "erlang_terms.hpp"

namespace otpnet::inet {

bool operator==(const hostent& x, const hostent& y) {
  return x.h_name == y.h_name && x.h_aliases == y.h_aliases
         && x.h_addrtype == y.h_addrtype && x.h_length == y.h_length
         && x.h_addr_list == y.h_addr_list;
}

bool operator!=(const hostent& x, const hostent& y) {
  return !(x == y);
}

std::string to_string(const hostent& x) {
  using namespace detail;
  std::string out = "{hostent,";
  put_string_term(out, x.h_name);
  out += ',';
  put_list(out, x.h_aliases, put_string_term);
  out += x.h_addrtype == inet6 ? ",inet6," : ",inet,";
  out += std::to_string(x.h_length);
  out += ',';
  put_list(out, x.h_addr_list,
           [](std::string& o, const ip_address& a) { o += address_tuple(a); });
  out += '}';
  return out;
}

} // namespace otpnet::inet
