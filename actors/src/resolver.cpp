// inet's resolver functions for event-based actors: the blocking net/
// functions (net/include/otpnet/inet/resolver.hpp) run off the scheduler.

#include "otpnet/inet.hpp"

#include "off_scheduler.hpp"

namespace otpnet::detail {

void run_job_once(caf::blocking_actor* self,
                  std::shared_ptr<std::function<void()>> job) {
  self->receive([&](run_job_atom) { (*job)(); });
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
