#pragma once

#include <string>
#include <vector>

#include <caf/expected.hpp>

#include "otpnet/inet/options.hpp"
#include "otpnet/net/active_mode.hpp"
#include "otpnet/net/socket_options.hpp"
#include "otpnet/runtime/transport.hpp"

namespace otpnet {

/// inet:getopts for a connected socket: the record's values, the live
/// active state, and the kernel's real buffer sizes. Unknown or
/// creation-only names are einval. Raw requests are the transport's
/// getsockopt; one the kernel refuses is left out of the answer.
caf::expected<std::vector<inet::option>>
getopts_of(const net::socket_options& opts, const net::active_mode& active,
           const stream_transport* tr,
           const std::vector<inet::socket_getopt>& names);

/// inet:getopts for a UDP socket: as for a connected one, limited to the
/// UDP options (net::udp_allowed).
caf::expected<std::vector<inet::option>>
udp_getopts_of(const net::socket_options& opts, const net::active_mode& active,
               const datagram_transport* tr,
               const std::vector<inet::socket_getopt>& names);

/// inet:getopts for a listen socket (no live active state, no transport
/// buffers to read; raw requests read its descriptor).
caf::expected<std::vector<inet::option>>
listen_getopts_of(const net::socket_options& opts, const listen_transport* tr,
                  const std::vector<inet::socket_getopt>& names);

/// Sets a setopts call's raw options (setopts_delta::raw) in order, after
/// its named ones: the first the kernel refuses fails the call, the named
/// options and the raw ones before it staying in force (OTP 25 ignores a
/// refused raw option; otpnet says so).
template <class Transport>
errc set_raw_options(Transport& tr, const std::vector<inet::raw>& raws) {
  for (const auto& opt : raws)
    if (auto err = tr.set_raw(opt); err != errc::ok)
      return err;
  return errc::ok;
}

} // namespace otpnet
