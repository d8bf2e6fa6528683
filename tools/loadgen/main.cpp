// loadgen: a TCP load generator for echo servers. See usage() in
// options.cpp for the modes and the output; bench/compare drives it.
//
// Independent of otpnet and of Boost.Asio by design: it talks epoll
// directly, so that what it measures is the server, never itself.

#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "clock.hpp"
#include "dial.hpp"
#include "event_loop.hpp"
#include "options.hpp"
#include "report.hpp"
#include "request_pattern.hpp"

namespace {

using namespace loadgen;

constexpr double open_budget = 60;  // hold: seconds to open every connection
constexpr double end_grace = 60;    // after the planned end, abandon the run

shared_state* the_shared = nullptr;

extern "C" void on_stop_signal(int) {
  if (the_shared != nullptr)
    the_shared->stop.store(true, std::memory_order_relaxed);
}

std::string program_name(const char* argv0) {
  std::string p = argv0 != nullptr ? argv0 : "loadgen";
  auto slash = p.rfind('/');
  return slash == std::string::npos ? p : p.substr(slash + 1);
}

// Every connection is a descriptor: raise the soft limit to what is needed.
bool raise_fd_limit(int conns) {
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) != 0)
    return false;
  rlim_t need = static_cast<rlim_t>(conns) + 64;
  if (lim.rlim_cur >= need)
    return true;
  if (lim.rlim_max != RLIM_INFINITY && lim.rlim_max < need) {
    rlimit raised{need, need};
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0)
      return true;
  }
  lim.rlim_cur = lim.rlim_max;
  return setrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur >= need;
}

} // namespace

int main(int argc, char** argv) {
  std::string program = program_name(argc > 0 ? argv[0] : nullptr);
  auto parsed = parse_options(argc, argv);
  if (auto* err = std::get_if<options_error>(&parsed)) {
    std::fprintf(stderr, "%s: %s; try --help\n", program.c_str(),
                 err->what.c_str());
    return 2;
  }
  const options opts = std::get<options>(parsed);
  if (opts.help) {
    std::fputs(usage(program).c_str(), stdout);
    return 0;
  }
  auto target = resolve(opts.host, opts.port);
  if (!target) {
    std::fprintf(stderr, "%s: cannot resolve --host %s; try --help\n",
                 program.c_str(), quoted(opts.host).c_str());
    return 2;
  }
  if (!raise_fd_limit(opts.conns)) {
    std::fprintf(stderr, "%s: cannot raise the open-file limit to %d\n",
                 program.c_str(), opts.conns + 64);
    return 1;
  }
  signal(SIGPIPE, SIG_IGN);
  shared_state shared;
  the_shared = &shared;
  struct sigaction sa{};
  sa.sa_handler = on_stop_signal;
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);

  const request_pattern pattern{opts.size, opts.header_bytes};
  run_plan plan;
  plan.start = now_ns();
  bool warm = opts.run_mode == mode::echo || opts.run_mode == mode::connect;
  plan.measure = plan.start + (warm ? seconds_to_ns(opts.warmup) : 0);
  plan.end = plan.measure + seconds_to_ns(opts.seconds);
  double extra = opts.run_mode == mode::hold ? open_budget : 0;
  plan.deadline = plan.end + seconds_to_ns(extra + end_grace);
  if (opts.run_mode == mode::push && !opts.read_after)
    plan.deadline = plan.end + seconds_to_ns(1);

  std::vector<std::vector<uint32_t>> shares(
    static_cast<std::size_t>(opts.threads));
  for (int i = 0; i < opts.conns; ++i)
    shares[static_cast<std::size_t>(i % opts.threads)].push_back(
      static_cast<uint32_t>(i));
  if (opts.run_mode == mode::hold)
    shared.opening.store(opts.threads);
  std::vector<std::unique_ptr<event_loop>> loops;
  for (int t = 0; t < opts.threads; ++t)
    loops.push_back(std::make_unique<event_loop>(
      opts, *target, pattern, std::move(shares[static_cast<std::size_t>(t)]),
      plan, shared, static_cast<unsigned>(t)));
  std::vector<std::thread> threads;
  std::vector<std::unique_ptr<std::atomic<bool>>> done;
  for (auto& loop : loops) {
    done.push_back(std::make_unique<std::atomic<bool>>(false));
    auto* flag = done.back().get();
    event_loop* l = loop.get();
    threads.emplace_back([l, flag] {
      l->run();
      flag->store(true, std::memory_order_release);
    });
  }

  // Coordinate hold mode and watch the deadline; the loops do the work.
  for (;;) {
    bool all_done = true;
    for (auto& d : done)
      all_done = all_done && d->load(std::memory_order_acquire);
    if (all_done)
      break;
    uint64_t now = now_ns();
    if (opts.run_mode == mode::hold
        && shared.hold_until.load(std::memory_order_relaxed) == 0
        && shared.opening.load(std::memory_order_acquire) == 0) {
      std::printf("holding %lld\n",
                  static_cast<long long>(shared.held.load()));
      std::fflush(stdout);
      shared.hold_until.store(now + seconds_to_ns(opts.seconds),
                              std::memory_order_release);
    }
    if (now > plan.deadline + seconds_to_ns(5)) {
      std::fprintf(stderr, "%s: the run did not end by its deadline\n",
                   program.c_str());
      std::fflush(stdout);
      _exit(1);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  for (auto& t : threads)
    t.join();

  stats total;
  double seconds = 0;
  for (auto& loop : loops) {
    total.merge(loop->result());
    if (loop->seconds() > seconds)
      seconds = loop->seconds();
  }
  print_report(opts, target->text, total, seconds);
  return total.errors.total() == 0 ? 0 : 1;
}
