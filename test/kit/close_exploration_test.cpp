// Schedule exploration of a connection's end: the owner's close or
// shutdown(write), the owner's death, the peer's close, half-close and reset, any of them at a
// random point of a script that also sends both ways and adds inet
// monitors from another actor (some racing with the socket's death), under
// a seeded interleaving, in every active mode and both exit_on_close
// values. Whatever ends the connection and in whatever order:
// - every monitor gets exactly one DOWN for the socket;
// - the socket is gone at the end (the peer sees FIN or RST, the runtime
//   holds no socket);
// - when the owner closes or shuts down and the peer keeps reading, every
//   send made before completes ok and its bytes reach the peer, in order,
//   before the FIN; every send after is closed; shutdown(write) returns ok
//   (under {linger, {true, 5}} once the data is out) unless the socket is
//   gone;
// - close itself returns ok, even on a socket the peer already closed;
// - the socket ends with a FIN, or with an RST under {linger, {true, 0}}
//   whatever closed it (close, the owner's death, exit_on_close).
// The peer may read slowly (the owner's sends queue in the socket), and
// linger is off, {true, 5} or {true, 0}.

#include <optional>
#include <random>

#include "kit/kit_support.hpp"

using namespace otpnet;
using namespace otpnet::testing;
using namespace otpnet::kit_test;

namespace {

constexpr size_t default_seeds = 1000;
constexpr int script_length = 30;

/// How the explored runs differed.
struct coverage {
  size_t closed_by_owner = 0; // the data check ran
  size_t owner_killed = 0;
  size_t nosock_downs = 0;    // a monitor set after the socket was gone
  size_t sends_refused = 0;   // sends after close that got closed
  size_t lingering = 0;       // a {linger, {true, 5}} close waited for the peer
  size_t shutdowns_ok = 0;    // shutdown(write) calls that returned ok
};

enum class ending {
  owner_close,
  owner_shutdown, // shutdown(write): waits for the data under linger
  owner_kill,
  peer_close,
  peer_half,
  peer_reset
};

constexpr ending endings[] = {ending::owner_close, ending::owner_shutdown,
                              ending::owner_kill,  ending::peer_close,
                              ending::peer_half,   ending::peer_reset};

std::string run_scenario(deterministic_fixture& fx, uint64_t seed,
                         coverage& cov) {
  std::mt19937_64 script{seed * 7727 + 3};
  auto owner = fx.make_probe("owner");
  auto watcher = fx.make_probe("watcher");
  bool exit_on_close = std::uniform_int_distribution<int>{0, 1}(script) == 0;
  // No linger (close returns at once, the socket flushes in the
  // background), {true, 5} (close returns once flushed) or {true, 0} (an
  // abortive close: RST, what is queued is discarded).
  auto lg = std::uniform_int_distribution<int>{0, 2}(script);
  bool abortive = lg == 2;
  gen_tcp::option_list opts{inet::packet(net::packet_type::raw),
                            random_active(script, 1, 3),
                            inet::exit_on_close(exit_on_close)};
  if (lg > 0)
    opts.emplace_back(inet::linger(true, abortive ? 0 : 5));
  auto c = open_connection(fx, owner, opts);
  // A slow peer: the owner's sends queue up in the socket, and a close
  // must flush them (or, abortive, drop them).
  if (std::uniform_int_distribution<int>{0, 1}(script) == 0)
    c.peer.stop_reading(std::uniform_int_distribution<size_t>{0, 30}(script));
  fx.shuffle(seed);
  // One to three endings, each at its own point of the script.
  std::vector<std::pair<int, ending>> plan;
  auto count = std::uniform_int_distribution<int>{1, 3}(script);
  for (int i = 0; i < count; ++i)
    plan.emplace_back(
      std::uniform_int_distribution<int>{0, script_length - 1}(script),
      endings[std::uniform_int_distribution<size_t>{0, 5}(script)]);
  bool closed = false, shut = false, killed = false, peer_closed = false,
       peer_half = false, peer_reset = false;
  size_t monitors = 0;
  size_t sent = 0; // bytes the owner asked to send
  struct owner_send {
    size_t from, to;
    bool after_close;
    call<void> result;
  };
  std::vector<owner_send> sends;
  std::optional<call<void>> close_call;
  std::optional<call<void>> shutdown_call;
  bool shut_before_close = false;
  for (int op = 0; op < script_length; ++op) {
    for (auto& [at, what] : plan) {
      if (at != op)
        continue;
      switch (what) {
        case ending::owner_close:
          if (!closed && !killed) {
            close_call = owner.close_async(c.s);
            closed = true;
          }
          break;
        case ending::owner_shutdown:
          if (!shut && !killed) {
            shutdown_call = owner.start<void>(
              [s = c.s](caf::event_based_actor* self) {
                return gen_tcp::shutdown(self, s,
                                         gen_tcp::shutdown_how::write);
              },
              "shutdown(write)");
            shut = true;
            shut_before_close = !closed;
          }
          break;
        case ending::owner_kill:
          if (!killed) {
            owner.kill();
            killed = true;
          }
          break;
        case ending::peer_close:
          c.peer.close();
          peer_closed = true;
          break;
        case ending::peer_half:
          c.peer.shutdown_write();
          peer_half = true;
          break;
        case ending::peer_reset:
          c.peer.reset();
          peer_reset = true;
          break;
      }
    }
    switch (std::uniform_int_distribution<int>{0, 4}(script)) {
      case 0: // the owner sends (after close: must be refused)
        if (!killed) {
          auto n = std::uniform_int_distribution<size_t>{1, 20}(script);
          sends.push_back({sent, sent + n, closed || shut,
                           owner.send_async(c.s, pattern(sent, n))});
          sent += n;
        }
        break;
      case 1: // the peer sends (the owner may or may not read it)
        if (!peer_closed && !peer_half && !peer_reset)
          c.peer.send(std::string(
            std::uniform_int_distribution<size_t>{1, 20}(script), 'x'));
        break;
      case 2: // another actor starts monitoring, without waiting
        watcher.exec([s = c.s](caf::event_based_actor* self) {
          inet::monitor(self, s);
        });
        ++monitors;
        break;
      case 3:
        if (!killed && !closed)
          owner.setopts_async(c.s, {random_active(script, 1, 3)});
        break;
      default:
        break;
    }
    some_steps(fx, script);
  }
  fx.run();
  // Whatever is still open, the owner closes now, as a user would; the
  // peer reads again, so that every flush can end.
  if (!killed && !closed) {
    close_call = owner.close_async(c.s);
    fx.run();
  }
  bool close_waited = close_call && !close_call->done();
  c.peer.resume_reading();
  fx.run();
  // The verdict.
  if (close_call && close_call->reason() != errc::ok)
    return "close returned " + std::string{to_atom(close_call->reason())};
  if (close_waited && lg != 1)
    return "close waited without {linger, {true, 5}}";
  if (shutdown_call) {
    auto r = shutdown_call->reason();
    if (r != errc::ok && r != errc::closed)
      return "shutdown(write) returned " + std::string{to_atom(r)};
    bool undisturbed = !killed && !peer_closed && !peer_reset
                       && (!peer_half || !exit_on_close);
    if (r != errc::ok && shut_before_close && undisturbed)
      return "shutdown(write) on an open socket returned "
             + std::string{to_atom(r)};
    cov.shutdowns_ok += r == errc::ok ? 1 : 0;
  }
  cov.lingering += close_waited ? 1 : 0;
  size_t downs = 0;
  for (auto& m : watcher.messages()) {
    if (m.tag != "DOWN" || m.socket != c.s.id())
      return "the watcher got " + m.text;
    ++downs;
    cov.nosock_downs += m.reason == errc::nosock ? 1 : 0;
  }
  if (downs != monitors)
    return std::to_string(monitors) + " monitors, "
           + std::to_string(downs) + " DOWN messages";
  // (A peer that closed or reset itself reads nothing more.)
  if (!peer_closed && !peer_reset && !c.peer.eof())
    return "the peer never saw the socket close";
  // However the socket closed (close, the owner's death, exit_on_close),
  // {linger, {true, 0}} makes it an RST, as the OS does (OTP 25 checked).
  if (!peer_closed && !peer_reset && abortive != c.peer.was_reset())
    return abortive ? "{linger, {true, 0}} but the socket closed with a FIN"
                    : "the socket closed with an RST without {linger, {true, 0}}";
  // The listen socket is the owner's too: it closes with the owner.
  if (auto why = sockets_left(fx, killed ? 0 : 1); !why.empty())
    return why;
  if (killed)
    ++cov.owner_killed;
  // The data check: the owner closed (not died first) and the peer kept
  // reading; with exit_on_close a half-closing peer ends the socket first.
  bool owner_closed_first = (closed || shut) && !killed && !abortive;
  bool peer_reads = !peer_closed && !peer_reset
                    && (!peer_half || !exit_on_close);
  if (!owner_closed_first || !peer_reads)
    return {};
  ++cov.closed_by_owner;
  std::string expected;
  for (auto& snd : sends) {
    auto r = snd.result.reason();
    if (snd.after_close) {
      if (r != errc::closed)
        return "a send after close returned "
               + std::string{to_atom(r)};
      ++cov.sends_refused;
      continue;
    }
    if (r != errc::ok)
      return "a send before close returned " + std::string{to_atom(r)};
    expected += pattern(snd.from, snd.to - snd.from);
  }
  auto got = c.peer.read();
  if (got != expected)
    return "the peer read " + std::to_string(got.size()) + " bytes, "
           + std::to_string(expected.size())
           + " were sent before close (or they differ)";
  return {};
}

} // namespace

BOOST_AUTO_TEST_SUITE(exploration)

BOOST_AUTO_TEST_CASE(every_ending_closes_once_and_flushes_on_close) {
  BOOST_TEST_MESSAGE("Ensure that however a connection ends (owner close or death, peer close, half-close or reset, racing each other and monitors), each monitor gets one DOWN, nothing stays open, and close flushes what was sent before it");
  coverage cov;
  auto runs = explore_seeds(default_seeds, [&](auto& fx, uint64_t seed) {
    return run_scenario(fx, seed, cov);
  });
  BOOST_TEST_MESSAGE("explored " << runs << " run(s): " << cov.closed_by_owner
                                 << " closed by the owner with the peer "
                                 << "reading, " << cov.owner_killed
                                 << " with the owner killed, "
                                 << cov.nosock_downs << " nosock DOWN, "
                                 << cov.sends_refused
                                 << " sends refused after close, "
                                 << cov.lingering
                                 << " lingering closes, " << cov.shutdowns_ok
                                 << " shutdown(write) ok");
  if (runs >= default_seeds) {
    BOOST_TEST(cov.closed_by_owner > 0u);
    BOOST_TEST(cov.owner_killed > 0u);
    BOOST_TEST(cov.nosock_downs > 0u);
    BOOST_TEST(cov.sends_refused > 0u);
    BOOST_TEST(cov.lingering > 0u);
    BOOST_TEST(cov.shutdowns_ok > 0u);
  }
}

BOOST_AUTO_TEST_SUITE_END()
