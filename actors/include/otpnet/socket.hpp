#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <caf/actor.hpp>
#include <caf/meta/type_name.hpp>

#include "otpnet/net/binary.hpp"
#include "otpnet/net/futex_lock.hpp"

namespace otpnet {

namespace detail {

class staged_packets;

/// What senders and the socket actor share without a message.
///
/// `msgq_bytes`: the bytes sent to the socket that still wait in its
/// mailbox (the "socket message queue" that high_msgq_watermark and
/// low_msgq_watermark measure).
///
/// The rest is the actor's answer to "may a caller skip the reply?",
/// published after every change of its state (only the actor writes it).
/// A send or an {active, once | true | false} setopts that the socket would
/// accept at once completes without a round trip: the caller gets `ok` and
/// the request follows as a one-way message, in order with the caller's
/// other requests. Whenever the socket would make a sender wait (socket or
/// message queue busy, parked senders) or fail it (closed, write error,
/// shut down for writing), the gate is shut and the call is a request.
struct socket_shared {
  static constexpr uint8_t gate_open = 1; // setopts({active, _}) may cast
  static constexpr uint8_t gate_send = 2; // send may cast

  std::atomic<uint64_t> msgq_bytes{0};
  std::atomic<uint64_t> msgq_high{0};    // high_msgq_watermark
  std::atomic<uint64_t> max_body{0};     // largest packet the header fits
  std::atomic<uint8_t> gate{0};
  // Packets prepared for an {active, once} owner's next re-arms (made and
  // freed by the socket actor; see actors/src/staged_packets.hpp), and the
  // messages on their way to the socket that will take them back: while
  // any is, none is taken.
  std::atomic<staged_packets*> staged{nullptr};
  std::atomic<uint32_t> incoming{0};
  // One-way sends without a message each (one_way.cpp): the first one
  // enqueues a wake-up (proto::sends_atom) and sets `sends_waiting`; the
  // next ones only add their bytes, until the socket handles the wake-up
  // and takes them all, or until any other message is enqueued to the
  // socket (`sends_sealed`): from then on, sends are messages again, so
  // that none overtakes a message enqueued before it. The wake-up is
  // enqueued under the lock, so every byte added here was added after it
  // was in the mailbox and before anything behind it. All under `sends_mu`
  // but the flag's reads that decide whether to take the lock.
  futex_mutex sends_mu;
  std::atomic<bool> sends_waiting{false};
  bool sends_sealed = false;
  std::vector<binary> sends;
};

} // namespace detail

/// A socket as Erlang code sees it: a value naming the socket's actor.
/// Cheap to copy; equal when it names the same socket. A default-constructed
/// socket names nothing (every call on it returns badarg).
class socket {
public:
  socket() = default;

  /// `shared` lives in the actor named by `hdl` (null: none), so the
  /// strong reference held in hdl keeps it valid: a copy costs one
  /// reference count, not two.
  explicit socket(caf::actor hdl, detail::socket_shared* shared = nullptr)
    : hdl_(std::move(hdl)), shared_(shared) {
    // nop
  }

  /// The socket's actor. Messages to it are the library's business; use
  /// the gen_tcp and inet functions.
  const caf::actor& actor() const noexcept {
    return hdl_;
  }

  /// A number unique among this process's sockets.
  uint64_t id() const noexcept {
    return hdl_ ? hdl_.id() : 0;
  }

  /// @private: the state shared with the socket actor (connected sockets
  /// only).
  detail::socket_shared* shared() const noexcept {
    return shared_;
  }

  explicit operator bool() const noexcept {
    return static_cast<bool>(hdl_);
  }

  friend bool operator==(const socket& x, const socket& y) noexcept {
    return x.id() == y.id();
  }

  friend bool operator!=(const socket& x, const socket& y) noexcept {
    return !(x == y);
  }

  friend bool operator<(const socket& x, const socket& y) noexcept {
    return x.id() < y.id();
  }

  template <class Inspector>
  friend typename Inspector::result_type inspect(Inspector& f, socket& x) {
    return f(caf::meta::type_name("socket"), x.hdl_);
  }

private:
  caf::actor hdl_;
  detail::socket_shared* shared_ = nullptr;
};

/// Renders `#Socket<N>`, like Erlang's `#Port<0.N>`.
std::string to_string(const socket& s);

} // namespace otpnet

namespace std {
template <>
struct hash<otpnet::socket> {
  size_t operator()(const otpnet::socket& s) const noexcept {
    return std::hash<uint64_t>{}(s.id());
  }
};
} // namespace std
