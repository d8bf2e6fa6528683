// {linger, {true, 0}} makes every close of a socket abortive, whatever
// closes it, over both fixtures: the spec says it "aborts the connection
// when it is closed", and OTP 25 resets the peer for each case below.

#include "kit/kit_support.hpp"

using namespace otpnet;
using namespace otpnet::testing;
using namespace otpnet::kit_test;

namespace {

/// An active {packet, 2} connection under {linger, {true, 0}} whose bodies
/// may be at most 4 bytes.
template <class F>
connection<F> open_aborting(F& fx, probe& owner) {
  return open_connection(fx, owner,
                         {inet::active(true), inet::linger(true, 0),
                          inet::packet(2), inet::packet_size(4)});
}

/// The peer saw the connection end with an RST.
template <class Peer>
void expect_peer_reset(Peer& peer) {
  expect_peer_closed(peer);
  BOOST_TEST(peer.was_reset());
}

} // namespace

BOOST_AUTO_TEST_SUITE(linger_zero)

BOOST_FIXTURE_TEST_CASE_TEMPLATE(owner_death_under_linger_zero_resets, F,
                                 both_fixtures, F) {
  BOOST_TEST_MESSAGE("Ensure that under {linger, {true, 0}} the socket an owner's death closes is reset, as OTP 25 does: not only close/1 aborts (" << F::kind << ")");
  F& fx = *this;
  auto owner = fx.make_probe("owner");
  auto c = open_aborting(fx, owner);
  owner.kill();
  expect_peer_reset(c.peer);
}

BOOST_FIXTURE_TEST_CASE_TEMPLATE(exit_on_close_under_linger_zero_resets, F,
                                 both_fixtures, F) {
  BOOST_TEST_MESSAGE("Ensure that under {linger, {true, 0}} the close exit_on_close makes after the peer's FIN is a reset, as OTP 25 does (" << F::kind << ")");
  F& fx = *this;
  auto owner = fx.make_probe("owner");
  auto c = open_aborting(fx, owner);
  c.peer.shutdown_write();
  expect_messages(owner, {tcp_closed(c.s)});
  expect_peer_reset(c.peer);
}

BOOST_FIXTURE_TEST_CASE_TEMPLATE(packet_error_under_linger_zero_resets, F,
                                 both_fixtures, F) {
  BOOST_TEST_MESSAGE("Ensure that under {linger, {true, 0}} the close a packet over packet_size causes is a reset, as OTP 25 does (" << F::kind << ")");
  F& fx = *this;
  auto owner = fx.make_probe("owner");
  auto c = open_aborting(fx, owner);
  c.peer.send(frame(2, "0123456789"));
  expect_messages(owner, {tcp_error(c.s, errc::emsgsize), tcp_closed(c.s)});
  expect_peer_reset(c.peer);
}

BOOST_AUTO_TEST_SUITE_END()
