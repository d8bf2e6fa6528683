// Boost.Test printers for the inet value types, so failed BOOST_TEST(a == b)
// checks show Erlang-style values. Test-only: the library has no iostreams.
// Options and errc are compared through their strings (to_string, to_atom)
// instead, which needs no printer.

#pragma once

#include <ostream>

#include <otpnet/inet/ip_address.hpp>
#include <otpnet/inet/options.hpp>
#include <otpnet/inet/parse_address.hpp>

namespace otpnet::inet {

inline std::ostream& operator<<(std::ostream& os, const ip_address& x) {
  return os << ntoa(x);
}

inline std::ostream& operator<<(std::ostream& os, const socket_address& x) {
  if (x.local)
    return os << to_term(*x.local);
  return os << '{' << ntoa(x.addr) << ',' << x.port << '}';
}

inline std::ostream& operator<<(std::ostream& os, const active& x) {
  return os << to_string(option{x});
}

inline std::ostream& operator<<(std::ostream& os, option_name x) {
  return os << to_string(x);
}

} // namespace otpnet::inet
