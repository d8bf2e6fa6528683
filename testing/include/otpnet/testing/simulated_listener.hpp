// Where the test accepts connections that actors make with gen_tcp::connect
// over the simulated network. The same interface as loopback_listener.

#pragma once

#include <cstdint>

#include <otpnet/testing/driver.hpp>
#include <otpnet/testing/simulated_network.hpp>
#include <otpnet/testing/simulated_peer.hpp>

namespace otpnet::testing {

class simulated_listener {
public:
  simulated_listener(simulated_network& net, uint16_t port, driver& drv)
    : net_(&net), port_(port), drv_(&drv) {
    // nop
  }

  /// Connect the actor to this port (any host name or address will do).
  uint16_t port() const noexcept {
    return port_;
  }

  /// The next connection an actor made here; fails the test if none comes.
  simulated_peer accept();

private:
  simulated_network* net_;
  uint16_t port_;
  driver* drv_;
};

} // namespace otpnet::testing
