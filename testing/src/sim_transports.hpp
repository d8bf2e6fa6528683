#pragma once

#include "sim_core.hpp"

namespace otpnet::testing::detail {

listen_transport_ptr make_listen_transport(core_ptr net,
                                           std::shared_ptr<listener_state> l);

/// A socket-module socket of type `t`.
net::result<os_socket_ptr> make_os_socket(core_ptr net, sock::domain d,
                                          sock::type t);

/// A socket-module datagram socket: a UDP port once bound (by bind, or by
/// its first sendto or connect, as the kernel binds it).
net::result<os_socket_ptr> make_dgram_os_socket(core_ptr net,
                                                sock::domain d);

} // namespace otpnet::testing::detail
