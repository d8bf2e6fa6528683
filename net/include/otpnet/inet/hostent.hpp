// inet:hostent(): what gethostbyname and gethostbyaddr return (Erlang's
// #hostent{} record from kernel/include/inet.hrl, C's struct hostent).
//
// Thread safety: a plain value type.
#pragma once

#include <string>
#include <vector>

#include <otpnet/inet/ip_address.hpp>
#include <otpnet/inet/options.hpp>

namespace otpnet::inet {

struct hostent {
  /// The official name of the host.
  std::string h_name;
  /// Its other names.
  std::vector<std::string> h_aliases;
  /// inet or inet6: the family of every address in h_addr_list.
  family h_addrtype = inet;
  /// 4 for inet, 16 for inet6 (bytes per address).
  int h_length = 4;
  std::vector<ip_address> h_addr_list;
};

bool operator==(const hostent& x, const hostent& y);
bool operator!=(const hostent& x, const hostent& y);

/// The record as the Erlang shell prints it:
/// {hostent,"localhost",[],inet,4,[{127,0,0,1}]}.
std::string to_string(const hostent& x);

} // namespace otpnet::inet
