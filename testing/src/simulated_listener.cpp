#include "otpnet/testing/simulated_listener.hpp"

#include <optional>

#include <boost/test/unit_test.hpp>

namespace otpnet::testing {

simulated_peer simulated_listener::accept() {
  std::optional<simulated_peer> peer;
  drv_->run_until([&] {
    if (!peer)
      peer = net_->accept_peer(port_);
    return peer.has_value();
  });
  if (!peer)
    BOOST_FAIL("no actor connected to :" << port_ << "\n  trace:\n"
                                         << drv_->log().dump());
  peer->set_driver(drv_);
  return *peer;
}

} // namespace otpnet::testing
