// The commands that run on this host (every command but i and info).
#pragma once

#include "inet/command.hpp"
#include "inet/outcome.hpp"

#include <string_view>

#include <otpnet/inet/ip_address.hpp>
#include <otpnet/net/result.hpp>

namespace otpnet::tools {

/// Runs a parsed local command: its Erlang term on one line, status 0 for
/// {ok,...} (or a plain string result), 1 for {error,...}.
outcome run_local(const command& cmd);

/// ntoa's argument: {A,B,C,D}, {A,B,C,D,E,F,G,H} (decimal, as Erlang
/// writes the tuple) or an address text.
net::result<inet::ip_address> parse_address_arg(std::string_view s);

} // namespace otpnet::tools
