// inet:getstat through the test kit, over the simulated network and real
// loopback: the counts follow the packets whichever network carries them.

#include "kit/kit_support.hpp"

using namespace otpnet;
using namespace otpnet::testing;
using namespace otpnet::kit_test;
using inet::stat_option;

BOOST_AUTO_TEST_SUITE(getstat)

BOOST_FIXTURE_TEST_CASE_TEMPLATE(a_probe_reads_its_sockets_statistics, F,
                                 both_fixtures, F) {
  BOOST_TEST_MESSAGE("Ensure that a probe's getstat counts the {packet,2} "
                     "packets it received and sent, headers included, and "
                     "nothing pending once they are out (" << F::kind
                     << ")");
  F& fx = *this;
  auto owner = fx.make_probe("owner");
  auto c = open_connection(fx, owner, {inet::packet(2), inet::active(true)});
  c.peer.send(frame(2, "abc") + frame(2, "defgh"));
  expect_messages(owner, {tcp(c.s, "abc"), tcp(c.s, "defgh")});
  BOOST_REQUIRE(owner.send(c.s, binary{"0123456789"}));
  expect_peer_received(c.peer, frame(2, "0123456789"));
  auto v = owner.getstat(c.s, {stat_option::recv_cnt, stat_option::recv_oct,
                               stat_option::recv_max, stat_option::send_cnt,
                               stat_option::send_oct});
  BOOST_REQUIRE(v);
  std::string got;
  for (auto& [o, x] : *v)
    got += std::string{inet::to_string(o)} + "=" + std::to_string(x) + " ";
  BOOST_TEST(got
             == "recv_cnt=2 recv_oct=12 recv_max=7 send_cnt=1 send_oct=12 ");
  fx.run_until([&] {
    auto p = owner.getstat(c.s, {stat_option::send_pend});
    return p && p->front().second == 0;
  });
  auto all = owner.getstat(c.s);
  BOOST_REQUIRE(all);
  BOOST_TEST(all->size() == inet::all_stat_options.size());
  expect_no_more(owner);
}

BOOST_AUTO_TEST_SUITE_END()
