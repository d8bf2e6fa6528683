#pragma once

#include <vector>

#include "otpnet/inet/options.hpp"
#include "otpnet/net/active_mode.hpp"
#include "otpnet/net/packet_limits.hpp"
#include "otpnet/net/socket_options.hpp"

namespace otpnet {

/// Applies one {active, _} value to the live state. Returns true if the
/// socket must now send tcp_passive (an {active, N} count reached 0).
bool apply_active(net::active_mode& mode, const inet::active& value);

/// Whether {active, _} values can all be applied, in order, to `mode`: an
/// {active, N} outside -32768..32767, or one that would overflow the
/// counter, is einval (setopts is all or nothing).
bool active_values_ok(net::active_mode mode,
                      const std::vector<inet::active>& values);

/// The live state as an option value, for getopts.
inet::active active_of(const net::active_mode& mode);

/// The framing limits the packet reader needs from the options.
net::packet_limits limits_of(const net::socket_options& opts);

} // namespace otpnet
