#include "fair_scheduler.hpp"

#include <condition_variable>
#include <deque>
#include <mutex>

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
// - Idle workers block on a condition variable instead of polling.

namespace otpnet::detail {

namespace {

/// CAF scheduling policy: a FIFO run queue under one mutex.
class fair_policy : public caf::policy::unprofiled {
public:
  struct coordinator_data {
    explicit coordinator_data(caf::scheduler::abstract_coordinator*) {
      // nop
    }

    std::deque<caf::resumable*> queue;
    std::mutex lock;
    std::condition_variable cv;
  };

  struct worker_data {
    explicit worker_data(caf::scheduler::abstract_coordinator*) {
      // nop
    }
  };

  template <class Coordinator>
  void central_enqueue(Coordinator* self, caf::resumable* job) {
    auto& q = d(self);
    {
      std::lock_guard<std::mutex> guard{q.lock};
      q.queue.push_back(job);
    }
    q.cv.notify_one();
  }

  template <class Worker>
  void external_enqueue(Worker* self, caf::resumable* job) {
    central_enqueue(self->parent(), job);
  }

  template <class Worker>
  void internal_enqueue(Worker* self, caf::resumable* job) {
    central_enqueue(self->parent(), job);
  }

  template <class Worker>
  void resume_job_later(Worker* self, caf::resumable* job) {
    central_enqueue(self->parent(), job);
  }

  template <class Worker>
  caf::resumable* dequeue(Worker* self) {
    auto& q = d(self->parent());
    std::unique_lock<std::mutex> guard{q.lock};
    q.cv.wait(guard, [&q] { return !q.queue.empty(); });
    auto* job = q.queue.front();
    q.queue.pop_front();
    return job;
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
      std::lock_guard<std::mutex> guard{q.lock};
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
    // quiet), so nothing is lost. Checked per job, not once: some of CAF's
    // start-up work sets the logger again.
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

caf::actor_system::module* make_fair_scheduler(caf::actor_system& sys) {
  return new caf::scheduler::coordinator<fair_policy>(sys);
}

} // namespace

void install_fair_scheduler(caf::actor_system_config& cfg) {
  auto policy = caf::get_or(cfg, "scheduler.policy", caf::atom("stealing"));
  if (policy != caf::atom_from_string(fair_policy_name))
    return;
  // A config that starts several runtimes loads the module once.
  using factory_fn = caf::actor_system::module* (*)(caf::actor_system&);
  for (auto& f : cfg.module_factories)
    if (auto* fn = f.target<factory_fn>(); fn && *fn == make_fair_scheduler)
      return;
  cfg.module_factories.push_back(make_fair_scheduler);
}

} // namespace otpnet::detail
