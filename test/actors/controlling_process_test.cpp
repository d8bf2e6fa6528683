// gen_tcp:controlling_process: ownership checks and a lossless, ordered
// hand-over of the messages the old owner had not handled yet.

#include <boost/test/unit_test.hpp>

#include <thread>

#include "support/loopback.hpp"

using namespace otpnet;
using namespace otpnet::test;
using namespace std::chrono_literals;

namespace {

/// An owner that appends every byte it gets and reports at tcp_closed.
caf::behavior collector(caf::event_based_actor* self, caf::actor report_to) {
  auto buf = std::make_shared<std::string>();
  return {
    [=](tcp_msg& m) { *buf += m.data.to_string(); },
    [=](tcp_closed_msg&) {
      self->send(report_to, std::string{"collector"}, *buf);
      self->quit();
    },
  };
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(controlling_process_suite, loopback_fixture)

BOOST_AUTO_TEST_CASE(only_the_owner_may_transfer) {
  BOOST_TEST_MESSAGE("Ensure that controlling_process from a non-owner is not_owner");
  auto ls = listen();
  auto [s, peer] = accept_peer(ls);
  caf::scoped_actor other{sys()};
  auto r = gen_tcp::controlling_process(other, s,
                                        caf::actor_cast<caf::actor>(other));
  BOOST_REQUIRE(!r);
  BOOST_TEST((r.error() == errc::not_owner));
}

BOOST_AUTO_TEST_CASE(a_dead_or_invalid_new_owner_is_badarg) {
  BOOST_TEST_MESSAGE("Ensure that a dead or null new owner is badarg and the socket keeps its owner");
  auto ls = listen();
  auto [s, peer] = accept_peer(ls);
  auto dead = sys().spawn([](caf::event_based_actor* self, int) { self->quit(); }, 0);
  self()->wait_for(dead);
  auto r = gen_tcp::controlling_process(self(), s, dead);
  BOOST_TEST((r.error() == errc::badarg));
  auto r2 = gen_tcp::controlling_process(self(), s, caf::actor{});
  BOOST_TEST((r2.error() == errc::badarg));
  BOOST_REQUIRE(peer.write("still mine"));
  BOOST_TEST(expect_bytes(10) == "still mine");
}

BOOST_AUTO_TEST_CASE(transfer_to_self_is_ok) {
  BOOST_TEST_MESSAGE("Ensure that the owner may name itself as the new owner");
  auto ls = listen();
  auto [s, peer] = accept_peer(ls);
  BOOST_REQUIRE(gen_tcp::controlling_process(self(), s,
                                             caf::actor_cast<caf::actor>(self())));
  BOOST_REQUIRE(peer.write("x"));
  BOOST_TEST(expect_bytes(1) == "x");
}

BOOST_AUTO_TEST_CASE(blocking_owner_hands_over_unread_messages_in_order) {
  BOOST_TEST_MESSAGE("Ensure that messages already in a blocking owner's mailbox move to the new owner, in order, and others stay");
  auto ls = listen({inet::packet(2), inet::active(true)});
  auto [s, peer] = accept_peer(ls);
  std::string wire;
  for (int i = 0; i < 50; ++i)
    wire += frame(2, std::to_string(i));
  BOOST_REQUIRE(peer.write(wire));
  self()->send(self(), std::string{"unrelated"});
  // Let all 50 packets reach our mailbox before the transfer.
  auto me = caf::actor_cast<caf::actor>(self());
  auto b = sys().spawn([](caf::event_based_actor* self, caf::actor me) {
    auto n = std::make_shared<int>(0);
    return caf::behavior{[=](tcp_msg& m) {
      if (m.data.view() != std::to_string((*n)++))
        self->send(me, std::string{"out of order"}, m.data.to_string());
      if (*n == 60)
        self->send(me, std::string{"done"}, std::string{});
    }};
  }, me);
  // Wait until the socket has delivered at least the first packet to us, so
  // some messages really are in our mailbox at the time of the transfer.
  bool first = false;
  self()->receive([&](tcp_msg& m) {
    first = m.data.view() == "0";
    self()->send(b, m);
  }, caf::after(budget) >> [] {});
  BOOST_REQUIRE(first);
  BOOST_REQUIRE(gen_tcp::controlling_process(self(), s, b));
  std::string more;
  for (int i = 50; i < 60; ++i)
    more += frame(2, std::to_string(i));
  BOOST_REQUIRE(peer.write(more));
  std::string tag, data;
  self()->receive([&](std::string& t, std::string& d) { tag = t; data = d; },
                  caf::after(budget) >> [&] { tag = "timeout"; });
  BOOST_TEST(tag == "done");
  // The unrelated message stayed with us.
  std::string left;
  self()->receive([&](std::string& x) { left = x; },
                  caf::after(budget) >> [] {});
  BOOST_TEST(left == "unrelated");
  self()->send_exit(b, caf::exit_reason::user_shutdown);
}

BOOST_AUTO_TEST_CASE(transfer_under_a_continuous_stream_loses_nothing) {
  BOOST_TEST_MESSAGE("Ensure that controlling_process in the middle of an {active,true} stream loses, duplicates and reorders no byte");
  constexpr size_t total = 4 << 20;
  auto ls = listen({inet::active(true)});
  auto me = caf::actor_cast<caf::actor>(self());
  auto b = sys().spawn(collector, me);
  auto a = sys().spawn([](caf::event_based_actor* self, caf::actor me, caf::actor b, otpnet::socket ls) {
    auto buf = std::make_shared<std::string>();
    auto moved = std::make_shared<bool>(false);
    gen_tcp::accept(self, ls, budget).await([=](caf::expected<otpnet::socket> s) {
      if (!s) {
        self->send(me, std::string{"accept failed"}, std::string{});
        return;
      }
      self->become(
        [=](tcp_msg& m) {
          if (*moved) {
            self->send(me, std::string{"stray"}, m.data.to_string());
            return;
          }
          *buf += m.data.to_string();
          if (buf->size() >= 256 * 1024) {
            *moved = true;
            gen_tcp::controlling_process(self, *s, b)
              .await([=](caf::expected<void> r) {
                self->send(me, std::string{r ? "A" : "transfer failed"}, *buf);
              });
          }
        },
        [=](tcp_closed_msg&) {
          self->send(me, std::string{"stray"}, std::string{"tcp_closed"});
        },
        [=](caf::ok_atom) { return caf::ok_atom::value; });
    });
    return caf::behavior{[](int) {}};
  }, me, b, ls);
  auto peer = raw_peer::connect(port_of(ls));
  BOOST_REQUIRE(peer);
  std::thread writer([&peer, total] {
    for (size_t off = 0; off < total; off += 4096)
      if (!peer->write(pattern_bytes(off, 4096)))
        return;
    peer->close();
  });
  std::string part_a, part_b;
  for (int i = 0; i < 2; ++i) {
    std::string tag, data;
    self()->receive([&](std::string& t, std::string& d) { tag = t; data = d; },
                    caf::after(std::chrono::seconds{30}) >> [&] { tag = "timeout"; });
    if (tag == "A")
      part_a = data;
    else if (tag == "collector")
      part_b = data;
    else
      BOOST_FAIL("unexpected report: " << tag);
  }
  writer.join();
  // A stray message at A would have been reported before this reply.
  bool synced = false;
  self()->request(a, budget, caf::ok_atom::value).receive(
    [&](caf::ok_atom) { synced = true; }, [](caf::error&) {});
  BOOST_TEST(synced);
  BOOST_TEST(self()->mailbox().empty());
  BOOST_TEST(part_a.size() >= 256u * 1024u);
  BOOST_TEST(part_a.size() + part_b.size() == total);
  BOOST_TEST((part_a + part_b == pattern_bytes(0, total)));
  self()->send_exit(a, caf::exit_reason::user_shutdown);
}

BOOST_AUTO_TEST_SUITE_END()
