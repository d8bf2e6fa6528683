#include <otpnet/inet/local_address.hpp>

#include "erlang_terms.hpp"

namespace otpnet::inet {

errc check_local_path(const std::string& path) noexcept {
  if (path.empty() || path.size() > max_local_path)
    return errc::einval;
  if (path.front() != '\0' && path.find('\0') != std::string::npos)
    return errc::einval;
  return errc::ok;
}

std::string to_term(const local_address& addr) {
  std::string out = "{local,";
  detail::put_binary_term(out, addr.path);
  out += '}';
  return out;
}

} // namespace otpnet::inet
