#pragma once

// inet:info/1 as the socket actors build it (tcp_socket_actor.cpp,
// tcp_listen_actor.cpp).

#include <vector>

#include "otpnet/socket_info.hpp"

#include "owner.hpp"

namespace otpnet::detail {

/// What every socket reports alike; the caller names its states, counters
/// and addresses.
inline inet::socket_info
make_socket_info(const owner_state& owner, inet::family_kind family,
                 std::vector<inet::socket_state> states,
                 inet::stat_values counters,
                 net::result<inet::socket_address> sockname,
                 net::result<inet::socket_address> peername) {
  inet::socket_info x;
  x.states = std::move(states);
  x.counters = std::move(counters);
  x.owner = owner.owner().address();
  x.monitors = owner.watchers();
  x.address_family = inet::family{family};
  x.sockname = std::move(sockname);
  x.peername = std::move(peername);
  return x;
}

} // namespace otpnet::detail
