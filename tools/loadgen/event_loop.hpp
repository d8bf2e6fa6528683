// One epoll event loop driving a share of the connections in one of the four
// modes. Edge-triggered; a connection's reads and writes are non-blocking
// and batched (one writev for every request the window allows, reads until
// the socket is drained). Nothing is allocated per request: the latency
// stamps are a ring of `depth` slots per connection, allocated up front.
//
// Thread safety: run() on one thread; the only shared state is
// `shared_state`, whose members are atomics.

#pragma once

#include <sys/epoll.h>

#include <atomic>
#include <cstdint>
#include <vector>

#include "dial.hpp"
#include "options.hpp"
#include "request_pattern.hpp"
#include "stats.hpp"

namespace loadgen {

/// Monotonic instants (ns) that every loop obeys.
struct run_plan {
  uint64_t start = 0;
  uint64_t measure = 0;  // echo/connect: the measured window starts here
  uint64_t end = 0;      // echo/connect/push: and ends here
  uint64_t deadline = 0; // nothing runs past this (hold, read-back included)
};

struct shared_state {
  std::atomic<bool> stop{false};       // SIGINT/SIGTERM: wind up now
  std::atomic<int> opening{0};         // hold: loops still opening
  std::atomic<int64_t> held{0};        // hold: connections held right now
  std::atomic<uint64_t> hold_until{0}; // hold: set once every loop is open
};

class event_loop {
public:
  event_loop(const options& opts, const dial_target& target,
             const request_pattern& pattern, std::vector<uint32_t> ids,
             const run_plan& plan, shared_state& shared, unsigned index);
  ~event_loop();
  event_loop(const event_loop&) = delete;
  event_loop& operator=(const event_loop&) = delete;

  void run();

  const stats& result() const noexcept {
    return stats_;
  }

  /// The measured window actually run (hold: the time held).
  double seconds() const noexcept {
    return seconds_;
  }

private:
  enum class phase : uint8_t { idle, connecting, open, held, done };

  struct conn {
    int fd = -1;
    uint32_t gen = 0;  // bumped at every close: stale events are dropped
    uint32_t salt = 0; // global connection number
    phase st = phase::idle;
    bool can_write = false;
    uint64_t send_seq = 0; // next request to write (partly, if send_off)
    uint64_t send_off = 0;
    uint64_t stamped = 0; // requests whose send time is recorded
    uint64_t recv_seq = 0; // next request expected back
    uint64_t recv_off = 0;
    uint64_t started = 0;  // connect began
    uint64_t deadline = 0; // connect or awaited echo; 0 = none
    uint64_t retry_at = 0; // connect mode: idle until then
  };

  void begin();
  void start_connect(conn& c);
  void on_event(uint64_t data, uint32_t events);
  void on_connected(conn& c);
  void pump_writes(conn& c);
  void on_readable(conn& c);
  bool consume(conn& c, const char* data, std::size_t n);
  bool on_echo(conn& c);
  void fail(conn& c, uint64_t error_counts::*kind);
  void close_fd(conn& c);
  void resolve_opening();
  void launch_next_hold();
  void tick();
  void scan();
  void count_blocked();
  void start_read_back();
  void finish(uint64_t window_end);
  uint64_t write_limit(const conn& c) const noexcept;
  bool running() const noexcept;
  bool in_window() const noexcept;

  const options& opts_;
  const request_pattern& pattern_;
  const run_plan& plan_;
  shared_state& shared_;
  dialer dialer_;
  std::vector<conn> conns_;
  std::vector<uint64_t> stamps_; // echo: depth slots per connection
  std::vector<char> buf_;
  stats stats_;
  int ep_ = -1;
  uint64_t now_ = 0;
  uint64_t last_scan_ = 0;
  bool reading_back_ = false;
  bool finished_ = false;
  double seconds_ = 0;
  // hold
  std::size_t next_launch_ = 0;
  std::size_t to_launch_ = 0;
  bool launching_ = false;
  std::size_t unresolved_ = 0;
  uint64_t held_ = 0;
  uint64_t hold_started_ = 0;
};

} // namespace loadgen
