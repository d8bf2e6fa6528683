#pragma once

#include "sim_core.hpp"

namespace otpnet::testing::detail {

listen_transport_ptr make_listen_transport(core_ptr net,
                                           std::shared_ptr<listener_state> l);

} // namespace otpnet::testing::detail
