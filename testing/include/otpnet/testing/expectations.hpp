// Message-flow checks in the style of Boost.Test: on failure they report at
// the caller's line what was expected and what arrived, in order, followed
// by the recorded run (the trace). Each check first lets the system run
// (through the probe's or peer's fixture) until enough has arrived, so the
// same test reads the same over the simulated network and real loopback.
//
//   expect_messages(owner, {tcp("abc"), tcp_passive()});
//   expect_no_more(owner);
//   expect_peer_received(peer, "reply");
//
// A probe keeps a cursor: each check continues where the previous one
// stopped. All checks return whether they passed.

#pragma once

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <otpnet/net/errc.hpp>
#include <otpnet/net/http_packet.hpp>
#include <otpnet/sock.hpp>
#include <otpnet/socket.hpp>
#include <otpnet/testing/driver.hpp>
#include <otpnet/testing/probe.hpp>

namespace otpnet::testing {

/// What one expected message must look like. Fields left empty match
/// anything (e.g. any socket).
struct message_pattern {
  std::string tag;
  std::optional<uint64_t> socket;
  std::optional<std::string> data;
  std::optional<errc> reason;
  std::optional<std::string> text; // for "other": the printed message

  bool matches(const recorded_message& x) const;
  std::string to_string() const;
};

/// {tcp, _, Data} and {tcp, S, Data}.
message_pattern tcp(std::string_view data);
message_pattern tcp(const otpnet::socket& s, std::string_view data);

/// {http, _, HttpPacket} and {http, S, HttpPacket}, from a {packet, http*}
/// socket.
message_pattern http(const net::http_packet& packet);
message_pattern http(const otpnet::socket& s, const net::http_packet& packet);

/// {tcp_closed, _} and {tcp_closed, S}.
message_pattern tcp_closed();
message_pattern tcp_closed(const otpnet::socket& s);

/// {tcp_error, _, Reason}.
message_pattern tcp_error(errc reason);
message_pattern tcp_error(const otpnet::socket& s, errc reason);

/// {tcp_passive, _} and {tcp_passive, S}.
message_pattern tcp_passive();
message_pattern tcp_passive(const otpnet::socket& s);

/// {udp, _, _, _, Data} and {udp, S, _, _, Data}: one datagram (any
/// sender).
message_pattern udp(std::string_view data);
message_pattern udp(const otpnet::socket& s, std::string_view data);

/// {udp_passive, _} and {udp_passive, S}.
message_pattern udp_passive();
message_pattern udp_passive(const otpnet::socket& s);

/// {udp_error, _, Reason} and {udp_error, S, Reason}.
message_pattern udp_error(errc reason);
message_pattern udp_error(const otpnet::socket& s, errc reason);

/// The socket module's {'$socket', S, select, Handle} for the select_info
/// a nowait call returned, and {'$socket', S, abort, {Handle, Reason}}.
message_pattern sock_select(const sock::socket& s, const sock::select_info& i);
message_pattern sock_abort(const sock::socket& s, const sock::select_info& i,
                           errc reason = errc::closed);

/// {'DOWN', _, port, _, Info} from inet::monitor.
message_pattern inet_down(errc info);
message_pattern inet_down(const otpnet::socket& s, errc info);

/// Any other message, by its printed form (e.g. "(\"done\", 3)").
message_pattern other(std::string text);

/// Matches any one message.
message_pattern any_message();

namespace detail {

/// Reports a check at the caller's file and line (Boost.Test's own
/// reporting, so it counts as a failed check of the current test).
bool report(bool ok, const std::string& message, const char* file, int line);

} // namespace detail

/// The text of a failed sequence check: both sequences, in order, the
/// first difference (index `first_bad`) marked with '>'.
std::string describe_mismatch(const std::vector<message_pattern>& expected,
                              const std::vector<recorded_message>& arrived,
                              size_t first_bad);

/// The next messages of `p` (from its cursor) are exactly `expected`, in
/// this order. Waits until that many arrived (bounded on loopback).
bool expect_messages(probe& p, std::vector<message_pattern> expected,
                     const char* file = __builtin_FILE(),
                     int line = __builtin_LINE());

/// The next messages of `p` are tcp messages whose payloads, concatenated,
/// are `bytes` (for raw sockets, where TCP may cut a stream anywhere).
bool expect_data(probe& p, std::string_view bytes,
                 const char* file = __builtin_FILE(),
                 int line = __builtin_LINE());

/// Nothing arrived beyond the cursor, after letting everything settle.
bool expect_no_more(probe& p, const char* file = __builtin_FILE(),
                    int line = __builtin_LINE());

/// The peer received exactly `bytes` next (consumed). Works with any peer
/// type (simulated_peer, loopback_peer).
template <class Peer>
bool expect_peer_received(Peer& peer, std::string_view bytes,
                          const char* file = __builtin_FILE(),
                          int line = __builtin_LINE()) {
  auto* drv = peer.get_driver();
  if (drv != nullptr)
    drv->run_until([&] { return peer.available() >= bytes.size(); });
  auto got = peer.read(bytes.size());
  bool ok = got == bytes;
  std::string msg;
  if (!ok)
    msg = peer.name() + " should have received " + printable(bytes, 200)
          + "\n  but received " + printable(got, 200) + "\n  trace:\n"
          + (drv != nullptr ? drv->log().dump() : std::string{});
  return detail::report(ok, ok ? "peer received the expected bytes" : msg,
                        file, line);
}

/// The actor closed the connection (the peer saw a FIN or an RST).
template <class Peer>
bool expect_peer_closed(Peer& peer, const char* file = __builtin_FILE(),
                        int line = __builtin_LINE()) {
  auto* drv = peer.get_driver();
  if (drv != nullptr)
    drv->run_until([&] { return peer.eof(); });
  bool ok = peer.eof();
  return detail::report(ok,
                        ok ? "peer saw the close"
                           : peer.name()
                               + " should have seen the connection close\n"
                                 "  trace:\n"
                               + (drv ? drv->log().dump() : std::string{}),
                        file, line);
}

/// The peer has seen no close yet (after letting everything settle).
template <class Peer>
bool expect_peer_open(Peer& peer, const char* file = __builtin_FILE(),
                      int line = __builtin_LINE()) {
  if (auto* drv = peer.get_driver())
    drv->settle();
  bool ok = !peer.eof();
  return detail::report(ok,
                        ok ? "peer connection still open"
                           : peer.name() + " saw a close it should not have",
                        file, line);
}

} // namespace otpnet::testing
