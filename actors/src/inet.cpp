#include "otpnet/inet.hpp"
#include "otpnet/gen_tcp.hpp"

#include <caf/actor_cast.hpp>
#include <caf/send.hpp>

#include "call.hpp"
#include "one_way.hpp"
#include "owner.hpp"
#include "protocol.hpp"

// inet's socket functions: thin requests to the socket actor.

namespace otpnet::inet {

using otpnet::detail::ask;
using otpnet::detail::call;

namespace {

// setopts may go one way (detail::cast_active) only when it sets a single
// {active, _}; anything else, or a socket that must be asked, is a request.

/// The option of a one-option list if it is an {active, _}.
const active* only_active(const option* first, size_t n) {
  return n == 1 ? std::get_if<active>(first) : nullptr;
}

bool try_cast(caf::local_actor* self, const socket& s, const option* first,
              size_t n) {
  auto* a = only_active(first, n);
  return a != nullptr && otpnet::detail::cast_active(self, s, *a);
}

bool try_cast(caf::local_actor* self, const socket& s,
              const std::vector<option>& opts) {
  return try_cast(self, s, opts.data(), opts.size());
}

bool try_cast(caf::local_actor* self, const socket& s, active a) {
  return otpnet::detail::cast_active(self, s, a);
}

std::vector<option> as_list(std::vector<option> opts) {
  return opts;
}

std::vector<option> as_list(active a) {
  return {a};
}

caf::expected<void> set_blocking(blocking_self self, const socket& s,
                                 const option* first, size_t n) {
  if (try_cast(self.get(), s, first, n))
    return {};
  return call<void>(self.get(), s.actor(), proto::setopts_atom::value,
                    proto::option_list(first, first + n));
}

/// `opts`: a list, or the single {active, _} of a braced one, held by
/// value (the braced list's array ends with the caller's expression) and
/// small enough for pending's inline buffer.
template <class Opts>
pending<void> set_pending(caf::event_based_actor* self, const socket& s,
                          Opts opts) {
  return pending<void>{[self, s, opts = std::move(opts)](
                         bool suspend, pending<void>::callback cb) mutable {
    if (try_cast(self, s, opts)) {
      cb(caf::expected<void>{});
      return;
    }
    auto inner = ask<void>(self, s.actor(), proto::setopts_atom::value,
                           as_list(std::move(opts)));
    otpnet::detail::start(inner, suspend, std::move(cb));
  }};
}

} // namespace

caf::expected<void> setopts(blocking_self self, const socket& s,
                            const std::vector<option>& opts) {
  return set_blocking(self, s, opts.data(), opts.size());
}

caf::expected<void> setopts(blocking_self self, const socket& s,
                            std::initializer_list<option> opts) {
  return set_blocking(self, s, opts.begin(), opts.size());
}

pending<void> setopts(caf::event_based_actor* self, const socket& s,
                      std::vector<option> opts) {
  return set_pending(self, s, std::move(opts));
}

pending<void> setopts(caf::event_based_actor* self, const socket& s,
                      std::initializer_list<option> opts) {
  if (auto* a = only_active(opts.begin(), opts.size()))
    return set_pending(self, s, *a);
  return set_pending(self, s, std::vector<option>{opts});
}

caf::expected<std::vector<option>>
getopts(blocking_self self, const socket& s,
        const std::vector<socket_getopt>& items) {
  return call<proto::option_list>(self.get(), s.actor(),
                                  proto::getopts_atom::value,
                                  proto::getopt_list{items});
}

pending<std::vector<option>> getopts(caf::event_based_actor* self,
                                     const socket& s,
                                     const std::vector<socket_getopt>& items) {
  return ask<proto::option_list>(self, s.actor(), proto::getopts_atom::value,
                                 proto::getopt_list{items});
}

caf::expected<std::vector<option>>
getopts(blocking_self self, const socket& s,
        std::initializer_list<socket_getopt> items) {
  return getopts(self, s, std::vector<socket_getopt>{items});
}

pending<std::vector<option>>
getopts(caf::event_based_actor* self, const socket& s,
        std::initializer_list<socket_getopt> items) {
  return getopts(self, s, std::vector<socket_getopt>{items});
}

caf::expected<std::vector<option>>
getopts(blocking_self self, const socket& s,
        const std::vector<option_name>& names) {
  return getopts(self, s,
                 std::vector<socket_getopt>(names.begin(), names.end()));
}

pending<std::vector<option>> getopts(caf::event_based_actor* self,
                                     const socket& s,
                                     const std::vector<option_name>& names) {
  return getopts(self, s,
                 std::vector<socket_getopt>(names.begin(), names.end()));
}

caf::expected<stat_values> getstat(blocking_self self, const socket& s,
                                   const std::vector<stat_option>& names) {
  return call<stat_values>(self.get(), s.actor(), proto::getstat_atom::value,
                           proto::stat_list{names});
}

caf::expected<stat_values> getstat(blocking_self self, const socket& s) {
  return getstat(self, s, {all_stat_options.begin(), all_stat_options.end()});
}

pending<stat_values> getstat(caf::event_based_actor* self, const socket& s,
                             const std::vector<stat_option>& names) {
  return ask<stat_values>(self, s.actor(), proto::getstat_atom::value,
                          proto::stat_list{names});
}

pending<stat_values> getstat(caf::event_based_actor* self, const socket& s) {
  return getstat(self, s, {all_stat_options.begin(), all_stat_options.end()});
}

caf::expected<socket_address> sockname(blocking_self self, const socket& s) {
  return call<socket_address>(self.get(), s.actor(),
                              proto::sockname_atom::value);
}

pending<socket_address> sockname(caf::event_based_actor* self,
                                 const socket& s) {
  return ask<socket_address>(self, s.actor(), proto::sockname_atom::value);
}

caf::expected<socket_address> peername(blocking_self self, const socket& s) {
  return call<socket_address>(self.get(), s.actor(),
                              proto::peername_atom::value);
}

pending<socket_address> peername(caf::event_based_actor* self,
                                 const socket& s) {
  return ask<socket_address>(self, s.actor(), proto::peername_atom::value);
}

namespace {

// A local socket's address is a file, which no port number stands for
// (OTP 25's inet:port answers the file there: otpnet's port is a number).
caf::expected<uint16_t> port_of(const caf::expected<socket_address>& addr) {
  if (!addr)
    return addr.error();
  if (addr->is_local())
    return make_error(errc::einval);
  return addr->port;
}

} // namespace

caf::expected<uint16_t> port(blocking_self self, const socket& s) {
  return port_of(sockname(self, s));
}

pending<uint16_t> port(caf::event_based_actor* self, const socket& s) {
  return otpnet::detail::map<uint16_t>(
    sockname(self, s),
    [](caf::expected<socket_address> addr) { return port_of(addr); });
}

namespace {

caf::expected<std::vector<socket_address>>
one_element(caf::expected<socket_address> addr) {
  if (!addr)
    return addr.error();
  return std::vector<socket_address>{*addr};
}

} // namespace

caf::expected<std::vector<socket_address>> socknames(blocking_self self,
                                                     const socket& s) {
  return one_element(sockname(self, s));
}

pending<std::vector<socket_address>> socknames(caf::event_based_actor* self,
                                               const socket& s) {
  return otpnet::detail::map<std::vector<socket_address>>(sockname(self, s),
                                                          one_element);
}

caf::expected<std::vector<socket_address>> peernames(blocking_self self,
                                                     const socket& s) {
  return one_element(peername(self, s));
}

pending<std::vector<socket_address>> peernames(caf::event_based_actor* self,
                                               const socket& s) {
  return otpnet::detail::map<std::vector<socket_address>>(peername(self, s),
                                                          one_element);
}

caf::expected<void> close(blocking_self self, const socket& s) {
  return gen_tcp::close(self, s);
}

pending<void> close(caf::event_based_actor* self, const socket& s) {
  return gen_tcp::close(self, s);
}

namespace {

void send_nosock(caf::local_actor* self, const monitor_ref& ref) {
  caf::anon_send(caf::actor_cast<caf::actor>(self),
                 inet_down_msg{ref, ref.socket, errc::nosock});
}

} // namespace

monitor_ref monitor(blocking_self self, const socket& s) {
  monitor_ref ref{next_monitor_ref(), s};
  auto* me = self.get();
  auto res = call<void>(me, s.actor(), proto::monitor_atom::value, ref.id,
                        caf::actor_cast<caf::actor>(me));
  if (!res)
    send_nosock(me, ref);
  return ref;
}

monitor_ref monitor(caf::event_based_actor* self, const socket& s) {
  monitor_ref ref{next_monitor_ref(), s};
  if (!s) {
    send_nosock(self, ref);
    return ref;
  }
  self
    ->request(s.actor(), caf::infinite, proto::monitor_atom::value, ref.id,
              caf::actor_cast<caf::actor>(self))
    .then([]() {}, [self, ref](caf::error&) { send_nosock(self, ref); });
  return ref;
}

bool cancel_monitor(blocking_self self, const monitor_ref& ref) {
  auto res = call<bool>(self.get(), ref.socket.actor(),
                        proto::demonitor_atom::value, ref.id);
  return res && *res;
}

pending<bool> cancel_monitor(caf::event_based_actor* self,
                             const monitor_ref& ref) {
  auto inner = ask<bool>(self, ref.socket.actor(),
                         proto::demonitor_atom::value, ref.id);
  return pending<bool>{[inner = std::move(inner)](bool suspend,
                               pending<bool>::callback cb) mutable {
    auto wrap = [cb](caf::expected<bool> res) { cb(res && *res); };
    otpnet::detail::start(inner, suspend, std::move(wrap));
  }};
}

} // namespace otpnet::inet
