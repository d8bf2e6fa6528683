#pragma once

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include <caf/response_promise.hpp>
#include <caf/stateful_actor.hpp>

#include "otpnet/net/active_mode.hpp"
#include "otpnet/net/fifo.hpp"
#include "otpnet/net/lazy_optional.hpp"
#include "otpnet/net/packet_reader.hpp"
#include "otpnet/net/shared_options.hpp"
#include "otpnet/net/socket_stats.hpp"
#include "otpnet/net/socket_options.hpp"
#include "otpnet/net/watermarks.hpp"
#include "otpnet/runtime/transport.hpp"

#include "otpnet/socket.hpp"

#include "owner.hpp"

namespace otpnet {

class runtime;

/// All per-socket state of a connected TCP socket (gen_tcp_socket's
/// gen_statem data). Handlers live in tcp_socket_actor.cpp.
struct tcp_socket_state {
  enum class phase : uint8_t {
    connecting, // waiting for the transport's connect
    open,       // connected
    closing,    // close was called; flushing queued data, then gone
  };

  struct pending_recv {
    caf::response_promise rp;
    size_t length;
    uint64_t id;
    bool http; // recv_http: answered with an HttpPacket
  };

  struct parked_send {
    binary header; // {packet, 1 | 2 | 4}
    binary body;
    caf::response_promise rp; // not pending for a one-way send
    uint64_t id;
  };

  phase state = phase::connecting;
  runtime* rt = nullptr;
  // The actor's own (tcp_socket_impl::shared_): it outlives this state,
  // which CAF destroys when the actor ends, as long as a socket names it.
  detail::socket_shared* shared = nullptr;
  socket self_handle; // what messages to the owner carry
  stream_transport_ptr transport;
  // Shared with the listen socket and its other accepted sockets until
  // setopts changes it (see net::shared_options).
  net::shared_options opts;
  owner_state owner;

  // Receiving.
  net::active_mode active;
  net::packet_reader reader{net::packet_type::raw, net::packet_limits{}};
  bool reading = false;       // a transport read is outstanding
  uint8_t direct_reads = 0;   // fast-path reads since the last async one
  uint8_t read_skip = 0;      // fast-path reads still to skip (see pump)
  uint8_t read_backoff = 0;   // read_skip after the next miss
  bool eof = false;           // the peer closed, or a read failed
  errc read_error = errc::ok; // reported as tcp_error / recv error at eof
  bool closed_reported = false;
  // An {active, once} was just spent: the socket may stage the next packets
  // for the owner's re-arm (tcp_socket_stage.cpp).
  bool stage_once = false;
  net::lazy_optional<pending_recv> recv;
  net::socket_stats stats; // inet:getstat
  uint64_t next_recv_id = 1;

  // Sending.
  std::vector<binary> write_queue;
  std::vector<binary> sends_taken; // take_sends' room, kept for reuse
  size_t write_queue_bytes = 0;
  bool writing = false;        // an async_write is outstanding
  bool in_start_write = false; // start_write is on the stack
  errc write_error = errc::ok;
  net::watermarks socket_busy{4096, 8192};
  bool msgq_busy = false; // hysteresis over shared->msgq_bytes
  uint8_t gate = 0;       // last value published to shared->gate
  net::fifo<parked_send> parked;
  uint64_t next_send_id = 1;
  bool flush_scheduled = false; // delay_send: a flush message is on its way
  // Without delay_send: the send bytes that were still on their way to the
  // mailbox when the current batch began, less the sends handled since.
  // While > 0, queued packets wait for them and leave in one write (see
  // on_send); the first other message ends the batch (before_message).
  size_t batch_owed = 0;
  // Without delay_send: sends that find bytes buffered for an owner that
  // takes packets one by one ({active, once} used up, or recv) wait a turn
  // or more (the socket yields) for the owner's answers to them, then
  // leave in one write (see hold_turn; finish writes them too).
  bool held = false;
  uint8_t held_turns = 0;  // turns yielded since the last write
  uint8_t held_spins = 0;  // turns yielded without news (owner busy)
  bool answer_due = false; // a packet went out since the last send came in
  bool shutdown_write_pending = false;
  bool write_shut = false;

  // Rarely used: allocated when first needed (s5, idle connections).
  net::lazy_optional<caf::response_promise> connect_rp;
  net::lazy_optional<caf::response_promise> close_rp; // a lingering close
  // shutdown(write) calls waiting under {linger, {true, T}} for the queued
  // data to leave (or T), each with the id of its timer.
  struct lingering_shutdowns {
    uint64_t next_id = 0;
    std::vector<std::pair<uint64_t, caf::response_promise>> waiting;
  };
  net::lazy_optional<lingering_shutdowns> shutdowns;

  static inline const char* name = "otpnet.tcp_socket";

  tcp_socket_state() = default;
  tcp_socket_state(const tcp_socket_state&) = delete;
  tcp_socket_state& operator=(const tcp_socket_state&) = delete;

  // Staged packets hold references to the socket: they go with the state
  // (CAF destroys it as the actor ends), not with the actor object.
  ~tcp_socket_state();
};

using tcp_socket_actor = caf::stateful_actor<tcp_socket_state>;

/// A connected socket's actor, owned by `owner`. A connecting socket starts
/// in the connecting phase and opens with its first request,
/// proto::connect_atom (gen_tcp:connect). An accepted one opens as it
/// starts and answers the accept request itself (`accepted`: the request
/// the listen actor hands over). Either reply comes from this actor before
/// any socket message, so the owner sees it first.
///
/// Spawn it with `spawn<tcp_socket_impl>(rt, transport, options, owner)`,
/// plus the `accepted` request for an accepted connection.
/// All socket actors share one behavior (its handlers capture nothing and
/// find their actor through resume()), so a connection does not pay for
/// its own copy of some twenty message handlers.
class tcp_socket_impl : public tcp_socket_actor {
public:
  /// Who waits for gen_tcp:accept's reply: the request's return address.
  struct accepted {
    caf::strong_actor_ptr source;
    caf::mailbox_element::forwarding_stack stages;
    caf::message_id id;
  };

  tcp_socket_impl(caf::actor_config& cfg, runtime* rt,
                  stream_transport_ptr tr, net::shared_options opts,
                  caf::actor owner);

  tcp_socket_impl(caf::actor_config& cfg, runtime* rt,
                  stream_transport_ptr tr, net::shared_options opts,
                  caf::actor owner, accepted request);

  ~tcp_socket_impl() override;

  caf::behavior make_behavior() override;

  resume_result resume(caf::execution_unit* ctx,
                       size_t max_throughput) override;

  caf::invoke_message_result consume(caf::mailbox_element& x) override;

  void enqueue(caf::mailbox_element_ptr x, caf::execution_unit* ctx) override;

private:
  /// CAF's resume without what a socket actor never uses
  /// (tcp_socket_resume.cpp).
  resume_result run(caf::execution_unit* ctx, size_t max_throughput);

  /// Handles the per-packet messages itself (see consume); false: CAF's
  /// dispatch decides.
  bool consume_direct(caf::mailbox_element& x);

  // What senders read and write without a message (socket::shared): a
  // member of the actor object, which lives while any socket value holds
  // a strong reference to it.
  detail::socket_shared shared_;
  caf::actor first_owner_; // until make_behavior
  // Until make_behavior; on the heap, so that an idle connection does not
  // carry its (then empty) room for good (~50 bytes).
  std::unique_ptr<accepted> accepted_;
};

} // namespace otpnet
