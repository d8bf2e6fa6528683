// inet:i/0..2's table, as plain data: the status flags of a socket
// (prim_inet:getstatus/1), their short form in the State column, and the
// table itself (column widths, headings, "localhost:PORT", service names).
// The actor layer (<otpnet/inet.hpp>: inet::i, inet::info) fills the rows
// from the runtime's sockets.
//
// Thread safety: pure functions, except that a port may be translated to a
// service name through the OS (getservbyport_r).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <otpnet/inet/ip_address.hpp>
#include <otpnet/net/result.hpp>

namespace otpnet::inet {

/// The flags of prim_inet:getstatus/1, declared in Erlang's term order of
/// the atoms so that sorting them sorts as lists:sort/1 does.
enum class socket_state : uint8_t {
  accepting,
  bound,
  busy,
  closed,
  connected,
  connecting,
  listen,
  listening,
  open,
  selected,
};

std::string_view to_string(socket_state x);

/// The State column (inet's fmt_status): named forms such as
/// "CONNECTED(O)", "ACCEPTING", "IDLE", else the flags' short names joined
/// by ':' ("LN:O" for [listen, open], "BY:CD:O"...). Sorts `states` first.
std::string fmt_status(std::vector<socket_state> states);

/// The columns i/2 can show (i_option()).
enum class i_field : uint8_t {
  port,
  module,
  recv,
  sent,
  owner,
  local_address,
  foreign_address,
  state,
  type,
};

/// One column: {local_address, ShowPorts} and {foreign_address, ShowPorts}
/// carry show_ports (true: the port number even where a service name is
/// known); it means nothing for the other fields.
struct i_item {
  i_field field;
  bool show_ports = false;

  i_item(i_field f, bool show = false) : field(f), show_ports(show) {
    // nop
  }
};

/// Every column, in i/1's order; with `show_ports`, addresses show numbers
/// (i(show_ports)).
std::vector<i_item> all_i_items(bool show_ports = false);

enum class socket_protocol : uint8_t { tcp, udp, sctp };

/// What the table shows of one socket.
struct i_row {
  uint64_t port = 0;      // the socket's number (#Socket<N>)
  std::string module;     // "inet_tcp", "inet6_tcp", "local_tcp"
  uint64_t recv = 0;      // recv_oct
  uint64_t sent = 0;      // send_oct
  uint64_t owner = 0;     // the owner actor's id, shown as <0.N.0>
  net::result<socket_address> local = errc::enotconn;
  net::result<socket_address> foreign = errc::enotconn;
  std::vector<socket_state> states;
  std::string type = "STREAM";
};

/// The address columns (inet's fmt_addr): "*:*" when not connected, " " for
/// another error, "*:P" for the any address, "localhost:P" for 127.0.0.1
/// and ::1, else ntoa(IP) ++ ":" ++ P, where P is the port's service name
/// for `proto` (from the OS's services database) unless `show_ports`; a
/// local socket's "local:" ++ File.
std::string fmt_addr(const net::result<socket_address>& addr,
                     socket_protocol proto, bool show_ports);

/// The table as i/2 prints it: a heading line and one line per row, each
/// column left-aligned to its widest cell and followed by one space; no
/// output at all without rows.
std::string format_i(const std::vector<i_row>& rows,
                     const std::vector<i_item>& items, socket_protocol proto);

} // namespace otpnet::inet
