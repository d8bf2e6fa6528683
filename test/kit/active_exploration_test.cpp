// Schedule exploration of the receiving side: the owner switches between
// every active mode ({active, true | false | once | N}, N from -2 to 3),
// calls gen_tcp:recv (raw: of 0 or N bytes; half with a time-out of 0-3 ms
// while virtual time moves on, so that one may expire just as data
// arrives: a timed-out recv loses nothing) in between and the peer sends
// bursts cut at random offsets, then closes; each run's script and
// interleaving are picked by a seed, for {packet, raw | 1 | 2 | 4 | line}.
// Whatever the order, every packet (raw: byte) reaches the owner once, as
// a tcp message or a recv result, each of the two ways in stream order
// (raw: only a recv of N bytes cut short by the close may lose its part, as
// the spec says), the end of the stream is reported
// (at most one tcp_closed, after every tcp message; exactly one with
// {exit_on_close, false}), and tcp_passive comes only for a count that ran
// out. Some runs carry a packet over packet_size: the packets before it
// arrive once, in order, nothing after it, and emsgsize is told once.

#include <algorithm>
#include <random>

#include "kit/kit_support.hpp"

using namespace otpnet;
using namespace otpnet::testing;
using namespace otpnet::kit_test;

namespace {

constexpr size_t default_seeds = 1000;
constexpr int max_packets = 40;    // framed: packets per run
constexpr size_t max_raw = 250;    // raw: bytes per run (each byte unique)
constexpr int script_length = 40;
constexpr int64_t max_body = 16;   // {packet_size, 16} in runs with a bad packet

/// How the explored runs differed: proof that the modes really mixed.
struct coverage {
  size_t recv_chunks = 0;     // data that came as recv results
  size_t tcp_chunks = 0;      // data that came as tcp messages
  size_t passive_msgs = 0;    // tcp_passive messages
  size_t recv_einval = 0;     // recv refused because the socket was active
  size_t closed_by_recv = 0;  // runs where a recv was told closed
  size_t owed_closed = 0;     // ... and tcp_closed still came (exit_on_close false)
  size_t raw_discarded = 0;   // raw runs where a short recv lost its tail
  size_t error_by_msg = 0;    // oversized packet reported as tcp_error
  size_t error_by_recv = 0;   // ... to a recv
  size_t recv_timeouts = 0;   // recv calls that timed out
};

/// A framing and how the test's stream looks in it. The stream is made of
/// units: a packet "p<i>" when framed, a byte whose value is its offset in
/// raw mode (so any chunk tells which bytes it holds).
struct framing {
  inet::packet option;
  size_t header; // 1, 2 or 4; 0 for line; raw_mode for raw
};

constexpr size_t raw_mode = 99;

const framing framings[] = {
  {inet::packet(1), 1},
  {inet::packet(2), 2},
  {inet::packet(4), 4},
  {inet::packet(net::packet_type::line), 0},
  {inet::packet(net::packet_type::raw), raw_mode},
};

std::string body(int i) {
  return "p" + std::to_string(i);
}

/// The wire form of packet i and what the owner gets for it.
std::string wire(const framing& f, int i) {
  return f.header == 0 ? body(i) + "\n" : frame(f.header, body(i));
}

std::string delivered(const framing& f, int i) {
  return f.header == 0 ? body(i) + "\n" : body(i);
}

/// The units a received chunk holds, in order; empty if the chunk is no
/// piece of the test's stream.
std::vector<int> units_of(const framing& f, const std::string& chunk,
                          int sent) {
  if (f.header == raw_mode) {
    if (chunk.empty())
      return {};
    std::vector<int> out;
    auto first = static_cast<uint8_t>(chunk[0]);
    for (size_t k = 0; k < chunk.size(); ++k) {
      if (static_cast<uint8_t>(chunk[k]) != first + k)
        return {};
      out.push_back(static_cast<int>(first + k));
    }
    return out.back() < sent ? out : std::vector<int>{};
  }
  auto text = chunk;
  if (f.header == 0 && !text.empty() && text.back() == '\n')
    text.pop_back();
  if (text.size() < 2 || text[0] != 'p'
      || text.find_first_not_of("0123456789", 1) != std::string::npos)
    return {};
  auto i = std::stoi(text.substr(1));
  if (i >= sent || chunk != delivered(f, i))
    return {};
  return {i};
}

/// random_active with N from -2 to 3, counting the {active, N} settings
/// (each may run out once, with a tcp_passive).
inet::active counted_active(std::mt19937_64& script, int& n_settings) {
  auto a = random_active(script, -2, 3);
  if (a.kind == inet::active_kind::n)
    ++n_settings;
  return a;
}

/// Checks one way of delivery (tcp messages or recv results): each chunk
/// continues after the last one. Marks the units seen.
class channel {
public:
  channel(const framing& f, int sent, std::vector<int>& seen,
          const char* name)
    : f_(f), sent_(sent), seen_(seen), name_(name) {
    // nop
  }

  std::string take(const std::string& chunk) {
    auto units = units_of(f_, chunk, sent_);
    if (units.empty())
      return std::string{name_} + " got a chunk of " + std::to_string(chunk.size())
             + " bytes that is no piece of the stream";
    if (units.front() <= last_)
      return std::string{name_} + " got unit " + std::to_string(units.front())
             + " after unit " + std::to_string(last_);
    last_ = units.back();
    for (auto u : units)
      ++seen_[static_cast<size_t>(u)];
    return {};
  }

private:
  const framing& f_;
  int sent_;
  std::vector<int>& seen_;
  const char* name_;
  int last_ = -1;
};

/// Runs one script under one interleaving; returns an empty string or what
/// went wrong (the fixture's trace tells the rest).
std::string run_scenario(deterministic_fixture& fx, uint64_t seed,
                         coverage& cov) {
  std::mt19937_64 script{seed * 6151 + 29};
  const auto& f = framings[seed % std::size(framings)];
  bool raw = f.header == raw_mode;
  int n_settings = 0; // {active, N} settings: each may run out once
  auto owner = fx.make_probe("owner");
  auto first = counted_active(script, n_settings);
  // exit_on_close false keeps the socket open after the peer's FIN: the
  // end of the stream must then come as exactly one tcp_closed, even after
  // a recv was told closed (the closed-while-passive rule).
  bool exit_on_close = std::uniform_int_distribution<int>{0, 1}(script) == 0;
  // Some length-prefixed runs carry one packet over packet_size: what came
  // before it arrives, then the error (emsgsize) and nothing after it.
  int bad_at = -1;
  gen_tcp::option_list opts{f.option, first,
                            inet::exit_on_close(exit_on_close)};
  if (f.header >= 1 && f.header <= 4
      && std::uniform_int_distribution<int>{0, 2}(script) == 0) {
    bad_at = std::uniform_int_distribution<int>{0, max_packets - 1}(script);
    opts.emplace_back(inet::packet_size(max_body));
  }
  auto c = open_connection(fx, owner, opts);
  fx.shuffle(seed);
  int sent = 0; // units
  struct pending_recv {
    size_t length;
    timeout limit;
    call<binary> result;
  };
  std::vector<pending_recv> recvs;
  for (int op = 0; op < script_length; ++op) {
    switch (std::uniform_int_distribution<int>{0, 4}(script)) {
      case 0: { // the peer sends a burst (1-4 packets, 1-12 bytes), cut anywhere
        std::string burst;
        if (raw) {
          auto n = std::uniform_int_distribution<int>{1, 12}(script);
          for (int k = 0; k < n && size_t(sent) < max_raw; ++k)
            burst.push_back(static_cast<char>(sent++));
        } else {
          auto n = std::uniform_int_distribution<int>{1, 4}(script);
          for (int k = 0; k < n && sent < max_packets; ++k, ++sent)
            burst += sent == bad_at ? frame(f.header, std::string(40, 'x'))
                                    : wire(f, sent);
        }
        if (burst.empty())
          break;
        std::vector<size_t> cuts;
        for (size_t off = 1; off < burst.size(); ++off)
          if (std::uniform_int_distribution<int>{0, 4}(script) == 0)
            cuts.push_back(off);
        c.peer.send_split(burst, cuts);
        break;
      }
      case 1:
        owner.setopts_async(c.s, {counted_active(script, n_settings)});
        break;
      case 2: { // may wait for data: the owner is suspended meanwhile
        size_t length = 0;
        if (raw && std::uniform_int_distribution<int>{0, 1}(script) == 0)
          length = std::uniform_int_distribution<size_t>{1, 8}(script);
        // Half of them with a time-out of 0-3 ms, which may expire just
        // as data arrives: then nothing may be lost.
        auto t = infinity;
        if (std::uniform_int_distribution<int>{0, 1}(script) == 0)
          t = timeout{std::uniform_int_distribution<int>{0, 3}(script)};
        recvs.push_back({length, t, owner.recv_async(c.s, length, t)});
        break;
      }
      case 3: // time passes (the recv time-outs)
        fx.advance(std::chrono::milliseconds{
          std::uniform_int_distribution<int>{0, 2}(script)});
        break;
      default:
        break;
    }
    some_steps(fx, script);
  }
  // The end: the peer closes, and the owner drains the socket like an
  // Erlang loop, re-arming a mode that delivers (true, once or N) until the
  // end of the stream is reported: everything still buffered must come out
  // first, in any of those modes.
  inet::active last;
  do {
    last = random_active(script, -2, 3); // counted below, per round
  } while (last.kind == inet::active_kind::passive
           || (last.kind == inet::active_kind::n && last.n <= 0));
  auto close_first = std::uniform_int_distribution<int>{0, 1}(script) == 0;
  if (close_first)
    c.peer.close();
  for (int round = 0; round <= sent + 1; ++round) {
    auto armed = owner.setopts_async(c.s, {last});
    if (last.kind == inet::active_kind::n)
      ++n_settings;
    some_steps(fx, script);
    if (!close_first && round == 0)
      c.peer.close();
    fx.run();
    if (armed.done() && armed.reason() == errc::closed)
      break; // closed: a recv or a tcp_closed said so
    bool told = false;
    for (auto& m : owner.messages())
      told = told || (m.tag == "tcp_closed" && m.socket == c.s.id());
    if (told)
      break;
  }
  // The verdict: every unit once, each way in order.
  std::vector<int> seen(static_cast<size_t>(sent), 0);
  channel by_recv{f, sent, seen, "recv"};
  channel by_tcp{f, sent, seen, "tcp"};
  size_t recv_closed = 0;
  size_t recv_emsgsize = 0;
  size_t discard_limit = 0; // bytes a failed recv(N) may have discarded
  for (auto& r : recvs) {
    if (!r.result.done())
      return "a recv got no reply: " + r.result.what();
    auto res = r.result.get();
    if (!res) {
      auto why = errc_of(res.error());
      if (why == errc::einval) {
        ++cov.recv_einval; // the socket was active at the time
        continue;
      }
      if (why == errc::timeout) {
        if (r.limit == infinity)
          return "a recv without a time-out timed out";
        ++cov.recv_timeouts;
        continue;
      }
      if (why == errc::emsgsize && bad_at >= 0) {
        ++recv_emsgsize;
        continue;
      }
      if (why == errc::closed) {
        ++recv_closed;
        discard_limit = std::max(discard_limit, r.length > 0 ? r.length - 1 : 0);
        continue;
      }
      return "recv failed with " + std::string{to_atom(why)};
    }
    if (r.length > 0 && res->size() != r.length)
      return "recv(" + std::to_string(r.length) + ") returned "
             + std::to_string(res->size()) + " bytes";
    if (auto why = by_recv.take(std::string{res->data(), res->size()});
        !why.empty())
      return why;
    ++cov.recv_chunks;
  }
  size_t closed_msgs = 0;
  size_t passive_msgs = 0;
  size_t error_msgs = 0;
  for (auto& m : owner.messages()) {
    if (m.socket != c.s.id())
      continue;
    if (m.tag == "tcp") {
      if (closed_msgs + error_msgs > 0)
        return "a tcp message after the end of the stream: " + m.text;
      if (auto why = by_tcp.take(m.data); !why.empty())
        return why;
      ++cov.tcp_chunks;
    } else if (m.tag == "tcp_closed") {
      ++closed_msgs;
    } else if (m.tag == "tcp_passive") {
      ++passive_msgs;
    } else if (m.tag == "tcp_error" && m.reason == errc::emsgsize
               && bad_at >= 0 && closed_msgs == 0) {
      ++error_msgs;
    } else {
      return "unexpected " + m.text;
    }
  }
  // With a bad packet: everything before it once, nothing from it on, and
  // the error told once, to a recv or as tcp_error followed by tcp_closed.
  if (bad_at >= 0 && bad_at < sent) {
    for (int i = 0; i < sent; ++i)
      if (seen[static_cast<size_t>(i)] != (i < bad_at ? 1 : 0))
        return "unit " + std::to_string(i) + " arrived "
               + std::to_string(seen[static_cast<size_t>(i)])
               + " times (the oversized packet is unit "
               + std::to_string(bad_at) + ")";
    if (error_msgs + recv_emsgsize != 1)
      return "emsgsize told " + std::to_string(error_msgs) + " time(s) as "
             + "tcp_error, " + std::to_string(recv_emsgsize) + " to a recv";
    if (error_msgs == 1 && closed_msgs != 1)
      return "tcp_error without a tcp_closed after it";
    if (closed_msgs > 1)
      return std::to_string(closed_msgs) + " tcp_closed messages";
    cov.error_by_msg += error_msgs;
    cov.error_by_recv += recv_emsgsize;
    return {};
  }
  if (error_msgs + recv_emsgsize > 0)
    return "emsgsize without an oversized packet";
  // Nothing twice; nothing lost but, in raw mode, the tail a recv(N) may
  // discard when the stream ends before N bytes (as the spec says).
  size_t missing_tail = 0;
  for (int i = sent - 1; i >= 0 && seen[static_cast<size_t>(i)] == 0; --i)
    ++missing_tail;
  for (int i = 0; i < sent; ++i)
    if (seen[static_cast<size_t>(i)] > 1
        || (seen[static_cast<size_t>(i)] == 0
            && size_t(i) < size_t(sent) - missing_tail))
      return "unit " + std::to_string(i) + " arrived "
             + std::to_string(seen[static_cast<size_t>(i)]) + " times ("
             + std::to_string(sent) + " sent)";
  if (missing_tail > discard_limit)
    return "the last " + std::to_string(missing_tail) + " of "
           + std::to_string(sent) + " units never arrived";
  cov.raw_discarded += missing_tail > 0 ? 1 : 0;
  // The end of the stream: at most one tcp_closed, and reported at all
  // (a recv on the closed socket returns closed too, so a recv may say
  // closed after the tcp_closed message was sent).
  if (closed_msgs > 1)
    return std::to_string(closed_msgs) + " tcp_closed messages";
  if (closed_msgs + recv_closed == 0)
    return "the end of the stream was never reported";
  if (!exit_on_close && closed_msgs != 1)
    return "with {exit_on_close, false} the end of the stream came as "
           + std::to_string(closed_msgs) + " tcp_closed messages";
  cov.closed_by_recv += recv_closed > 0 ? 1 : 0;
  cov.owed_closed += recv_closed > 0 && !exit_on_close ? 1 : 0;
  // Each tcp_passive ends the run of an {active, N} setting.
  if (passive_msgs > static_cast<size_t>(n_settings))
    return std::to_string(passive_msgs) + " tcp_passive messages for "
           + std::to_string(n_settings) + " {active, N} settings";
  cov.passive_msgs += passive_msgs;
  if (!exit_on_close) {
    owner.close_async(c.s);
    fx.run();
  }
  return {};
}

} // namespace

BOOST_AUTO_TEST_SUITE(exploration)

BOOST_AUTO_TEST_CASE(active_modes_and_recv_deliver_each_packet_once) {
  BOOST_TEST_MESSAGE("Ensure that under every explored script and interleaving of active-mode changes, recv calls and incoming bursts, each packet arrives once, in order, and the end of the stream is reported");
  coverage cov;
  auto runs = explore_seeds(default_seeds, [&](auto& fx, uint64_t seed) {
    return run_scenario(fx, seed, cov);
  });
  BOOST_TEST_MESSAGE("explored " << runs << " run(s): " << cov.tcp_chunks
                                 << " tcp messages, " << cov.recv_chunks
                                 << " recv results, " << cov.passive_msgs
                                 << " tcp_passive, " << cov.recv_einval
                                 << " recv refused while active, "
                                 << cov.closed_by_recv
                                 << " runs with the close told to a recv ("
                                 << cov.owed_closed
                                 << " then as tcp_closed too), "
                                 << cov.raw_discarded
                                 << " with a short raw recv's tail lost, "
                                 << "an oversized packet told "
                                 << cov.error_by_msg << " time(s) as tcp_error, "
                                 << cov.error_by_recv << " to a recv, "
                                 << cov.recv_timeouts << " recv time-outs");
  if (runs >= default_seeds) {
    // Every way of delivering must really have been exercised.
    BOOST_TEST(cov.tcp_chunks > 0u);
    BOOST_TEST(cov.recv_chunks > 0u);
    BOOST_TEST(cov.passive_msgs > 0u);
    BOOST_TEST(cov.recv_einval > 0u);
    BOOST_TEST(cov.closed_by_recv > 0u);
    BOOST_TEST(cov.owed_closed > 0u);
    BOOST_TEST(cov.error_by_msg > 0u);
    BOOST_TEST(cov.error_by_recv > 0u);
    BOOST_TEST(cov.recv_timeouts > 0u);
  }
}

BOOST_AUTO_TEST_SUITE_END()
