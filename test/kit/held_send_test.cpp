// Sends held for the owner's answers: when an owner takes packets one by
// one ({active, once} or recv) and answers each, the answers to packets
// that came in one read leave in one write, the socket yielding its worker
// between them instead of writing each. What the tests pin down: the
// saving is there (one write where there were N), nothing waits longer
// than one turn of the socket with nothing new while the owner is idle
// (at most 16 while it is queued or running), any other message (close,
// shutdown, setopts, controlling_process, the owner's death) and the
// socket's own end write what is held first, the hold is bounded, nothing
// is held for an owner that gets its packets anyway, and under any
// interleaving nothing is lost, duplicated or reordered.

#include <functional>
#include <random>
#include <utility>

#include "kit/echo_support.hpp"

using namespace otpnet;
using namespace otpnet::testing;
using namespace otpnet::kit_test;

namespace {

using sizes = std::vector<size_t>;

/// "<0>" ... "<n-1>", each framed for {packet, 2}.
std::string framed_numbers(int from, int to) {
  std::string out;
  for (int i = from; i < to; ++i)
    out += frame(2, "<" + std::to_string(i) + ">");
  return out;
}

/// One way, from the owner's turn: the caller does not wait.
void send_one_way(probe& owner, const otpnet::socket& s, std::string data) {
  owner.exec([s, data](caf::event_based_actor* self) {
    gen_tcp::send(self, s, binary{data}).then([](caf::expected<void>) {});
  });
}

/// An owner probe in {active, once} that got the first of two packets the
/// peer sent in one segment; the second is buffered in the socket.
struct one_packet_taken {
  simulated_connection x;

  explicit one_packet_taken(deterministic_fixture& fx)
    : x(fx, {inet::active(inet::once), inet::packet(2)}) {
    x.c.peer.send(frame(2, "first") + frame(2, "second"));
    fx.run();
    BOOST_REQUIRE(x.owner.packets_of(x.c.s)
                  == std::vector<std::string>{"first"});
    x.mark = fx.log().size();
  }
};

/// The owner of `x` answers its first packet with `data`; the socket
/// handles that send and holds it (a packet is still buffered) and yields.
void hold_answer(deterministic_fixture& fx, simulated_connection& x,
                 std::string data) {
  send_one_way(x.owner, x.c.s, std::move(data));
  run_only(fx, x.owner);
  run_only(fx, x.c.s.actor());
}

/// The echo handler ({packet, 2}, `mode`) gets `wire` in one segment;
/// checks that it answered exactly `wire` and returns the sizes of the
/// writes its socket made for that.
sizes echo_writes(deterministic_fixture& fx, const std::string& wire,
                  inet::active mode = inet::active(inet::once)) {
  handlers hs;
  auto acceptor = fx.make_probe("acceptor");
  auto c = serve_one(fx, acceptor, hs, mode, 2);
  auto mark = fx.log().size();
  c.peer.send(wire);
  fx.run();
  BOOST_TEST(c.peer.read() == wire);
  return writes_since(fx.log(), mark);
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(held_sends, deterministic_fixture)

BOOST_AUTO_TEST_CASE(answers_to_one_read_leave_in_one_write) {
  BOOST_TEST_MESSAGE("Ensure that the echo handler's answers to 8 packets that came in one read, each taken with {active, once}, reach the peer in order in one write");
  auto wire = framed_numbers(0, 8);
  BOOST_TEST(echo_writes(*this, wire) == sizes{wire.size()});
}

BOOST_AUTO_TEST_CASE(answers_to_recv_calls_leave_in_one_write_too) {
  BOOST_TEST_MESSAGE("Ensure that with {active, false} the echo handler's answers to 8 packets of one read, each taken with gen_tcp:recv, reach the peer in order in one write");
  auto wire = framed_numbers(0, 8);
  BOOST_TEST(echo_writes(*this, wire, inet::active(false))
             == sizes{wire.size()});
}

BOOST_AUTO_TEST_CASE(a_held_send_is_written_after_one_turn_without_an_answer) {
  BOOST_TEST_MESSAGE("Ensure that a send held while a packet is buffered for the owner is written at the socket's next turn when nothing else arrived, though the owner never re-arms");
  one_packet_taken t{*this};
  auto& x = t.x;
  send_one_way(x.owner, x.c.s, "reply");
  run_only(*this, x.owner);
  run_only(*this, x.c.s.actor()); // handles the send: holds it, yields
  BOOST_TEST(writes_since(log(), x.mark).empty());
  run();
  BOOST_TEST(x.c.peer.read() == frame(2, "reply"));
  BOOST_TEST(writes_since(log(), x.mark) == sizes{7});
  // The buffered packet stays with the socket: the owner did not re-arm.
  BOOST_TEST(x.owner.packets_of(x.c.s).size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_held_send_waits_while_the_owner_has_a_turn_coming) {
  BOOST_TEST_MESSAGE("Ensure that a socket whose turn brought nothing keeps holding while its owner is queued (its answer may come from another worker), and that the owner's next answer joins the held one in one write");
  one_packet_taken t{*this};
  auto& x = t.x;
  hold_answer(*this, x, "a");
  send_one_way(x.owner, x.c.s, "b"); // the owner is queued, not run yet
  run_only(*this, x.c.s.actor()); // nothing new, the owner busy: holds
  BOOST_TEST(writes_since(log(), x.mark).empty());
  run();
  BOOST_TEST(x.c.peer.read() == frame(2, "a") + frame(2, "b"));
  BOOST_TEST(writes_since(log(), x.mark) == sizes{6});
}

BOOST_AUTO_TEST_CASE(a_busy_owner_holds_a_send_for_at_most_16_empty_turns) {
  BOOST_TEST_MESSAGE("Ensure that while the owner stays queued without answering, the socket holds its send for 16 turns that bring nothing and writes it at the 17th");
  one_packet_taken t{*this};
  auto& x = t.x;
  hold_answer(*this, x, "a");
  x.owner.exec([](caf::event_based_actor*) {}); // queued, never run here
  for (int turn = 1; turn <= 16; ++turn) {
    run_only(*this, x.c.s.actor());
    BOOST_TEST_REQUIRE(writes_since(log(), x.mark).empty(),
                       "written at empty turn " << turn);
  }
  run_only(*this, x.c.s.actor());
  BOOST_TEST(writes_since(log(), x.mark) == sizes{3});
  run();
  BOOST_TEST(x.c.peer.read() == frame(2, "a"));
}

BOOST_AUTO_TEST_CASE(other_calls_write_a_held_send_first) {
  BOOST_TEST_MESSAGE("Ensure that close, shutdown(write), a setopts request and controlling_process, each right behind a send the socket holds, write it before they take effect");
  using call_fn = std::function<void(caf::event_based_actor*,
                                     const otpnet::socket&, caf::actor)>;
  auto ignore = [](caf::expected<void>) {};
  std::vector<std::pair<std::string, call_fn>> calls{
    {"close",
     [=](caf::event_based_actor* self, const otpnet::socket& s, caf::actor) {
       gen_tcp::close(self, s).then(ignore);
     }},
    {"shutdown(write)",
     [=](caf::event_based_actor* self, const otpnet::socket& s, caf::actor) {
       gen_tcp::shutdown(self, s, gen_tcp::shutdown_how::write).then(ignore);
     }},
    {"setopts(nodelay)",
     [=](caf::event_based_actor* self, const otpnet::socket& s, caf::actor) {
       inet::setopts(self, s, {inet::nodelay(true)}).then(ignore);
     }},
    {"controlling_process",
     [=](caf::event_based_actor* self, const otpnet::socket& s,
         caf::actor heir) {
       gen_tcp::controlling_process(self, s, heir).then(ignore);
     }},
  };
  for (auto& [name, call] : calls) {
    BOOST_TEST_CONTEXT(name) {
      one_packet_taken t{*this};
      auto& x = t.x;
      caf::actor heir = make_probe("heir");
      send_one_way(x.owner, x.c.s, "reply");
      run_only(*this, x.owner);
      run_only(*this, x.c.s.actor()); // the send: held
      BOOST_TEST(writes_since(log(), x.mark).empty());
      x.owner.exec([s = x.c.s, heir, call = call](caf::event_based_actor* self) {
        call(self, s, heir);
      });
      run();
      BOOST_TEST(x.c.peer.read() == frame(2, "reply"));
      BOOST_TEST(writes_since(log(), x.mark) == sizes{7});
      bool fin = name == "close" || name == "shutdown(write)";
      BOOST_TEST(x.c.peer.eof() == fin);
    }
  }
}

BOOST_AUTO_TEST_CASE(an_owner_going_active_true_ends_the_hold) {
  BOOST_TEST_MESSAGE("Ensure that when the owner answers and then sets {active, true} one way, the socket writes the held answer in the turn that hands over the buffered packet instead of yielding for an answer");
  one_packet_taken t{*this};
  auto& x = t.x;
  x.owner.exec([s = x.c.s](caf::event_based_actor* self) {
    gen_tcp::send(self, s, binary{"reply"}).then([](caf::expected<void>) {});
    inet::setopts(self, s, {inet::active(true)})
      .then([](caf::expected<void>) {});
  });
  run_only(*this, x.owner);
  run_only(*this, x.c.s.actor()); // the send: held
  BOOST_TEST(writes_since(log(), x.mark).empty());
  run_only(*this, x.c.s.actor()); // {active, true}: "second" goes out
  BOOST_TEST(writes_since(log(), x.mark) == sizes{7});
  run();
  BOOST_TEST(x.c.peer.read() == frame(2, "reply"));
  BOOST_TEST(x.owner.packets_of(x.c.s)
             == (std::vector<std::string>{"first", "second"}));
}

BOOST_AUTO_TEST_CASE(an_active_owner_with_part_of_a_packet_buffered_is_not_held) {
  BOOST_TEST_MESSAGE("Ensure that a send is written in the turn that handles it when the bytes buffered are part of a packet an {active, true} owner will get as soon as the rest comes");
  simulated_connection x{*this, {inet::active(true), inet::packet(2)}};
  x.c.peer.send(std::string{"\x00\x05", 2} + "ab"); // 4 of 7 bytes
  run();
  auto mark = log().size();
  send_one_way(x.owner, x.c.s, "x");
  run_only(*this, x.owner);
  run_only(*this, x.c.s.actor());
  BOOST_TEST(writes_since(log(), mark) == sizes{3});
}

BOOST_AUTO_TEST_CASE(the_owners_death_writes_a_held_send_first) {
  BOOST_TEST_MESSAGE("Ensure that when the owner dies right after a send, which the socket holds, the send is written before the socket closes");
  one_packet_taken t{*this};
  auto& x = t.x;
  x.owner.exec([s = x.c.s](caf::event_based_actor* self) {
    gen_tcp::send(self, s, binary{"reply"}).then([](caf::expected<void>) {});
    self->quit(caf::exit_reason::kill);
  });
  run_only(*this, x.owner);
  run_only(*this, x.c.s.actor()); // the send: held
  BOOST_TEST(writes_since(log(), x.mark).empty());
  run(); // the owner's down message, then whatever follows
  BOOST_TEST(x.c.peer.read() == frame(2, "reply"));
  BOOST_TEST(x.c.peer.eof());
}

BOOST_AUTO_TEST_CASE(a_hold_lasts_at_most_16_turns) {
  BOOST_TEST_MESSAGE("Ensure that with 100 packets in one read, each taken with gen_tcp:recv (one socket turn per packet), the first answers leave after at most 16 turns held (17 in one write); the rest queue behind that write, as sends do, and leave together when it completes");
  std::string wire;
  for (int i = 0; i < 100; ++i)
    wire += frame(2, "abcd");
  BOOST_TEST(echo_writes(*this, wire, inet::active(false))
             == (sizes{17 * 6, 83 * 6}));
}

BOOST_AUTO_TEST_CASE(answers_to_staged_packets_leave_in_one_write) {
  BOOST_TEST_MESSAGE("Ensure that with 100 packets in one read and an {active, once} owner, which takes up to 16 staged packets per socket turn without a message to the socket, all 100 answers reach the peer in order in one write");
  std::string wire;
  for (int i = 0; i < 100; ++i)
    wire += frame(2, "abcd");
  BOOST_TEST(echo_writes(*this, wire) == (sizes{100 * 6}));
}

BOOST_AUTO_TEST_CASE(sends_of_other_actors_are_held_with_the_owners) {
  BOOST_TEST_MESSAGE("Ensure that a send from another actor, arriving while the owner's is held, joins it in order in one write");
  one_packet_taken t{*this};
  auto& x = t.x;
  auto other = make_probe("other");
  hold_answer(*this, x, "a");
  send_one_way(other, x.c.s, "b");
  run_only(*this, other);
  run();
  BOOST_TEST(x.c.peer.read() == frame(2, "a") + frame(2, "b"));
  BOOST_TEST(writes_since(log(), x.mark) == sizes{6});
}

BOOST_AUTO_TEST_CASE(an_answer_with_nothing_buffered_is_not_held) {
  BOOST_TEST_MESSAGE("Ensure that a send while no packet is buffered for the owner (a ping-pong) is written in the turn that handles it");
  simulated_connection x{*this, {inet::active(inet::once), inet::packet(2)}};
  x.c.peer.send(frame(2, "ping"));
  run();
  BOOST_REQUIRE(x.owner.packets_of(x.c.s) == std::vector<std::string>{"ping"});
  auto mark = log().size();
  send_one_way(x.owner, x.c.s, "pong");
  run_only(*this, x.owner);
  run_only(*this, x.c.s.actor());
  BOOST_TEST(writes_since(log(), mark) == sizes{6});
  BOOST_TEST(x.c.peer.read() == frame(2, "pong"));
}

BOOST_AUTO_TEST_SUITE_END()

// -- when the packet a held send lets through ends the socket ------------------

BOOST_AUTO_TEST_SUITE(held_sends_at_the_end)

BOOST_FIXTURE_TEST_CASE_TEMPLATE(an_answer_held_before_an_oversized_packet_goes_out,
                                 F, both_fixtures, F) {
  BOOST_TEST_MESSAGE("Ensure that an answer held while a packet over packet_size is buffered is written before the re-arm that meets that packet closes the socket (" << F::kind << ")");
  F& fx = *this;
  auto owner = fx.make_probe("owner");
  auto c = open_connection(fx, owner,
                           {inet::active(inet::once), inet::packet(2),
                            inet::packet_size(10)});
  c.peer.send(frame(2, "first") + frame(2, std::string(20, 'x')));
  expect_messages(owner, {tcp(c.s, "first")});
  owner.exec([s = c.s](caf::event_based_actor* self) {
    gen_tcp::send(self, s, binary{"reply"}).then([](caf::expected<void>) {});
    inet::setopts(self, s, {inet::active(inet::once)})
      .then([](caf::expected<void>) {});
  });
  expect_peer_received(c.peer, frame(2, "reply"));
  expect_peer_closed(c.peer);
}

BOOST_FIXTURE_TEST_CASE_TEMPLATE(an_answer_held_before_the_end_of_the_stream_goes_out,
                                 F, both_fixtures, F) {
  BOOST_TEST_MESSAGE("Ensure that an answer held while bytes are buffered for a passive owner is written before the recv that meets the end of the stream closes the socket (exit_on_close) (" << F::kind << ")");
  F& fx = *this;
  auto owner = fx.make_probe("owner");
  auto c = open_connection(fx, owner, {inet::active(false)});
  c.peer.send("abcdxy");
  c.peer.shutdown_write();
  fx.run();
  auto first = owner.recv(c.s, 4);
  BOOST_REQUIRE(first);
  BOOST_TEST(first->to_string() == "abcd");
  owner.exec([s = c.s](caf::event_based_actor* self) {
    gen_tcp::send(self, s, binary{"reply"}).then([](caf::expected<void>) {});
    gen_tcp::recv(self, s, 4).then([](caf::expected<binary>) {});
  });
  expect_peer_received(c.peer, "reply");
  expect_peer_closed(c.peer);
}

BOOST_AUTO_TEST_SUITE_END()

// -- schedule exploration ----------------------------------------------------

namespace {

/// The echo handler in {active, once} or {active, false} (recv) answers 30
/// packets that arrive cut at random places, the peer half-closing after
/// them or not, while a seed
/// picks which ready job runs next (the socket's yield may come before or
/// after its owner's answer). Returns what went wrong, or ""; counts in
/// `merged` the runs where some write carried more than one answer.
std::string echo_scenario(deterministic_fixture& fx, uint64_t seed,
                          size_t& merged) {
  std::mt19937_64 script{seed * 104729 + 7};
  handlers hs;
  auto acceptor = fx.make_probe("acceptor");
  auto mode = (script() & 1) == 1 ? inet::active(inet::once)
                                  : inet::active(false);
  auto c = serve_one(fx, acceptor, hs, mode, 2);
  auto mark = fx.log().size();
  fx.shuffle(seed);
  auto wire = framed_numbers(0, 30);
  std::vector<size_t> cuts;
  for (size_t at = 0;;) {
    at += std::uniform_int_distribution<size_t>{1, 40}(script);
    if (at >= wire.size())
      break;
    cuts.push_back(at);
  }
  c.peer.send_split(wire, cuts);
  bool fin = (script() & 1) == 1;
  if (fin)
    c.peer.shutdown_write();
  if (!fx.run_until([&] { return c.peer.available() >= wire.size(); }))
    return "only " + std::to_string(c.peer.available()) + " of "
           + std::to_string(wire.size()) + " bytes echoed";
  auto got = c.peer.read();
  if (got != wire)
    return "the echo differs from what was sent";
  if (writes_since(fx.log(), mark).size() < 30)
    ++merged;
  if (fin && !fx.run_until([&] { return c.peer.eof(); }))
    return "no FIN after the echo";
  return {};
}

} // namespace

BOOST_AUTO_TEST_CASE(held_answers_lose_and_reorder_nothing) {
  BOOST_TEST_MESSAGE("Ensure that under many interleavings the echo handler's held answers reach the peer once each, in order, and the FIN after them");
  size_t merged = 0;
  auto runs = explore_seeds(100, [&](deterministic_fixture& fx, uint64_t seed) {
    return echo_scenario(fx, seed, merged);
  });
  BOOST_TEST_MESSAGE(merged << " of " << runs << " runs merged answers");
  BOOST_TEST(merged > 0u);
}
