// The commands that run on this host (every command but i and info).
#pragma once

#include "inet/command.hpp"
#include "inet/outcome.hpp"

#include <string_view>

#include <otpnet/inet/ip_address.hpp>
#include <otpnet/net/result.hpp>

namespace otpnet::tools {

/// Runs a parsed local command: its Erlang term on one line, status 0 for
/// {ok,...} (or a plain result), 1 for {error,...}; the is_* tests: 0 for
/// true, 1 for false.
outcome run_local(const command& cmd);

/// An address as Erlang writes the tuple: {A,B,C,D} or {A,B,C,D,E,F,G,H}
/// (decimal, each element in range, spaces allowed); einval for anything
/// else.
net::result<inet::ip_address> parse_address_term(std::string_view s);

/// ntoa's argument: an address tuple as above, or an address text.
net::result<inet::ip_address> parse_address_arg(std::string_view s);

} // namespace otpnet::tools
