#pragma once

#include "otpnet/inet/options.hpp"
#include "otpnet/net/active_mode.hpp"
#include "otpnet/net/packet_limits.hpp"
#include "otpnet/net/socket_options.hpp"

namespace otpnet {

/// Applies one {active, _} value to the live state. Returns true if the
/// socket must now send tcp_passive (an {active, N} count reached 0).
bool apply_active(net::active_mode& mode, const inet::active& value);

/// The live state as an option value, for getopts.
inet::active active_of(const net::active_mode& mode);

/// The framing limits the packet reader needs from the options.
net::packet_limits limits_of(const net::socket_options& opts);

} // namespace otpnet
