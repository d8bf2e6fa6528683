#pragma once

// Opening an Asio socket or acceptor where {netns, Namespace} says: its
// descriptor is created in that network namespace (net/netns.hpp), and
// stays there for the rest of its life.

#include <boost/system/error_code.hpp>

#include "otpnet/net/netns.hpp"
#include "otpnet/net/socket_options.hpp"

#include "error_mapping.hpp"

namespace otpnet::detail {

/// `sock.open(protocol)` in opts.netns's namespace, or in the thread's own
/// when none is given.
template <class Socket, class Protocol>
errc open_in_netns(Socket& sock, const Protocol& protocol,
                   const net::socket_options& opts) {
  auto open = [&] {
    boost::system::error_code ec;
    sock.open(protocol, ec);
    return ec ? to_errc(ec) : errc::ok;
  };
  return opts.netns ? net::in_netns(*opts.netns, open) : open();
}

} // namespace otpnet::detail
