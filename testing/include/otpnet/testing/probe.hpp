// A probe is an event-based actor that stands in for "some actor of the
// system": it records every message it receives, in order (tcp, tcp_closed,
// tcp_error, tcp_passive and inet DOWN messages by kind, anything else as
// its printed form), it can own sockets (whoever calls listen, accept or
// connect becomes the owner), and the test tells it which API functions to
// call: accept, send, recv, setopts, controlling_process, ... Each call runs
// inside the probe, exactly as the user's actor would make it.
//
// A call comes in two forms:
// - `p.send(s, "abc")` waits (through the fixture) for the result and
//   returns it: `caf::expected<T>`.
// - `p.send_async(s, "abc")` returns a `call<T>` ticket at once: use it for
//   calls that are expected to stay suspended (a send at the watermark).
//
// Calls use `.await` like an Erlang process that blocks in gen_tcp: the
// probe handles no other message until the reply is in. Messages that
// arrive meanwhile are recorded afterwards, in their order.
//
// A probe is a cheap handle; copies name the same actor.
// Thread safety: all member functions may be called from any thread.

#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/exit_reason.hpp>
#include <caf/expected.hpp>

#include <otpnet/gen_tcp.hpp>
#include <otpnet/gen_udp.hpp>
#include <otpnet/inet.hpp>
#include <otpnet/net/errc.hpp>
#include <otpnet/pending.hpp>
#include <otpnet/socket.hpp>
#include <otpnet/testing/driver.hpp>

namespace otpnet::testing {

/// One message a probe received.
struct recorded_message {
  /// "tcp", "http", "tcp_closed", "tcp_error", "tcp_passive", "udp",
  /// "udp_passive", "udp_error", "DOWN" (inet monitor), "select" and
  /// "abort" (the socket module's), "EXIT", or "other".
  std::string tag;
  uint64_t socket = 0;    // the socket's id; 0 if the message has none
  std::string data;       // tcp, udp: the packet; http: the HttpPacket's
                          // term; select, abort: the handle in decimal
  errc reason = errc::ok; // tcp_error, udp_error, abort: the reason; DOWN:
                          // the info
  std::string text;       // printed form, e.g. {tcp,#Socket<7>,"abc"}
  uint64_t sender = 0;    // id of the actor that sent it (0: anonymous)
};

/// The printed form.
std::string to_string(const recorded_message& x);

namespace detail {

[[noreturn]] void fail_no_reply(const std::string& what, driver* drv);

std::string describe_result(const caf::error& err);

template <class T>
std::string describe_value(const T& x) {
  if constexpr (std::is_arithmetic_v<T>)
    return std::to_string(x);
  else
    return "ok";
}

std::string describe_value(const otpnet::socket& s);
std::string describe_value(const binary& b);
std::string describe_value(const net::http_packet& p);
std::string describe_value(const inet::stat_values& v);
std::string describe_value(const gen_udp::datagram& d);

} // namespace detail

/// The result of a call a probe makes; done() once the reply arrived.
template <class T>
class call {
public:
  struct slot {
    std::mutex mtx;
    std::optional<caf::expected<T>> result;
  };

  call(std::shared_ptr<slot> s, driver* drv, std::string what)
    : slot_(std::move(s)), drv_(drv), what_(std::move(what)) {
    // nop
  }

  bool done() const {
    std::lock_guard<std::mutex> guard{slot_->mtx};
    return slot_->result.has_value();
  }

  /// Runs the system until the reply is there (bounded); a missing reply
  /// fails the test with the trace.
  caf::expected<T> get(std::chrono::milliseconds budget = default_budget) {
    if (!done() && drv_ != nullptr)
      drv_->run_until([this] { return done(); }, budget);
    std::lock_guard<std::mutex> guard{slot_->mtx};
    if (!slot_->result)
      detail::fail_no_reply(what_, drv_);
    return *slot_->result;
  }

  /// The errc of the result: ok for success; fails the test if not done.
  errc reason(std::chrono::milliseconds budget = default_budget) {
    auto r = get(budget);
    return r ? errc::ok : errc_of(r.error());
  }

  const std::string& what() const noexcept {
    return what_;
  }

private:
  std::shared_ptr<slot> slot_;
  driver* drv_;
  std::string what_;
};


class probe {
public:
  /// Spawns the probe actor. Fixtures do this in make_probe().
  probe(caf::actor_system& sys, driver& drv, std::string name);

  const std::string& name() const;

  /// The probe's actor (e.g. the new owner for controlling_process).
  const caf::actor& handle() const;

  operator const caf::actor&() const {
    return handle();
  }

  // -- what it received -------------------------------------------------------

  std::vector<recorded_message> messages() const;
  size_t count() const;

  /// The tcp payloads for `s`, concatenated in arrival order.
  std::string data_of(const otpnet::socket& s) const;

  /// The tcp payloads for `s`, one entry per message.
  std::vector<std::string> packets_of(const otpnet::socket& s) const;

  /// Where expect_messages continues (messages before it were checked).
  size_t cursor() const;
  void set_cursor(size_t pos);

  // -- running code inside the probe -----------------------------------------

  /// Runs `f` in the probe actor (fire and forget).
  void exec(std::function<void(caf::event_based_actor*)> f,
            std::string what = "exec");

  /// Runs `f` in the probe and keeps its result. `suspend` = `.await` (the
  /// probe handles nothing else meanwhile), else `.then`.
  template <class T>
  call<T> start(std::function<pending<T>(caf::event_based_actor*)> f,
                std::string what, bool suspend = true) {
    auto slot = std::make_shared<typename call<T>::slot>();
    auto log = log_fn();
    exec(
      [f, slot, suspend, what, log](caf::event_based_actor* self) {
        auto done = [slot, what, log](caf::expected<T> res) {
          std::string text = "ok";
          if (!res)
            text = detail::describe_result(res.error());
          else if constexpr (!std::is_void_v<T>)
            text = detail::describe_value(*res);
          log(what + " -> " + text);
          std::lock_guard<std::mutex> guard{slot->mtx};
          slot->result = std::move(res);
        };
        auto p = f(self);
        if (suspend)
          p.await(done);
        else
          p.then(done);
      },
      what);
    return call<T>{slot, drv_, name() + ": " + what};
  }

  // -- gen_tcp and inet, waiting for the result ------------------------------

  caf::expected<otpnet::socket> listen(int port,
                                       const gen_tcp::option_list& opts = {});
  caf::expected<otpnet::socket> accept(const otpnet::socket& ls,
                                       timeout t = infinity);
  caf::expected<otpnet::socket> connect(const std::string& host, int port,
                                        const gen_tcp::option_list& opts = {},
                                        timeout t = infinity);
  caf::expected<void> send(const otpnet::socket& s, binary data);
  caf::expected<binary> recv(const otpnet::socket& s, size_t length,
                             timeout t = infinity);
  caf::expected<net::http_packet> recv_http(const otpnet::socket& s,
                                            timeout t = infinity);
  caf::expected<void> setopts(const otpnet::socket& s,
                              const std::vector<inet::option>& opts);
  caf::expected<std::vector<inet::option>>
  getopts(const otpnet::socket& s, const std::vector<inet::option_name>& names);
  /// inet::getstat: every statistic, or those named, in that order.
  caf::expected<inet::stat_values>
  getstat(const otpnet::socket& s,
          const std::vector<inet::stat_option>& names = {
            inet::all_stat_options.begin(), inet::all_stat_options.end()});
  caf::expected<void> close(const otpnet::socket& s);
  caf::expected<void> shutdown(const otpnet::socket& s,
                               gen_tcp::shutdown_how how);
  caf::expected<void> controlling_process(const otpnet::socket& s,
                                          const caf::actor& new_owner);
  caf::expected<uint16_t> port(const otpnet::socket& s);

  /// gen_udp: the probe owns the sockets it opens (udp messages arrive at
  /// it); on the simulated network and over loopback.
  caf::expected<otpnet::socket> udp_open(int port,
                                         const gen_udp::option_list& opts = {});
  caf::expected<void> udp_send(const otpnet::socket& s,
                               const inet::ip_address& addr, int port,
                               binary data);
  /// gen_udp:send/5. The simulated network has no IP headers: it checks
  /// `anc` (einval as on loopback) and otherwise ignores it.
  caf::expected<void> udp_send(const otpnet::socket& s,
                               const inet::ip_address& addr, int port,
                               const gen_udp::ancillary_list& anc,
                               binary data);
  caf::expected<gen_udp::datagram> udp_recv(const otpnet::socket& s,
                                            size_t length,
                                            timeout t = infinity);

  /// inet::monitor: DOWN messages then arrive at this probe.
  inet::monitor_ref monitor(const otpnet::socket& s);

  // -- the same, not waiting --------------------------------------------------

  call<otpnet::socket> accept_async(const otpnet::socket& ls,
                                    timeout t = infinity);
  call<otpnet::socket> connect_async(const std::string& host, int port,
                                     const gen_tcp::option_list& opts = {},
                                     timeout t = infinity);
  call<void> send_async(const otpnet::socket& s, binary data);
  call<binary> recv_async(const otpnet::socket& s, size_t length,
                          timeout t = infinity);
  call<net::http_packet> recv_http_async(const otpnet::socket& s,
                                         timeout t = infinity);
  call<void> setopts_async(const otpnet::socket& s,
                           const std::vector<inet::option>& opts);
  call<void> close_async(const otpnet::socket& s);
  call<void> controlling_process_async(const otpnet::socket& s,
                                       const caf::actor& new_owner);

  // -- life -------------------------------------------------------------------

  /// Terminates the probe (an owner's death): its sockets close.
  void kill(caf::exit_reason reason = caf::exit_reason::kill);

  /// False once the probe terminated.
  bool alive() const;

  /// The fixture that runs this probe.
  driver* get_driver() const noexcept {
    return drv_;
  }

  /// @private
  struct state;

private:
  std::function<void(const std::string&)> log_fn() const;

  std::shared_ptr<state> st_;
  caf::actor hdl_;
  driver* drv_;
};

} // namespace otpnet::testing
