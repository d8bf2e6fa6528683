#pragma once

#include "sim_core.hpp"

namespace otpnet::testing::detail {

listen_transport_ptr make_listen_transport(core_ptr net,
                                           std::shared_ptr<listener_state> l);

/// A socket-module socket (stream only; eafnosupport for dgram).
net::result<os_socket_ptr> make_os_socket(core_ptr net, sock::domain d,
                                          sock::type t);

} // namespace otpnet::testing::detail
