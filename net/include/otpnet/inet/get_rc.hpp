// inet:get_rc/0: the configuration names are resolved by. otpnet has one
// lookup method, the OS resolver (OTP's `native`: getaddrinfo(3) and
// friends, see resolver.hpp), so its parameters are that resolver's
// files; the answer matches OTP 25's on a Linux host with the default
// configuration: [{resolv_conf,"/etc/resolv.conf"},
// {hosts_file,"/etc/hosts"},{lookup,[native]}].
//
// Thread safety: a pure function.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace otpnet::inet {

/// A method of {lookup, Methods}.
enum class lookup_method : uint8_t { native };

/// The parameters, in OTP's order.
struct rc {
  std::string resolv_conf; // the OS resolver's DNS configuration
  std::string hosts_file;  // the OS resolver's hosts file
  std::vector<lookup_method> lookup;
};

rc get_rc();

/// As Erlang prints the list: [{resolv_conf,"/etc/resolv.conf"},...].
std::string to_string(const rc& x);

} // namespace otpnet::inet
