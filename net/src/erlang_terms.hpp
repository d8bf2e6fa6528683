#pragma once

// Printing values as the Erlang shell prints the terms they stand for
// (to_string of options, hostent, getifaddrs results). Internal to net/.

#include <string>
#include <string_view>

#include <otpnet/inet/ip_address.hpp>

namespace otpnet::inet::detail {

/// {127,0,0,1} or {0,0,0,0,0,0,0,1}: decimal, as the shell prints it.
std::string address_tuple(const ip_address& addr);

/// An Erlang string literal: "localhost", with \" \\ \r \n \t escaped and
/// any other byte outside printable ASCII written as \xNN (never raw
/// control bytes).
void put_string_term(std::string& out, std::string_view s);

/// An Erlang binary as the shell prints it: <<"text">> when every byte is
/// printable ASCII, else its bytes in decimal, <<30,0,0,0>>; <<>> if empty.
void put_binary_term(std::string& out, std::string_view bytes);

/// [X1,X2,...], each element written by `put(out, x)`.
template <class Range, class Put>
void put_list(std::string& out, const Range& xs, Put put) {
  out += '[';
  bool first = true;
  for (const auto& x : xs) {
    if (!first)
      out += ',';
    first = false;
    put(out, x);
  }
  out += ']';
}

} // namespace otpnet::inet::detail
