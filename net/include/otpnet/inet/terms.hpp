// Values printed as the Erlang shell prints the terms they stand for, on
// one line: for programs whose output is Erlang's (tools/inet). The
// composite types have their own to_string (hostent, getifaddrs' list,
// options, socket_info).
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include <otpnet/inet/ip_address.hpp>
#include <otpnet/net/errc.hpp>

namespace otpnet::inet {

/// {127,0,0,1} or {0,0,0,0,0,0,0,1} (decimal, as the shell prints them).
std::string to_term(const ip_address& addr);

/// An Erlang string: "text" with \" \\ \r \n \t escaped and every other
/// byte outside printable ASCII as \xNN.
std::string string_term(std::string_view s);

/// {error,Reason}, e.g. {error,nxdomain}.
std::string error_term(errc reason);

} // namespace otpnet::inet
