#pragma once

#include <vector>

#include <caf/expected.hpp>

#include "otpnet/inet/options.hpp"
#include "otpnet/net/active_mode.hpp"
#include "otpnet/net/socket_options.hpp"
#include "otpnet/runtime/transport.hpp"

namespace otpnet {

/// inet:getopts for a connected socket: the record's values, the live
/// active state, and the kernel's real buffer sizes. Unknown or
/// creation-only names are einval.
caf::expected<std::vector<inet::option>>
getopts_of(const net::socket_options& opts, const net::active_mode& active,
           const stream_transport* tr,
           const std::vector<inet::option_name>& names);

/// inet:getopts for a UDP socket: as for a connected one, limited to the
/// UDP options (net::udp_allowed).
caf::expected<std::vector<inet::option>>
udp_getopts_of(const net::socket_options& opts, const net::active_mode& active,
               const datagram_transport* tr,
               const std::vector<inet::option_name>& names);

/// inet:getopts for a listen socket (no live active state, no transport
/// buffers to read).
caf::expected<std::vector<inet::option>>
listen_getopts_of(const net::socket_options& opts,
                  const std::vector<inet::option_name>& names);

} // namespace otpnet
