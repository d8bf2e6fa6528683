#pragma once

// Runs a blocking job (an OS resolver call) for an event-based actor
// without blocking a scheduler worker: the job runs in a detached actor (a
// thread of its own, gone when the job is), and the caller gets the result
// as the reply to a request, so `await` and `then` behave as for every other
// otpnet call.

#include <functional>
#include <memory>
#include <optional>
#include <utility>

#include <caf/atom.hpp>
#include <caf/blocking_actor.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/spawn_options.hpp>

#include "otpnet/error.hpp"
#include "otpnet/net/result.hpp"
#include "otpnet/pending.hpp"

#include "call.hpp"

namespace otpnet::detail {

using run_job_atom = caf::atom_constant<caf::atom("o_runjob")>;

/// The job's side: runs once, when asked, then the actor ends.
void run_job_once(caf::blocking_actor* self,
                  std::shared_ptr<std::function<void()>> job);

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
    auto worker = self->spawn<caf::detached>(run_job_once, std::move(task));
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
