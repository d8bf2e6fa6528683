#pragma once

// Runs a blocking job (an OS resolver call) for an event-based actor
// without blocking a scheduler worker: a short-lived actor hands the job to
// the runtime's resolver threads (a bounded pool: a burst of lookups queues
// rather than starting a thread each) and answers the caller's request when
// the job is done, so `await` and `then` behave as for every other otpnet
// call. Outside an otpnet runtime the job gets a detached actor (a thread
// of its own) instead.

#include <functional>
#include <memory>
#include <optional>
#include <utility>

#include <caf/atom.hpp>
#include <caf/event_based_actor.hpp>

#include "otpnet/error.hpp"
#include "otpnet/net/result.hpp"
#include "otpnet/pending.hpp"

#include "call.hpp"

namespace otpnet::detail {

using run_job_atom = caf::atom_constant<caf::atom("o_runjob")>;

using job_ptr = std::shared_ptr<std::function<void()>>;

/// The job's side: runs once, when asked, then the actor ends. In an
/// otpnet runtime on one of its resolver threads, else on the actor's own.
caf::actor spawn_job_runner(caf::event_based_actor* self, job_ptr job);

template <class T>
caf::expected<T> to_expected(net::result<T>&& r) {
  if (!r)
    return make_error(r.error());
  return std::move(*r);
}

/// `job` returns net::result<T>; it runs on its own thread. The result
/// travels in a slot both sides share: the reply message only says it is
/// there, so T needs no CAF type registration.
template <class T>
pending<T> off_scheduler(caf::event_based_actor* self,
                         std::function<net::result<T>()> job) {
  return pending<T>{[self, job = std::move(job)](
                      bool suspend, typename pending<T>::callback cb) mutable {
    auto slot = std::make_shared<std::optional<net::result<T>>>();
    auto task = std::make_shared<std::function<void()>>(
      [slot, job = std::move(job)] { slot->emplace(job()); });
    auto worker = spawn_job_runner(self, std::move(task));
    auto shared
      = std::make_shared<typename pending<T>::callback>(std::move(cb));
    auto on_done = [slot, shared] {
      (*shared)(to_expected(std::move(**slot)));
    };
    auto on_err = [shared](caf::error& err) { (*shared)(normalise(err)); };
    auto hdl = self->request(worker, caf::infinite, run_job_atom::value);
    if (suspend)
      hdl.await(on_done, on_err);
    else
      hdl.then(on_done, on_err);
  }};
}

} // namespace otpnet::detail
