#include "event_loop.hpp"

#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <limits>

#include "clock.hpp"

namespace loadgen {

namespace {

constexpr uint64_t ms = 1000000;
constexpr uint64_t io_timeout = 5000 * ms; // a connect, an awaited echo
constexpr uint64_t retry_delay = 10 * ms;  // connect mode, after an error
constexpr uint64_t scan_every = 50 * ms;   // timeouts and retries
constexpr std::size_t hold_concurrency = 64;
constexpr std::size_t read_buffer = 256 * 1024;
constexpr int max_iov = 64;

} // namespace

event_loop::event_loop(const options& opts, const dial_target& target,
                       const request_pattern& pattern,
                       std::vector<uint32_t> ids, const run_plan& plan,
                       shared_state& shared, unsigned index)
  : opts_(opts),
    pattern_(pattern),
    plan_(plan),
    shared_(shared),
    dialer_(target,
            opts.run_mode == mode::connect || opts.run_mode == mode::hold,
            index * 17),
    conns_(ids.size()),
    buf_(read_buffer) {
  for (std::size_t i = 0; i < ids.size(); ++i)
    conns_[i].salt = ids[i];
  if (opts.run_mode == mode::echo)
    stamps_.assign(ids.size() * static_cast<std::size_t>(opts.depth), 0);
  ep_ = epoll_create1(EPOLL_CLOEXEC);
}

event_loop::~event_loop() {
  for (auto& c : conns_)
    close_fd(c);
  if (ep_ >= 0)
    close(ep_);
}

bool event_loop::running() const noexcept {
  return !finished_ && now_ < plan_.end;
}

// Only what completes inside [measure, end) counts (push: [start, end)).
bool event_loop::in_window() const noexcept {
  return now_ >= plan_.measure && now_ < plan_.end;
}

void event_loop::run() {
  now_ = now_ns();
  last_scan_ = now_;
  if (ep_ < 0) {
    stats_.errors.io += conns_.size();
    finish(now_);
    return;
  }
  begin();
  std::vector<epoll_event> events(512);
  while (!finished_) {
    int n = epoll_wait(ep_, events.data(), static_cast<int>(events.size()),
                       20);
    for (int i = 0; i < n && !finished_; ++i)
      on_event(events[static_cast<std::size_t>(i)].data.u64,
               events[static_cast<std::size_t>(i)].events);
    now_ = now_ns();
    tick();
  }
}

void event_loop::begin() {
  if (opts_.run_mode == mode::hold) {
    unresolved_ = conns_.size();
    std::size_t first = std::min(conns_.size(),
                                 std::max<std::size_t>(1, hold_concurrency
                                                       / static_cast<std::size_t>(opts_.threads)));
    for (std::size_t i = 0; i < first; ++i)
      launch_next_hold();
    return;
  }
  for (auto& c : conns_)
    start_connect(c);
}

void event_loop::start_connect(conn& c) {
  c.send_seq = c.send_off = c.stamped = c.recv_seq = c.recv_off = 0;
  c.can_write = false;
  c.started = now_;
  c.deadline = now_ + io_timeout;
  c.retry_at = 0;
  c.st = phase::connecting;
  c.fd = dialer_.start();
  if (c.fd < 0) {
    fail(c, &error_counts::connect);
    return;
  }
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
  ev.data.u64 = (static_cast<uint64_t>(c.gen) << 32)
                | static_cast<uint64_t>(&c - conns_.data());
  if (epoll_ctl(ep_, EPOLL_CTL_ADD, c.fd, &ev) != 0)
    fail(c, &error_counts::io);
}

void event_loop::on_event(uint64_t data, uint32_t events) {
  auto idx = static_cast<std::size_t>(data & 0xffffffffu);
  auto gen = static_cast<uint32_t>(data >> 32);
  if (idx >= conns_.size())
    return;
  conn& c = conns_[idx];
  if (c.fd < 0 || c.gen != gen)
    return; // an event for a socket closed earlier in this batch
  now_ = now_ns();
  if (c.st == phase::connecting) {
    if ((events & (EPOLLOUT | EPOLLERR | EPOLLHUP)) == 0)
      return;
    int err = 0;
    socklen_t len = sizeof err;
    getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &err, &len);
    if (err != 0 || (events & (EPOLLERR | EPOLLHUP)) != 0) {
      fail(c, err == ETIMEDOUT ? &error_counts::timeout
                               : &error_counts::connect);
      return;
    }
    on_connected(c);
    if (c.gen != gen || c.fd < 0)
      return;
    events &= ~static_cast<uint32_t>(EPOLLOUT);
  }
  if ((events & EPOLLOUT) != 0) {
    c.can_write = true;
    pump_writes(c);
    if (c.gen != gen || c.fd < 0)
      return;
  }
  if ((events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) == 0)
    return;
  if (opts_.run_mode != mode::push || reading_back_)
    on_readable(c);
  else if ((events & (EPOLLRDHUP | EPOLLHUP | EPOLLERR)) != 0)
    fail(c, &error_counts::closed); // push does not read, but notices a close
}

void event_loop::on_connected(conn& c) {
  c.st = phase::open;
  c.can_write = true;
  bool one_echo = opts_.run_mode == mode::connect
                  || opts_.run_mode == mode::hold;
  c.deadline = one_echo ? now_ + io_timeout : 0;
  pump_writes(c);
}

uint64_t event_loop::write_limit(const conn& c) const noexcept {
  switch (opts_.run_mode) {
    case mode::echo:
      return c.recv_seq + static_cast<uint64_t>(opts_.depth);
    case mode::connect:
    case mode::hold:
      return 1;
    case mode::push:
      if (reading_back_) // only complete the request begun
        return c.send_off != 0 ? c.send_seq + 1 : c.send_seq;
      return running() ? std::numeric_limits<uint64_t>::max() : c.send_seq;
  }
  return 0;
}

void event_loop::pump_writes(conn& c) {
  const std::size_t wire = pattern_.wire_size();
  const uint32_t gen = c.gen;
  while (c.can_write && c.fd >= 0 && c.gen == gen) {
    uint64_t limit = write_limit(c);
    if (c.send_seq >= limit)
      return;
    iovec iov[max_iov];
    int n = 0;
    uint64_t seq = c.send_seq;
    std::size_t off = static_cast<std::size_t>(c.send_off);
    std::size_t total = 0;
    while (seq < limit && n + 2 <= max_iov) {
      n += pattern_.fill_iov(c.salt, seq, off, iov + n);
      total += wire - off;
      off = 0;
      ++seq;
    }
    if (!stamps_.empty()) {
      uint64_t* ring = stamps_.data()
                       + (&c - conns_.data())
                           * static_cast<std::size_t>(opts_.depth);
      for (; c.stamped < seq; ++c.stamped)
        ring[c.stamped % static_cast<uint64_t>(opts_.depth)] = now_;
    }
    ssize_t w = writev(c.fd, iov, n);
    if (w < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        c.can_write = false;
        return;
      }
      if (errno == EINTR)
        continue;
      fail(c, errno == EPIPE || errno == ECONNRESET ? &error_counts::closed
                                                    : &error_counts::io);
      return;
    }
    auto written = static_cast<uint64_t>(w);
    uint64_t pos = c.send_off + written;
    uint64_t whole = pos / wire;
    c.send_seq += whole;
    c.send_off = pos % wire;
    if (opts_.run_mode == mode::push && in_window() && !reading_back_) {
      stats_.bytes += written;
      stats_.requests += whole;
    }
    if (static_cast<std::size_t>(w) < total) {
      c.can_write = false; // the socket buffer is full: wait for EPOLLOUT
      return;
    }
  }
}

void event_loop::on_readable(conn& c) {
  const uint32_t gen = c.gen;
  for (;;) {
    ssize_t n = read(c.fd, buf_.data(), buf_.size());
    if (n > 0) {
      if (!consume(c, buf_.data(), static_cast<std::size_t>(n)))
        return; // the connection ended (or restarted) while consuming
      if (static_cast<std::size_t>(n) < buf_.size())
        break; // drained: edge-triggered epoll reports the next arrival
      continue;
    }
    if (n == 0) {
      fail(c, &error_counts::closed);
      return;
    }
    if (errno == EAGAIN || errno == EWOULDBLOCK)
      break;
    if (errno == EINTR)
      continue;
    fail(c, errno == ECONNRESET ? &error_counts::closed : &error_counts::io);
    return;
  }
  if (c.gen == gen && c.fd >= 0 && opts_.run_mode == mode::echo)
    pump_writes(c); // refill the window in one writev
}

bool event_loop::consume(conn& c, const char* data, std::size_t n) {
  const std::size_t wire = pattern_.wire_size();
  const uint32_t gen = c.gen;
  if (reading_back_)
    stats_.read_back += n;
  while (n > 0) {
    // Bytes may only come back once they were sent.
    uint64_t sent_whole = c.send_seq;
    uint64_t avail = c.recv_seq < sent_whole ? wire
                     : c.recv_seq == sent_whole
                       ? static_cast<std::size_t>(c.send_off)
                       : 0;
    std::size_t take = std::min(n, wire - static_cast<std::size_t>(c.recv_off));
    if (c.recv_off + take > avail
        || !pattern_.matches(c.salt, c.recv_seq,
                             static_cast<std::size_t>(c.recv_off), data,
                             take)) {
      fail(c, &error_counts::mismatch);
      return false;
    }
    c.recv_off += take;
    data += take;
    n -= take;
    if (c.recv_off == wire) {
      c.recv_off = 0;
      ++c.recv_seq;
      if (!on_echo(c) || c.gen != gen || c.fd < 0)
        return false;
    }
  }
  return true;
}

bool event_loop::on_echo(conn& c) {
  switch (opts_.run_mode) {
    case mode::echo: {
      if (in_window()) {
        const uint64_t* ring = stamps_.data()
                               + (&c - conns_.data())
                                   * static_cast<std::size_t>(opts_.depth);
        stats_.latency.record(
          now_ - ring[(c.recv_seq - 1) % static_cast<uint64_t>(opts_.depth)]);
        ++stats_.requests;
        stats_.bytes += opts_.size;
      }
      return true;
    }
    case mode::connect: {
      if (in_window()) {
        stats_.latency.record(now_ - c.started);
        ++stats_.requests;
        stats_.bytes += opts_.size;
      }
      close_fd(c);
      if (running() && !shared_.stop.load(std::memory_order_relaxed))
        start_connect(c);
      else
        c.st = phase::done;
      return false;
    }
    case mode::hold: {
      stats_.latency.record(now_ - c.started);
      ++stats_.requests;
      stats_.bytes += opts_.size;
      c.st = phase::held;
      c.deadline = 0;
      ++held_;
      shared_.held.fetch_add(1, std::memory_order_relaxed);
      resolve_opening();
      return true;
    }
    case mode::push:
      return true;
  }
  return true;
}

void event_loop::fail(conn& c, uint64_t error_counts::*kind) {
  ++(stats_.errors.*kind);
  phase was = c.st;
  close_fd(c);
  switch (opts_.run_mode) {
    case mode::connect:
      if (running() && !shared_.stop.load(std::memory_order_relaxed)) {
        c.st = phase::idle;
        c.retry_at = now_ + retry_delay;
      } else {
        c.st = phase::done;
      }
      return;
    case mode::hold:
      c.st = phase::done;
      if (was == phase::held) {
        --held_;
        shared_.held.fetch_sub(1, std::memory_order_relaxed);
      } else {
        resolve_opening();
      }
      return;
    case mode::echo:
    case mode::push:
      c.st = phase::done;
      return;
  }
}

void event_loop::close_fd(conn& c) {
  if (c.fd >= 0) {
    close(c.fd); // also leaves the epoll set
    c.fd = -1;
  }
  ++c.gen;
}

// hold: one connection more has either been held or failed.
void event_loop::resolve_opening() {
  if (unresolved_ == 0)
    return;
  if (--unresolved_ == 0) {
    stats_.open_seconds = static_cast<double>(now_ - plan_.start) / 1e9;
    shared_.opening.fetch_sub(1, std::memory_order_acq_rel);
    return;
  }
  launch_next_hold();
}

// Iterative, not recursive: a connect that fails at once resolves and
// launches the next from inside start_connect.
void event_loop::launch_next_hold() {
  ++to_launch_;
  if (launching_)
    return;
  launching_ = true;
  while (to_launch_ > 0 && next_launch_ < conns_.size()) {
    --to_launch_;
    start_connect(conns_[next_launch_++]);
  }
  to_launch_ = 0;
  launching_ = false;
}

void event_loop::tick() {
  if (shared_.stop.load(std::memory_order_relaxed)
      || now_ >= plan_.deadline) {
    if (now_ >= plan_.deadline && opts_.run_mode == mode::push
        && reading_back_)
      for (auto& c : conns_)
        if (c.st == phase::open)
          ++stats_.errors.timeout; // never came back whole
    finish(std::min(now_, plan_.end));
    return;
  }
  if (now_ - last_scan_ >= scan_every) {
    last_scan_ = now_;
    scan();
  }
  switch (opts_.run_mode) {
    case mode::echo:
    case mode::connect:
      if (now_ >= plan_.end)
        finish(plan_.end);
      return;
    case mode::push:
      if (!reading_back_ && now_ >= plan_.end) {
        if (!opts_.read_after) {
          finish(plan_.end);
          return;
        }
        start_read_back();
      }
      if (reading_back_) {
        bool all_back = true;
        for (auto& c : conns_)
          if (c.st == phase::open
              && (c.recv_seq != c.send_seq || c.send_off != 0))
            all_back = false;
        if (all_back)
          finish(plan_.end);
      }
      return;
    case mode::hold: {
      uint64_t until = shared_.hold_until.load(std::memory_order_acquire);
      if (until != 0 && hold_started_ == 0)
        hold_started_ = now_;
      if (until != 0 && now_ >= until)
        finish(now_);
      return;
    }
  }
}

void event_loop::scan() {
  for (auto& c : conns_) {
    if (c.deadline != 0 && now_ >= c.deadline
        && (c.st == phase::connecting || c.st == phase::open))
      fail(c, &error_counts::timeout);
    if (c.st == phase::idle && c.retry_at != 0 && now_ >= c.retry_at
        && running())
      start_connect(c);
  }
}

void event_loop::count_blocked() {
  for (auto& c : conns_)
    if (c.st == phase::open && !c.can_write)
      ++stats_.blocked;
}

void event_loop::start_read_back() {
  count_blocked(); // as the push ended
  reading_back_ = true;
  for (auto& c : conns_) {
    if (c.st != phase::open)
      continue;
    // Write access resumes as soon as the server echoes: it was stalled.
    c.can_write = true;
    on_readable(c);
    if (c.st == phase::open)
      pump_writes(c);
  }
}

void event_loop::finish(uint64_t window_end) {
  if (finished_)
    return;
  finished_ = true;
  switch (opts_.run_mode) {
    case mode::echo:
    case mode::connect:
      seconds_ = window_end > plan_.measure
                   ? static_cast<double>(window_end - plan_.measure) / 1e9
                   : 0;
      break;
    case mode::push:
      seconds_ = static_cast<double>(window_end - plan_.start) / 1e9;
      break;
    case mode::hold:
      seconds_ = hold_started_ != 0
                   ? static_cast<double>(now_ - hold_started_) / 1e9
                   : 0;
      break;
  }
  if (opts_.run_mode == mode::hold) {
    stats_.held = held_;
    if (unresolved_ != 0) // the run ended while still opening
      shared_.opening.fetch_sub(1, std::memory_order_acq_rel);
  } else if (opts_.run_mode != mode::connect) {
    for (auto& c : conns_)
      if (c.st == phase::open)
        ++stats_.held;
    if (opts_.run_mode == mode::push && !reading_back_)
      count_blocked();
  }
  for (auto& c : conns_)
    close_fd(c);
}

} // namespace loadgen
