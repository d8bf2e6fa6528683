#pragma once

// The socket actor's operations, shared by its three parts:
// tcp_socket_actor.cpp (life cycle, options, the behavior),
// tcp_socket_send.cpp (gen_tcp:send, the write queue, watermarks, the
// gate) and tcp_socket_recv.cpp (reading, delivery in every active mode,
// gen_tcp:recv). Handlers are short: they update state and call pump()
// (receiving) or start_write() (sending), which decide what to do next.

#include <optional>
#include <utility>

#include <caf/response_promise.hpp>
#include <caf/type_erased_tuple.hpp>

#include "otpnet/net/binary.hpp"
#include "otpnet/net/errc.hpp"

#include "protocol.hpp"
#include "tcp_socket_actor.hpp"

namespace otpnet::tcp_socket_ops {

using self_ptr = tcp_socket_actor*;
using phase = tcp_socket_state::phase;

inline const socket& me(self_ptr self) {
  return self->state.self_handle;
}

/// Answers a parked send; a one-way send has nobody to answer.
template <class T>
inline void answer(caf::response_promise& rp, T&& x) {
  if (rp.pending())
    rp.deliver(std::forward<T>(x));
}

// -- tcp_socket_actor.cpp ---------------------------------------------------

/// The socket is gone: monitors learn `reason`, the transport closes (with
/// an RST if `abort` or under {linger, {true, 0}}) and the actor
/// terminates. Pending callers get `closed`.
void finish(self_ptr self, errc reason, bool abort = false);

/// Answers the shutdown(write) calls waiting under linger: all of them, or
/// only the one whose timer has id `only`.
void answer_shutdowns(tcp_socket_state& st, errc result,
                      std::optional<uint64_t> only = std::nullopt);

// -- tcp_socket_send.cpp ----------------------------------------------------

/// Every parked send fails with `err`; their data is dropped.
void fail_parked(tcp_socket_state& st, errc err);

/// Writes the queue (directly, then through the transport).
void start_write(self_ptr self);

/// Publishes what callers may do without a reply (detail::socket_shared).
void publish_gate(tcp_socket_state& st);

/// The options that callers check before a one-way send.
void publish_limits(tcp_socket_state& st);

/// Lets parked senders in, oldest first, while the socket is not busy.
void resume_senders(self_ptr self);

/// Shuts the write side once the queue is written, if that was asked for.
void maybe_shutdown_write(self_ptr self);

/// gen_tcp:send; `one_way`: the caller already has its ok.
caf::result<void> on_send(self_ptr self, binary& data, bool one_way);

/// At the wake-up (proto::sends_atom): handles the one-way sends waiting
/// in socket_shared::sends, in order; the next send sends a new wake-up.
void take_sends(self_ptr self);

/// Runs before the socket handles any message: a batch of sends waiting
/// for more sends (tcp_socket_state::batch_owed) is written unless `msg`
/// is a send too; held sends also let a one-way {active, _} or a recv
/// pass.
void before_message(self_ptr self, const caf::type_erased_tuple& msg);

/// The mailbox is empty while sends are held (tcp_socket_state::held):
/// true: the socket yields its worker, holding them; false: they are
/// written. `news`: this turn handled a message.
bool hold_turn(self_ptr self, bool news);

void on_send_timeout(self_ptr self, uint64_t id);

void on_write_done(self_ptr self, proto::write_done& msg);

// -- tcp_socket_recv.cpp ----------------------------------------------------

/// Decides what happens next on the receiving side.
void pump(self_ptr self);

/// gen_tcp:recv.
caf::result<binary> on_recv(self_ptr self, uint64_t length, int64_t ms);
caf::result<net::http_packet> on_recv_http(self_ptr self, int64_t ms);

/// setopts([{active, false | true | once}]) sent one way.
void on_active_cast(self_ptr self, uint8_t kind);

void on_read_done(self_ptr self, proto::read_done& msg);

// -- message kinds -----------------------------------------------------------

/// Type tokens of the messages a socket gets per packet: an own type alone
/// (proto::read_done, proto::write_done), an atom with bytes (one-way and
/// requested sends), an atom with a byte (one-way setopts({active, _})).
constexpr auto one_own_type_token = caf::make_type_token<proto::read_done>();
constexpr auto atom_binary_token = caf::make_type_token<caf::atom_value,
                                                        binary>();
constexpr auto atom_byte_token = caf::make_type_token<caf::atom_value,
                                                      uint8_t>();
constexpr auto atom_token = caf::make_type_token<caf::atom_value>();

/// Whether `msg` is the wake-up for one-way sends (proto::sends_atom).
inline bool is_sends_wake(const caf::type_erased_tuple& msg) {
  return msg.type_token() == atom_token
         && msg.get_as<caf::atom_value>(0) == proto::sends_atom::value;
}

// -- staged packets (tcp_socket_stage.cpp, detail::staged_packets) ---------

/// Whether `msg` leaves staged packets in place (I/O completions, one-way
/// sends); any other message takes them back.
bool keeps_staged(const caf::type_erased_tuple& msg);

/// Before a message is handled: counts the staged packets the owner took as
/// delivered and, unless the message `keeps` them (keeps_staged), takes
/// back those left and counts the message off socket_shared::incoming
/// (true).
bool settle_staged(self_ptr self, bool keeps);

/// Takes back every staged packet not taken (the socket ends).
void retract_staged(self_ptr self);

/// After a message: stages the next whole packets for the owner if an
/// {active, once} has just been spent and more are buffered.
void stage_packets(self_ptr self);

} // namespace otpnet::tcp_socket_ops
