// Batches of sends (without delay_send, the sends already queued in the
// socket's mailbox behind each other leave in one write) on every path
// that must write what a batch holds: close, shutdown(write),
// controlling_process, a send answered with an error, requests among
// one-way sends, zero-byte packets, the high watermark. On the simulated
// network, where every transport write is a trace line, so each test also
// shows that the batch was there to lose.

#include <memory>

#include "kit/kit_support.hpp"

using namespace otpnet;
using namespace otpnet::testing;
using namespace otpnet::kit_test;

namespace {

using sizes = std::vector<size_t>;

/// The results of calls made with .then, in the order they completed.
using outcomes = std::shared_ptr<std::vector<errc>>;

outcomes no_outcomes() {
  return std::make_shared<std::vector<errc>>();
}

auto record(outcomes out) {
  return [out](caf::expected<void> r) {
    out->push_back(r ? errc::ok : errc_of(r.error()));
  };
}

/// gen_tcp::send with .then: the caller does not wait.
void send_then(caf::event_based_actor* self, const otpnet::socket& s,
               std::string data, const outcomes& out) {
  gen_tcp::send(self, s, binary{std::move(data)}).then(record(out));
}

/// Makes `p` send each of `parts` (.then), all in one turn.
void send_all(probe& p, const otpnet::socket& s,
              std::vector<std::string> parts, const outcomes& out) {
  p.exec([s, parts, out](caf::event_based_actor* self) {
    for (auto& part : parts)
      send_then(self, s, part, out);
  });
}

/// "<0>" ... "<n-1>"
std::vector<std::string> numbered_parts(int n) {
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i)
    out.push_back("<" + std::to_string(i) + ">");
  return out;
}

/// "<0><1>...<n-1>"
std::string numbered(int n) {
  std::string out;
  for (auto& part : numbered_parts(n))
    out += part;
  return out;
}

/// In one turn, the owner sends "<0>" ... "<n-1>" and then makes the call
/// `last` (close, shutdown...); then another actor sends `behind` one way.
/// Only those two actors run, so when the socket does, the owner's sends
/// wait for `behind`, and `last` finds them waiting. Returns the results
/// of the owner's calls (`last` last).
outcomes batch_then_call(
  deterministic_fixture& fx, simulated_connection& x, int n,
  std::function<pending<void>(caf::event_based_actor*, const otpnet::socket&)>
    last,
  std::string behind) {
  auto other = fx.make_probe("other"); // (spawning runs the system)
  auto out = no_outcomes();
  send_all(x.owner, x.c.s, numbered_parts(n), out);
  x.owner.exec([s = x.c.s, last, out](caf::event_based_actor* self) {
    last(self, s).then(record(out));
  });
  run_only(fx, x.owner);
  run_only(fx, x.owner);
  auto done = no_outcomes();
  send_all(other, x.c.s, {behind}, done);
  run_only(fx, other);
  BOOST_TEST(done->size() == 1u); // one way: its bytes are counted
  return out;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(send_batch, deterministic_fixture)

BOOST_AUTO_TEST_CASE(close_writes_a_waiting_batch_first) {
  BOOST_TEST_MESSAGE("Ensure that a close that finds sends waiting for a send behind it writes them all, in order and in one write, before the FIN");
  simulated_connection x{*this, {inet::active(false)}};
  auto out = batch_then_call(
    *this, x, 9,
    [](caf::event_based_actor* self, const otpnet::socket& s) {
      return gen_tcp::close(self, s);
    },
    "<late>"); // after the close: dropped
  run();
  BOOST_TEST(x.c.peer.read() == numbered(9));
  BOOST_TEST(x.c.peer.eof());
  BOOST_TEST(writes_since(log(), x.mark) == sizes{27});
  BOOST_TEST((*out == std::vector<errc>(10, errc::ok)));
}

BOOST_AUTO_TEST_CASE(shutdown_write_writes_a_waiting_batch_first) {
  BOOST_TEST_MESSAGE("Ensure that shutdown(write) that finds sends waiting for a send behind it writes them in one write, then the FIN, and later sends fail");
  simulated_connection x{*this, {inet::active(false)}};
  auto out = batch_then_call(
    *this, x, 5,
    [](caf::event_based_actor* self, const otpnet::socket& s) {
      return gen_tcp::shutdown(self, s, gen_tcp::shutdown_how::write);
    },
    "<late>");
  run();
  BOOST_TEST(x.c.peer.read() == numbered(5));
  BOOST_TEST(x.c.peer.eof());
  BOOST_TEST(writes_since(log(), x.mark) == sizes{15});
  BOOST_TEST((*out == std::vector<errc>(6, errc::ok)));
  auto after = x.owner.send(x.c.s, binary{"x"});
  BOOST_REQUIRE(!after);
  BOOST_TEST((errc_of(after.error()) == errc::closed));
}

BOOST_AUTO_TEST_CASE(controlling_process_writes_a_waiting_batch_first) {
  BOOST_TEST_MESSAGE("Ensure that a controlling_process that finds sends waiting for a send behind it writes them before the transfer; the send postponed by the transfer follows, in order");
  simulated_connection x{*this, {inet::active(false)}};
  caf::actor heir = make_probe("heir");
  auto out = batch_then_call(
    *this, x, 5,
    [heir](caf::event_based_actor* self, const otpnet::socket& s) {
      return gen_tcp::controlling_process(self, s, heir);
    },
    "<b>");
  run();
  BOOST_TEST(x.c.peer.read() == numbered(5) + "<b>");
  BOOST_TEST(writes_since(log(), x.mark) == (sizes{15, 3}));
  BOOST_TEST((*out == std::vector<errc>(6, errc::ok)));
}

BOOST_AUTO_TEST_CASE(a_send_answered_with_an_error_does_not_strand_a_batch) {
  BOOST_TEST_MESSAGE("Ensure that a request-style send answered with emsgsize counts like any send: a batch waiting for it is written when it is the last, and goes on when more follow");
  simulated_connection x{*this, {inet::active(false), inet::packet(1)}};
  // Too big for {packet, 1}: the caller makes it a request (no gate).
  std::string big(300, 'x');
  auto out = no_outcomes();
  send_all(x.owner, x.c.s, {"a", big}, out);
  run();
  BOOST_TEST(x.c.peer.read() == frame(1, "a"));
  BOOST_TEST(writes_since(log(), x.mark) == sizes{2});
  BOOST_TEST((*out == std::vector<errc>{errc::ok, errc::emsgsize}));
  // The same with a send behind the failing one: one write for both.
  out->clear();
  auto mark = log().size();
  send_all(x.owner, x.c.s, {"b", big, "c"}, out);
  run();
  BOOST_TEST(x.c.peer.read() == frame(1, "b") + frame(1, "c"));
  BOOST_TEST(writes_since(log(), mark) == sizes{4});
  BOOST_TEST(out->size() == 3u);
}

BOOST_AUTO_TEST_CASE(requests_among_one_way_sends_join_the_batch) {
  BOOST_TEST_MESSAGE("Ensure that sends the caller made requests (its count reached high_msgq_watermark) join the one-way sends before them in one write, and each gets ok");
  simulated_connection x{*this,
                         {inet::active(false), inet::high_msgq_watermark(10),
                          inet::low_msgq_watermark(5)}};
  auto out = no_outcomes();
  // Counted before each: 0, 8, 9 (one way), 10, 11 (requests). The socket
  // sees at most 4 bytes behind the first one: below the watermark, nobody
  // parks.
  send_all(x.owner, x.c.s, {"12345678", "a", "b", "c", "d"}, out);
  run_only(*this, x.owner);
  BOOST_TEST(out->size() == 3u); // the three one-way sends
  run();
  BOOST_TEST(x.c.peer.read() == "12345678abcd");
  BOOST_TEST(writes_since(log(), x.mark) == sizes{12});
  BOOST_TEST((*out == std::vector<errc>(5, errc::ok)));
}

BOOST_AUTO_TEST_CASE(with_send_timeout_requests_batch_too) {
  BOOST_TEST_MESSAGE("Ensure that with send_timeout (every send is a request) sends already queued leave in one write and each gets ok");
  simulated_connection x{*this,
                         {inet::active(false), inet::send_timeout(5000)}};
  auto out = no_outcomes();
  send_all(x.owner, x.c.s, numbered_parts(10), out);
  run_only(*this, x.owner);
  BOOST_TEST(out->empty()); // all requests
  run();
  BOOST_TEST(x.c.peer.read() == numbered(10));
  BOOST_TEST(writes_since(log(), x.mark) == sizes{30});
  BOOST_TEST((*out == std::vector<errc>(10, errc::ok)));
}

BOOST_AUTO_TEST_CASE(zero_byte_sends_keep_their_headers_in_a_batch) {
  BOOST_TEST_MESSAGE("Ensure that zero-byte {packet,2} sends (counted as 0 bytes, written as a header) batch with the others and the last one is written too");
  simulated_connection x{*this, {inet::active(false), inet::packet(2)}};
  auto out = no_outcomes();
  send_all(x.owner, x.c.s, {"", "a", "", "b", ""}, out);
  run();
  BOOST_TEST(x.c.peer.read()
             == frame(2, "") + frame(2, "a") + frame(2, "") + frame(2, "b")
                  + frame(2, ""));
  // The first four wait for "b"; the last has nothing behind it.
  BOOST_TEST(writes_since(log(), x.mark) == (sizes{10, 2}));
  BOOST_TEST(out->size() == 5u);
  // A lone zero-byte send, nothing being written: its header goes at once.
  auto mark = log().size();
  send_all(x.owner, x.c.s, {""}, out);
  run();
  BOOST_TEST(x.c.peer.read() == frame(2, ""));
  BOOST_TEST(writes_since(log(), mark) == sizes{2});
}

BOOST_AUTO_TEST_CASE(the_high_watermark_ends_a_batch_and_suspends_exactly) {
  BOOST_TEST_MESSAGE("Ensure that a batch is written as soon as it makes the socket busy, the sends after it wait, a request among them is suspended until the socket drains below low_watermark, and all arrive in order");
  simulated_connection x{*this,
                         {inet::active(false), inet::high_watermark(8192),
                          inet::low_watermark(4096),
                          inet::high_msgq_watermark(1 << 20)}};
  x.c.peer.stop_reading(4096);
  auto out = no_outcomes();
  std::vector<std::string> parts;
  for (size_t i = 0; i < 12; ++i)
    parts.push_back(pattern(i * 1000, 1000));
  send_all(x.owner, x.c.s, parts, out);
  run_only(*this, x.owner);
  BOOST_TEST(out->size() == 12u); // all one way: the gate was open
  run();
  // The ninth send reaches high_watermark: those nine leave in one write;
  // the last three wait in line.
  BOOST_TEST(writes_since(log(), x.mark) == sizes{9000});
  auto tail = make_probe("tail").send_async(x.c.s, binary{"tail"});
  run();
  BOOST_TEST(!tail.done()); // busy: a request, suspended
  x.c.peer.resume_reading();
  expect_peer_received(x.c.peer, pattern(0, 12000) + "tail");
  run();
  BOOST_TEST(tail.done());
  BOOST_TEST((tail.reason() == errc::ok));
  BOOST_TEST(writes_since(log(), x.mark) == (sizes{9000, 3004}));
}

BOOST_AUTO_TEST_CASE(one_way_sends_of_one_turn_are_one_message) {
  BOOST_TEST_MESSAGE("Ensure that the one-way sends an owner makes in one turn reach the socket with one wake-up message, not one message each, and leave in one write, in order");
  simulated_connection x{*this, {inet::active(false)}};
  auto out = no_outcomes();
  send_all(x.owner, x.c.s, numbered_parts(10), out);
  run_only(*this, x.owner);
  BOOST_TEST(out->size() == 10u); // all one way
  // Each step is one actor message or one network event: the socket's
  // wake-up, its write and the peer's receipt (a message per send took
  // ten steps for the socket alone).
  BOOST_TEST(run() < 10u);
  BOOST_TEST(x.c.peer.read() == numbered(10));
  BOOST_TEST(writes_since(log(), x.mark) == sizes{30});
}

BOOST_AUTO_TEST_CASE(sends_after_a_setopts_request_keep_its_framing) {
  BOOST_TEST_MESSAGE("Ensure that a one-way send made after a setopts request (same turn, the first send's wake-up still on its way) is not taken with the sends before it: it comes after the setopts and gets its {packet, 2} header");
  simulated_connection x{*this, {inet::active(false)}};
  auto out = no_outcomes();
  x.owner.exec([s = x.c.s, out](caf::event_based_actor* self) {
    send_then(self, s, "a", out);
    send_then(self, s, "b", out);
    inet::setopts(self, s, {inet::packet(2)}).then(record(out));
    send_then(self, s, "c", out);
  });
  run();
  BOOST_TEST(x.c.peer.read() == "ab" + frame(2, "c"));
  BOOST_TEST((*out == std::vector<errc>(4, errc::ok)));
}

BOOST_AUTO_TEST_CASE(a_send_after_another_actors_message_comes_after_it) {
  BOOST_TEST_MESSAGE("Ensure that a one-way send made after another actor's message reached the socket (the owner's first send's wake-up still on its way) is handled after that message: here another actor's close, so the send is dropped");
  simulated_connection x{*this, {inet::active(false)}};
  auto other = make_probe("other"); // (spawning runs the system)
  auto out = no_outcomes();
  send_all(x.owner, x.c.s, {"<0>"}, out);
  run_only(*this, x.owner);
  auto closing = other.close_async(x.c.s);
  run_only(*this, other); // its close request is in the socket's mailbox
  send_all(x.owner, x.c.s, {"<1>"}, out);
  run_only(*this, x.owner);
  run();
  BOOST_TEST(closing.done());
  BOOST_TEST((closing.reason() == errc::ok));
  BOOST_TEST(x.c.peer.read() == "<0>");
  BOOST_TEST(x.c.peer.eof());
}

BOOST_AUTO_TEST_SUITE_END()
