#include <otpnet/inet/terms.hpp>

#include "erlang_terms.hpp"

namespace otpnet::inet {

std::string to_term(const ip_address& addr) {
  return detail::address_tuple(addr);
}

std::string string_term(std::string_view s) {
  std::string out;
  detail::put_string_term(out, s);
  return out;
}

std::string error_term(errc reason) {
  return "{error," + std::string{to_atom(reason)} + "}";
}

} // namespace otpnet::inet
