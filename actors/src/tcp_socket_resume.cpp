#include "tcp_socket_actor.hpp"
#include "tcp_socket_ops.hpp"

#include <tuple>

#include <caf/config.hpp>
#include <caf/policy/categorized.hpp>

// The socket actor's turn on a worker (tcp_socket_impl::run), in a file of
// its own: it instantiates CAF's mailbox templates, whose intrusive queues
// cast their sentinel node to the element type. UBSan's vptr check reports
// that cast in any instrumented copy of CAF's code (CAF's library is not
// instrumented), so a sanitizer build compiles this file without that one
// check (actors/CMakeLists.txt).

namespace otpnet {

// This copies CAF 0.17.6's loop; another CAF version needs a new look.
static_assert(CAF_VERSION == 1706, "tcp_socket_impl::run mirrors CAF 0.17.6");

// CAF 0.17's scheduled_actor::resume, less the work it does per activation
// for features a socket actor does not use: tagging the thread for CAF's
// logger (which logs nothing on Debian's build), reading the clock and
// advancing streams after every round, cleaning up stream queues. About
// 300 instructions per activation, two or three activations per packet.
// The mailbox protocol is CAF's own, unchanged: rounds over the mailbox's
// queues through CAF's visitor, finalize() after each round, and
// awaiting_message only once try_block() has succeeded (after which an
// enqueue reschedules the actor), so no wake-up can be lost. An actor with
// streams gets CAF's resume; a behavior with a receive timeout (`after`,
// which the socket's has not) gets it re-armed as CAF would.
// One addition: sends held for the owner's answers (hold_turn) make the
// socket yield (resume_later) where it would otherwise wait for messages.
// And one shortcut: a round visits only the urgent and normal queues while
// the two stream queues are empty (always, for a socket without streams),
// skipping the stream queues' own round and cleanup (~180 instructions per
// s1 request); anything in them gets CAF's full round.
namespace {

template <class Mailbox, class Visitor>
caf::intrusive::new_round_result message_round(Mailbox& mailbox,
                                               Visitor& visit) {
  constexpr caf::policy::categorized::deficit_type quantum = 3; // as CAF
  mailbox.fetch_more();
  auto& qs = mailbox.queue().queues();
  using self = caf::scheduled_actor;
  auto& upstream = std::get<self::upstream_queue_index>(qs);
  auto& downstream = std::get<self::downstream_queue_index>(qs);
  if (!upstream.empty() || !downstream.empty())
    return mailbox.new_round(quantum, visit);
  auto consume = [&](caf::mailbox_element& x) { return visit(x); };
  auto& urgent = std::get<self::urgent_queue_index>(qs);
  auto& normal = std::get<self::normal_queue_index>(qs);
  using caf::policy::categorized;
  auto res = urgent.new_round(categorized::quantum(urgent, quantum), consume);
  if (res.stop_all) {
    // As CAF's round: a queue after the one that stopped still gains its
    // credit.
    normal.inc_deficit(categorized::quantum(normal, quantum));
    return res;
  }
  return res | normal.new_round(categorized::quantum(normal, quantum), consume);
}

} // namespace

caf::resumable::resume_result
tcp_socket_impl::run(caf::execution_unit* ctx, size_t max_throughput) {
  if (!stream_managers_.empty() || !pending_stream_managers_.empty()) {
    if (state.held)
      tcp_socket_ops::start_write(this);
    return tcp_socket_actor::resume(ctx, max_throughput);
  }
  if (!activate(ctx))
    return resumable::done;
  size_t handled = 0;
  auto rearm_timeout = [&] {
    if (handled > 0 && !bhvr_stack_.empty()
        && bhvr_stack_.back().timeout() != caf::infinite)
      set_receive_timeout();
  };
  auto hold = [&] {
    return state.held && tcp_socket_ops::hold_turn(this, handled > 0);
  };
  mailbox_visitor visit{this, handled, max_throughput};
  while (handled < max_throughput) {
    if (message_round(mailbox_, visit).consumed_items == 0) {
      if (hold())
        return resumable::resume_later;
      rearm_timeout();
      if (mailbox().try_block())
        return resumable::awaiting_message;
    }
    if (finalize())
      return resumable::done;
  }
  // Out of throughput: more messages may wait (CAF's yield). A hold turn
  // counts only once they are all handled.
  if (state.held && (!mailbox().empty() || hold()))
    return resumable::resume_later;
  rearm_timeout();
  if (mailbox().try_block())
    return resumable::awaiting_message;
  return resumable::resume_later;
}

} // namespace otpnet
