#pragma once

// Shared by the ancillary-data tests over loopback (recv_ancillary_test,
// send_ancillary_test): gen_udp sockets opened by the test actor, and
// datagrams and their ancillary lists as text.

#include <optional>
#include <string>

#include <boost/test/unit_test.hpp>

#include <otpnet/gen_udp.hpp>

#include "support/loopback.hpp"

namespace otpnet::test {

/// recv's result as the Erlang term, or "error ATOM".
inline std::string text_of(const caf::expected<gen_udp::datagram>& d) {
  if (!d)
    return "error " + why(d);
  return gen_udp::to_string(*d);
}

/// The ancillary list as the Erlang term, "none" without one.
inline std::string
anc_text(const std::optional<inet::ancillary_data>& anc) {
  return anc ? inet::to_string(*anc) : "none";
}

struct udp_ancillary_fixture : loopback_fixture {
  otpnet::socket udp_open(gen_udp::option_list opts) {
    auto s = gen_udp::open(self(), 0, opts);
    BOOST_REQUIRE_MESSAGE(s, "open failed: " << why(s));
    return *s;
  }
};

} // namespace otpnet::test
