// inet's resolver functions for event-based actors: the blocking net/
// functions (net/include/otpnet/inet/resolver.hpp) run off the scheduler.

#include "otpnet/inet.hpp"

#include <caf/blocking_actor.hpp>
#include <caf/send.hpp>
#include <caf/spawn_options.hpp>

#include "otpnet/runtime.hpp"

#include "off_scheduler.hpp"

namespace otpnet::detail {

namespace {

using job_done_atom = caf::atom_constant<caf::atom("o_jobdone")>;

void run_on_own_thread(caf::blocking_actor* self, job_ptr job) {
  self->receive([&](run_job_atom) { (*job)(); });
}

caf::behavior run_on_pool(caf::event_based_actor* self, runtime* rt,
                          job_ptr job) {
  return {[self, rt, job](run_job_atom) {
    auto rp = self->make_response_promise();
    auto me = caf::actor_cast<caf::actor>(self);
    // The pool thread only tells this actor; the answer leaves from here,
    // on the scheduler, as any other reply does.
    rt->run_blocking([job, me] {
      (*job)();
      caf::anon_send(me, job_done_atom::value);
    });
    self->become([self, rp](job_done_atom) mutable {
      rp.deliver(caf::unit);
      self->quit();
    });
  }};
}

} // namespace

caf::actor spawn_job_runner(caf::event_based_actor* self, job_ptr job) {
  if (auto* rt = runtime::of(self->system()))
    return self->spawn(run_on_pool, rt, std::move(job));
  return self->spawn<caf::detached>(run_on_own_thread, std::move(job));
}

} // namespace otpnet::detail

namespace otpnet::inet {

using otpnet::detail::off_scheduler;
using addr_list = std::vector<ip_address>;

pending<hostent> gethostbyname(caf::event_based_actor* self, std::string name,
                               family f) {
  return off_scheduler<hostent>(
    self, [name = std::move(name), f] { return gethostbyname(name, f); });
}

pending<hostent> gethostbyaddr(caf::event_based_actor* self,
                               std::string address) {
  return off_scheduler<hostent>(self, [address = std::move(address)] {
    return gethostbyaddr(address);
  });
}

pending<hostent> gethostbyaddr(caf::event_based_actor* self,
                               ip_address address) {
  return off_scheduler<hostent>(self,
                                [address] { return gethostbyaddr(address); });
}

pending<addr_list> getaddrs(caf::event_based_actor* self, std::string host,
                            family f) {
  return off_scheduler<addr_list>(
    self, [host = std::move(host), f] { return getaddrs(host, f); });
}

pending<ip_address> getaddr(caf::event_based_actor* self, std::string host,
                            family f) {
  return off_scheduler<ip_address>(
    self, [host = std::move(host), f] { return getaddr(host, f); });
}

} // namespace otpnet::inet
