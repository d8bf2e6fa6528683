// {active, once} re-arms that take a packet the socket staged, without a
// message to the socket (actors/src/staged_packets.hpp): what the owner
// sees is what one re-arm message per packet gave it, and anything else
// takes the staged packets back into the stream, byte for byte.

#include "kit/echo_support.hpp"

using namespace otpnet;
using namespace otpnet::testing;
using namespace otpnet::kit_test;

namespace {

/// An {active, once}, {packet, 2} owner that got "p1" of five packets the
/// peer sent in one segment; the socket has staged the other four.
struct four_staged {
  simulated_connection x;
  explicit four_staged(deterministic_fixture& fx)
    : x(fx, {inet::active(inet::once), inet::packet(2)}) {
    x.c.peer.send(frame(2, "p1") + frame(2, "p2") + frame(2, "p3")
                  + frame(2, "p4") + frame(2, "p5"));
    fx.run();
    BOOST_REQUIRE(x.owner.packets_of(x.c.s)
                  == std::vector<std::string>{"p1"});
  }
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(staged_packets, deterministic_fixture)

BOOST_AUTO_TEST_CASE(each_re_arm_gets_the_next_packet_in_order) {
  BOOST_TEST_MESSAGE("Ensure that each {active, once} re-arm of the owner gets exactly the next packet, in order, and that a re-arm with none left waits for the next packet from the peer");
  four_staged t{*this};
  auto& x = t.x;
  for (int i = 2; i <= 6; ++i)
    BOOST_REQUIRE(x.owner.setopts(x.c.s, {inet::active(inet::once)}));
  run();
  BOOST_TEST(x.owner.packets_of(x.c.s)
             == (std::vector<std::string>{"p1", "p2", "p3", "p4", "p5"}));
  x.c.peer.send(frame(2, "p6"));
  run();
  BOOST_TEST(x.owner.packets_of(x.c.s).back() == "p6");
  BOOST_TEST(x.owner.packets_of(x.c.s).size() == 6u);
}

BOOST_AUTO_TEST_CASE(taken_packets_count_as_received) {
  BOOST_TEST_MESSAGE("Ensure that packets taken by re-arms count in inet:getstat as if the socket had delivered them (recv_cnt, recv_oct with headers), and those still staged do not");
  four_staged t{*this};
  auto& x = t.x;
  BOOST_REQUIRE(x.owner.setopts(x.c.s, {inet::active(inet::once)}));
  BOOST_REQUIRE(x.owner.setopts(x.c.s, {inet::active(inet::once)}));
  auto v = x.owner.getstat(x.c.s, {inet::stat_option::recv_cnt,
                                   inet::stat_option::recv_oct});
  BOOST_REQUIRE(v);
  BOOST_TEST((*v)[0].second == 3u);
  BOOST_TEST((*v)[1].second == 12u);
  BOOST_TEST(x.owner.packets_of(x.c.s)
             == (std::vector<std::string>{"p1", "p2", "p3"}));
}

BOOST_AUTO_TEST_CASE(setopts_takes_staged_packets_back_into_the_stream) {
  BOOST_TEST_MESSAGE("Ensure that a setopts changing the packet type takes back the packets staged and not taken: a raw recv then gets their bytes, headers included, exactly and in order");
  four_staged t{*this};
  auto& x = t.x;
  BOOST_REQUIRE(x.owner.setopts(x.c.s, {inet::active(inet::once)})); // p2
  BOOST_REQUIRE(x.owner.setopts(x.c.s, {inet::active(false),
                                        inet::packet(net::packet_type::raw)}));
  auto rest = x.owner.recv(x.c.s, 0);
  BOOST_REQUIRE(rest);
  BOOST_TEST(rest->to_string()
             == frame(2, "p3") + frame(2, "p4") + frame(2, "p5"));
  // Nothing staged survives: back in {packet, 2}, a re-arm gets the
  // peer's next packet, not one of those the recv took.
  BOOST_REQUIRE(x.owner.setopts(x.c.s, {inet::packet(2)}));
  x.c.peer.send(frame(2, "p6"));
  run();
  BOOST_REQUIRE(x.owner.setopts(x.c.s, {inet::active(inet::once)}));
  run();
  BOOST_TEST(x.owner.packets_of(x.c.s)
             == (std::vector<std::string>{"p1", "p2", "p6"}));
}

BOOST_AUTO_TEST_CASE(another_actors_re_arm_delivers_to_the_owner) {
  BOOST_TEST_MESSAGE("Ensure that an {active, once} setopts by an actor other than the owner does not take a staged packet for itself: the next packet goes to the owner, and only that one");
  four_staged t{*this};
  auto& x = t.x;
  auto other = make_probe("other");
  BOOST_REQUIRE(other.setopts(x.c.s, {inet::active(inet::once)}));
  run();
  BOOST_TEST(x.owner.packets_of(x.c.s)
             == (std::vector<std::string>{"p1", "p2"}));
  BOOST_TEST(other.packets_of(x.c.s).empty());
}

BOOST_AUTO_TEST_CASE(a_new_owner_gets_the_packets_staged_for_the_old_one) {
  BOOST_TEST_MESSAGE("Ensure that after controlling_process the packets staged for the old owner are neither lost nor left with it: the new owner's re-arms get them in order");
  four_staged t{*this};
  auto& x = t.x;
  auto next = make_probe("next");
  BOOST_REQUIRE(x.owner.setopts(x.c.s, {inet::active(inet::once)})); // p2
  BOOST_REQUIRE(x.owner.controlling_process(x.c.s, next));
  for (int i = 0; i < 3; ++i)
    BOOST_REQUIRE(next.setopts(x.c.s, {inet::active(inet::once)}));
  run();
  BOOST_TEST(x.owner.packets_of(x.c.s)
             == (std::vector<std::string>{"p1", "p2"}));
  BOOST_TEST(next.packets_of(x.c.s)
             == (std::vector<std::string>{"p3", "p4", "p5"}));
}

BOOST_AUTO_TEST_CASE(a_re_arm_does_not_overtake_the_callers_earlier_setopts) {
  BOOST_TEST_MESSAGE("Ensure that an owner that asks for {packet, 4} without waiting for the answer and then re-arms gets its next packet framed as {packet, 4}: the re-arm does not take a packet staged under {packet, 2} while the setopts is on its way");
  four_staged t{*this};
  auto& x = t.x;
  x.owner.exec([s = x.c.s](caf::event_based_actor* self) {
    inet::setopts(self, s, {inet::packet(4)}).then([](caf::expected<void>) {});
    inet::setopts(self, s, {inet::active(inet::once)})
      .then([](caf::expected<void>) {});
  });
  run();
  // Framed as {packet, 4}, the rest announces 0x00027032 bytes: nothing
  // whole is buffered, so nothing more arrives.
  BOOST_TEST(x.owner.packets_of(x.c.s) == std::vector<std::string>{"p1"});
}

BOOST_AUTO_TEST_CASE(the_peers_close_comes_after_the_staged_packets) {
  BOOST_TEST_MESSAGE("Ensure that when the peer closes while packets are staged, the owner's re-arms still get each of them, and tcp_closed comes once, after the last (the spec's closed-while-passive rule)");
  four_staged t{*this};
  auto& x = t.x;
  x.c.peer.close();
  run();
  for (int i = 0; i < 5; ++i) {
    BOOST_REQUIRE(x.owner.setopts(x.c.s, {inet::active(inet::once)}));
    run();
  }
  std::vector<std::string> tags;
  for (auto& m : x.owner.messages())
    if (m.socket == x.c.s.id())
      tags.push_back(m.tag);
  BOOST_TEST(tags
             == (std::vector<std::string>{"tcp", "tcp", "tcp", "tcp", "tcp",
                                          "tcp_closed"}));
  BOOST_TEST(x.owner.packets_of(x.c.s)
             == (std::vector<std::string>{"p1", "p2", "p3", "p4", "p5"}));
}

BOOST_AUTO_TEST_CASE(closing_with_packets_staged_ends_the_socket) {
  BOOST_TEST_MESSAGE("Ensure that a socket closed with packets staged ends (no staged packet keeps it alive: they reference it) and the owner gets nothing more");
  four_staged t{*this};
  auto& x = t.x;
  caf::actor_addr addr = x.c.s.actor().address();
  BOOST_REQUIRE(x.owner.close(x.c.s));
  run();
  BOOST_TEST(x.owner.packets_of(x.c.s)
             == (std::vector<std::string>{"p1"}));
  auto still = caf::actor_cast<caf::strong_actor_ptr>(addr);
  BOOST_TEST((still == nullptr
              || still->get()->getf(caf::abstract_actor::is_terminated_flag)));
}

BOOST_AUTO_TEST_SUITE_END()
