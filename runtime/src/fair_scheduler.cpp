#include "fair_scheduler.hpp"
#include "otpnet/net/futex_lock.hpp"
#include "io_engine.hpp"
#include "quiet_clock.hpp"
#include "sleepers.hpp"
#include "otpnet/runtime.hpp"

#include <chrono>
#include <cstdint>
#include <deque>
#include <mutex>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include <caf/actor_system.hpp>
#include <caf/atom.hpp>
#include <caf/logger.hpp>
#include <caf/resumable.hpp>
#include <caf/scheduler/coordinator.hpp>
#include <caf/policy/unprofiled.hpp>
#include <caf/scheduler/worker.hpp>

// Why otpnet brings its own scheduling policy (measured, see
// bench/RESULTS.md):
// - Fairness. CAF 0.17's work-stealing policy runs a job scheduled from a
//   worker next (LIFO), so a socket and its handler passing packets back
//   and forth keep a worker to themselves while the other connections
//   wait: p99 latency grew with the packets in flight. Here every job goes
//   to the back of one queue, as Erlang's run queue would have it.
// - Cost. CAF's worker loop dynamic_casts every job to an actor to tag the
//   thread for its logger, about a sixth of all instructions of an echo
//   server, and each resume looks the thread up in the logger's map; this
//   worker loop (an explicit specialization below) skips both.
// - Idle workers block on a condition variable instead of polling, and
//   are woken only when jobs back up (see help_at): every futex wake-up is
//   a system call and a context switch on each side.
// - Load compaction, as Erlang's schedulers do it: while one worker keeps
//   up, the others sleep (see help_at and dequeue), so the actors of a
//   connection stay on one core instead of being passed between two.
// - I/O without a thread of its own (the default, see fair_policy): with a
//   separate I/O thread every readiness event cost a hand-off to a worker
//   (a futex wake, a context switch, an epoll_wait return on another core).

namespace otpnet::detail {

namespace {

/// True on a worker while it runs Asio's event loop: the completions it
/// runs schedule actors that this worker itself runs next.
thread_local bool polling_io = false;

/// The scheduler data of the worker running on this thread, if any (a
/// process may run several actor systems).
thread_local const void* worker_of = nullptr;

/// How many jobs scheduled by a worker must wait in the run queue before a
/// sleeping worker is woken to help. Fewer are run soon by the worker that
/// scheduled them (it takes the next job as soon as its current one is
/// done). Waking a helper earlier spreads a connection's actors over two
/// cores: every hop then costs a futex wake-up and a context switch on
/// each side and moves the actors' state between caches. Measured with
/// a load generator on the other core (bench/RESULTS.md): 64 instead of 2
/// took s4 from 0.45 to 0.05 context switches and about 10% less CPU per
/// connection, s1 about 3% and s3 about 7% less per request, p99 lower.
/// A worker that cannot keep up still gets help: the queue grows past
/// this, and a sleeper looks by itself every 10 ms.
constexpr size_t help_at = 64;

/// How many jobs may be taken from a non-empty queue before a worker looks
/// at the I/O again (without blocking): actors that keep each other busy
/// cannot keep the sockets' readiness from being seen.
constexpr uint32_t io_check_interval = 64;

/// CAF scheduling policy: a FIFO run queue under one mutex. With an I/O
/// engine polled by workers (io_engine::polled_by_workers), the last
/// worker to go idle waits in Asio's event loop instead of on the
/// condition variable (one at a time; the others sleep), so that the
/// actors a readiness event wakes run on the thread that saw it: no I/O
/// thread, no hand-off per packet.
class fair_policy : public caf::policy::unprofiled {
public:
  struct coordinator_data {
    explicit coordinator_data(caf::scheduler::abstract_coordinator* c) {
      if (auto* rt = otpnet::runtime::of(c->system());
          rt != nullptr && rt->io().polled_by_workers())
        io = &rt->io().context();
    }

    std::deque<caf::resumable*> queue;
    futex_mutex lock;
    futex_condition cv;
    otpnet::detail::sleepers sleepers; // workers waiting on cv
    boost::asio::io_context* io = nullptr; // run by the workers if set
    bool polling = false;     // a worker is in io
    bool interrupted = false; // and a no-op was posted to get it out
    uint32_t since_io = 0;    // jobs taken since a worker last polled
  };

  /// Queues `job`; once the queue holds at least `wake_at` jobs, wakes a
  /// sleeping worker, or else gets the worker waiting for I/O out of it.
  static void push(coordinator_data& q, caf::resumable* job, size_t wake_at) {
    bool wake = false;
    bool interrupt = false;
    {
      std::lock_guard<futex_mutex> guard{q.lock};
      q.queue.push_back(job);
      if (q.queue.size() >= wake_at) {
        wake = q.sleepers.notify();
        interrupt = q.sleepers.asleep() == 0 && q.polling && !q.interrupted
                    && !polling_io;
        q.interrupted = q.interrupted || interrupt;
      }
    }
    if (wake)
      q.cv.notify_one();
    else if (interrupt) // a no-op handler ends the poller's wait
      boost::asio::post(*q.io, [] {});
  }

  struct worker_data {
    explicit worker_data(caf::scheduler::abstract_coordinator*) {
      // nop
    }
  };

  // From outside the workers (a sleeper is woken for it), or from a
  // worker without a job of its own: a spawn, a completion that the
  // polling worker runs (that worker takes the queue's next job as soon as
  // it is done, as in internal_enqueue).
  template <class Coordinator>
  void central_enqueue(Coordinator* self, caf::resumable* job) {
    auto& q = d(self);
    push(q, job, worker_of == &q ? help_at : 1);
  }

  template <class Worker>
  void external_enqueue(Worker* self, caf::resumable* job) {
    central_enqueue(self->parent(), job);
  }

  // From a worker's own job (a message to an idle actor): that worker
  // takes the queue's next job as soon as its current one is done, so a
  // sleeper is woken only when the queue backs up (help_at). A socket and
  // its handler passing a packet back and forth then stay on one worker
  // instead of paying a futex wake and a context switch per hop.
  template <class Worker>
  void internal_enqueue(Worker* self, caf::resumable* job) {
    push(d(self->parent()), job, help_at);
  }

  template <class Worker>
  void resume_job_later(Worker* self, caf::resumable* job) {
    push(d(self->parent()), job, help_at);
  }

  template <class Worker>
  caf::resumable* dequeue(Worker* self) {
    auto& q = d(self->parent());
    std::unique_lock<futex_mutex> guard{q.lock};
    worker_of = &q;
    auto others = self->parent()->num_workers() - 1;
    // An idle worker waits for I/O only when every other worker sleeps:
    // while one runs actors, the readiness events (and the actors they
    // wake) go to it, every io_check_interval jobs. Except after a sleep
    // that nothing ended (10 ms): the busy worker may be blocked in a
    // handler, and the sockets must still be served.
    bool timed_out = false;
    for (;;) {
      bool idle = q.queue.empty();
      if (q.io != nullptr && !q.polling
          && ((idle && (q.sleepers.asleep() == others || timed_out))
              || (!idle && q.since_io >= io_check_interval))
          && !q.io->stopped()) {
        poll_io(q, guard, idle);
        continue;
      }
      if (!idle) {
        auto* job = q.queue.front();
        q.queue.pop_front();
        ++q.since_io;
        return job;
      }
      // The timeout bounds what a job waits when the worker expected to
      // run it (see internal_enqueue) does not come back soon, e.g. because
      // an actor blocks in a handler; an idle worker wakes 100 times a
      // second.
      q.sleepers.sleeping();
      timed_out = !q.cv.wait_for(q.lock, std::chrono::milliseconds{10});
      q.sleepers.back();
    }
  }

  /// Runs the I/O completions that are ready, first waiting for one (at
  /// most 10 ms, like a sleeper) if `block`. Called and returns with
  /// `guard` locked.
  static void poll_io(coordinator_data& q,
                      std::unique_lock<futex_mutex>& guard, bool block) {
    q.polling = true;
    q.since_io = 0;
    guard.unlock();
    polling_io = true;
    struct reset {
      ~reset() {
        polling_io = false;
      }
    } on_exit;
    // run_one_for leaves the other completions of the same readiness
    // report queued; poll() runs them too (each only schedules an actor),
    // so that a second worker is woken for them while this one runs the
    // first actor.
    if (block)
      q.io->run_one_for(std::chrono::milliseconds{10});
    q.io->poll();
    guard.lock();
    q.polling = false;
    q.interrupted = false;
  }

  template <class Worker, class F>
  void foreach_resumable(Worker*, F) {
    // nop: no per-worker queues
  }

  template <class Coordinator, class F>
  void foreach_central_resumable(Coordinator* self, F f) {
    auto& q = d(self);
    std::deque<caf::resumable*> left;
    {
      std::lock_guard<futex_mutex> guard{q.lock};
      left.swap(q.queue);
    }
    for (auto* job : left)
      f(job);
  }
};

} // namespace

} // namespace otpnet::detail

// CAF's loop minus the logger's per-job actor tagging (a dynamic_cast and a
// thread-id map lookup per job); otherwise the same protocol.
template <>
void caf::scheduler::worker<otpnet::detail::fair_policy>::run() {
  for (;;) {
    auto* job = policy_.dequeue(this);
    // No logger on worker threads: CAF's resume tags the thread with the
    // running actor for its logger (a locked thread-id map lookup, twice
    // per job) whenever one is set. Debian's CAF logs nothing (log level
    // quiet), so nothing is lost. Checked before every job: every
    // actor_system::spawn sets the logger again (inline in CAF's header),
    // and with a spawn per connection (s4) a check every 64 jobs left it
    // set most of the time (~4% of all instructions); the check itself is
    // not measurable in s1.
    if (caf::logger::current_logger() != nullptr)
      caf::logger::set_current_actor_system(nullptr);
    policy_.before_resume(this, job);
    auto res = job->resume(this, max_throughput_);
    policy_.after_resume(this, job);
    switch (res) {
      case resumable::resume_later:
        policy_.resume_job_later(this, job);
        break;
      case resumable::done:
        policy_.after_completion(this, job);
        intrusive_ptr_release(job);
        break;
      case resumable::awaiting_message:
        intrusive_ptr_release(job);
        break;
      case resumable::shutdown_execution_unit:
        policy_.after_completion(this, job);
        policy_.before_shutdown(this);
        return;
    }
  }
}

namespace otpnet::detail {

namespace {

/// CAF's coordinator with the fair policy and a clock that an actor without
/// timeouts does not wake when it ends (see quiet_clock.hpp).
class fair_coordinator final
  : public caf::scheduler::coordinator<fair_policy> {
public:
  using super = caf::scheduler::coordinator<fair_policy>;

  // super::clock() (qualified: not virtual) is the clock whose dispatch
  // loop CAF's coordinator runs on its timer thread.
  explicit fair_coordinator(caf::actor_system& sys)
    : super(sys), clock_(super::clock()) {
  }

  caf::detail::thread_safe_actor_clock& clock() noexcept override {
    return clock_;
  }

private:
  quiet_clock clock_;
};

caf::actor_system::module* make_fair_scheduler(caf::actor_system& sys) {
  return new fair_coordinator(sys);
}

} // namespace

bool selects_fair_scheduler(const caf::actor_system_config& cfg) {
  auto policy = caf::get_or(cfg, "scheduler.policy", caf::atom("stealing"));
  return policy == caf::atom_from_string(fair_policy_name);
}

void install_fair_scheduler(caf::actor_system_config& cfg) {
  if (!selects_fair_scheduler(cfg))
    return;
  // A config that starts several runtimes loads the module once.
  using factory_fn = caf::actor_system::module* (*)(caf::actor_system&);
  for (auto& f : cfg.module_factories)
    if (auto* fn = f.target<factory_fn>(); fn && *fn == make_fair_scheduler)
      return;
  cfg.module_factories.push_back(make_fair_scheduler);
}

} // namespace otpnet::detail
