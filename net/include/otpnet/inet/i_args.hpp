// inet:i/0..2's arguments written as text, for programs that take them from
// a user: tools/inet's `i` command and the inspection endpoint
// (<otpnet/inspection.hpp>). The text is what follows `inet:i(` in Erlang,
// without the parentheses and with a space for the comma between the two
// arguments:
//
//   ""                         i()        every protocol, every column
//   "tcp"                      i(tcp)
//   "show_ports"               i(show_ports)
//   "[port,state]"             i([port, state])  (brackets optional)
//   "udp show_ports"           i(udp, show_ports)
//   "tcp [port,{local_address,true}]"
//
// Spaces inside the option list are ignored; a column may repeat, as in
// Erlang.
//
// Thread safety: pure functions.
#pragma once

#include <string_view>
#include <vector>

#include <otpnet/inet/i.hpp>
#include <otpnet/net/result.hpp>

namespace otpnet::inet {

struct i_args {
  /// tcp, udp and sctp for i/0 and i/1 without a protocol.
  std::vector<socket_protocol> protocols;
  std::vector<i_item> items;
};

/// Parses `text` as above; einval for anything else (an unknown protocol or
/// column, an empty column list, unbalanced brackets, trailing words).
net::result<i_args> parse_i_args(std::string_view text);

} // namespace otpnet::inet
