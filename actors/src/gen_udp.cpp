// gen_udp: requests to the UDP socket actor (udp_socket_actor.cpp).

#include "otpnet/gen_udp.hpp"

#include <caf/actor_cast.hpp>

#include "otpnet/gen_tcp.hpp"
#include "otpnet/inet/parse_address.hpp"
#include "otpnet/inet/resolver.hpp"
#include "otpnet/inet/terms.hpp"
#include "otpnet/net/normalize_options.hpp"
#include "otpnet/runtime.hpp"

#include "call.hpp"
#include "off_scheduler.hpp"
#include "protocol.hpp"
#include "udp_socket_actor.hpp"
#include "spawn_socket.hpp"

namespace otpnet::gen_udp {

std::string to_string(const datagram& d) {
  auto from = d.local ? inet::to_term(*d.local) : inet::to_term(d.ip);
  std::string out = "{" + from + "," + std::to_string(d.port) + ",";
  if (d.ancillary)
    out += inet::to_string(*d.ancillary) + ",";
  out += "<<" + inet::string_term(d.data.view()) + ">>}";
  return out;
}

using otpnet::detail::ask;
using otpnet::detail::call;
using otpnet::detail::ready;
using otpnet::detail::to_wire;

namespace {

bool valid_port(int port) {
  return port >= 0 && port <= 65535;
}

caf::expected<socket> do_open(caf::local_actor* self, int port,
                              const option_list& opts) {
  auto* rt = runtime::of(self->system());
  if (rt == nullptr || !valid_port(port))
    return make_error(errc::einval);
  auto norm = net::normalize_udp_options(opts);
  if (!norm)
    return make_error(norm.error());
  auto tr = open_udp(*rt, static_cast<uint16_t>(port), *norm);
  if (!tr)
    return make_error(tr.error());
  // As for listen: counted and listed before open returns.
  auto hdl = otpnet::detail::spawn_socket(
    self->system(), rt, otpnet::detail::socket_registry::inet, udp_socket,
    *tr, *norm, caf::actor_cast<caf::actor>(self));
  return socket{hdl};
}

/// The request for a datagram to `to` (`has_to` false: the peer), with
/// send/5's checked AncData (empty: a plain send).
proto::udp_send to_message(bool has_to, inet::socket_address to,
                           binary data, inet::ancillary_data anc = {}) {
  return proto::udp_send{has_to, to, std::move(data), anc};
}

/// An address literal, else the name resolved (IPv4, then IPv6).
net::result<inet::ip_address> resolve(const std::string& host) {
  if (auto lit = inet::parse_address(host))
    return *lit;
  if (auto v4 = inet::getaddr(host, inet::inet))
    return *v4;
  return inet::getaddr(host, inet::inet6);
}

caf::expected<void> send_checked(blocking_self self, const socket& s,
                                 const inet::ip_address& addr, int port,
                                 const inet::ancillary_data& anc,
                                 binary data) {
  if (!valid_port(port))
    return make_error(errc::einval);
  return call<void>(self.get(), s.actor(), proto::udp_send_atom::value,
                    to_message(true, {addr, static_cast<uint16_t>(port)},
                               std::move(data), anc));
}

pending<void> send_checked(caf::event_based_actor* self, const socket& s,
                           const inet::ip_address& addr, int port,
                           const inet::ancillary_data& anc, binary data) {
  if (!valid_port(port))
    return ready<void>(make_error(errc::einval));
  return ask<void>(self, s.actor(), proto::udp_send_atom::value,
                   to_message(true, {addr, static_cast<uint16_t>(port)},
                              std::move(data), anc));
}

caf::expected<void> send_to_host(blocking_self self, const socket& s,
                                 const std::string& host, int port,
                                 const inet::ancillary_data& anc,
                                 binary data) {
  auto addr = resolve(host);
  if (!addr)
    return make_error(addr.error());
  return send_checked(self, s, *addr, port, anc, std::move(data));
}

pending<void> send_to_host(caf::event_based_actor* self, const socket& s,
                           const std::string& host, int port,
                           const inet::ancillary_data& anc, binary data) {
  if (auto lit = inet::parse_address(host))
    return send_checked(self, s, *lit, port, anc, std::move(data));
  return pending<void>{[self, s, host, port, anc, data = std::move(data)](
                         bool suspend, pending<void>::callback cb) mutable {
    // Resolve off the scheduler, then send; both steps as the caller
    // chose (await suspends it throughout).
    auto lookup = otpnet::detail::off_scheduler<inet::ip_address>(
      self, [host] { return resolve(host); });
    otpnet::detail::start(
      lookup, suspend,
      [self, s, port, anc, data, suspend,
       cb](caf::expected<inet::ip_address> a) {
        if (!a) {
          cb(a.error());
          return;
        }
        auto next = send_checked(self, s, *a, port, anc, data);
        otpnet::detail::start(next, suspend, cb);
      });
  }};
}

} // namespace

caf::expected<socket> open(blocking_self self, int port,
                           const option_list& opts) {
  return do_open(self.get(), port, opts);
}

pending<socket> open(caf::event_based_actor* self, int port,
                     const option_list& opts) {
  return ready(do_open(self, port, opts));
}

caf::expected<void> send(blocking_self self, const socket& s,
                         const inet::ip_address& addr, int port,
                         binary data) {
  return send_checked(self, s, addr, port, {}, std::move(data));
}

pending<void> send(caf::event_based_actor* self, const socket& s,
                   const inet::ip_address& addr, int port, binary data) {
  return send_checked(self, s, addr, port, {}, std::move(data));
}

caf::expected<void> send(blocking_self self, const socket& s,
                         const std::string& host, int port, binary data) {
  return send_to_host(self, s, host, port, {}, std::move(data));
}

pending<void> send(caf::event_based_actor* self, const socket& s,
                   const std::string& host, int port, binary data) {
  return send_to_host(self, s, host, port, {}, std::move(data));
}

// send/5: AncData is checked first, so a wrong one sends nothing.

caf::expected<void> send(blocking_self self, const socket& s,
                         const inet::ip_address& addr, int port,
                         const ancillary_list& anc, binary data) {
  auto checked = inet::normalize_ancillary(anc);
  if (!checked)
    return make_error(checked.error());
  return send_checked(self, s, addr, port, *checked, std::move(data));
}

pending<void> send(caf::event_based_actor* self, const socket& s,
                   const inet::ip_address& addr, int port,
                   const ancillary_list& anc, binary data) {
  auto checked = inet::normalize_ancillary(anc);
  if (!checked)
    return ready<void>(make_error(checked.error()));
  return send_checked(self, s, addr, port, *checked, std::move(data));
}

caf::expected<void> send(blocking_self self, const socket& s,
                         const std::string& host, int port,
                         const ancillary_list& anc, binary data) {
  auto checked = inet::normalize_ancillary(anc);
  if (!checked)
    return make_error(checked.error());
  return send_to_host(self, s, host, port, *checked, std::move(data));
}

pending<void> send(caf::event_based_actor* self, const socket& s,
                   const std::string& host, int port,
                   const ancillary_list& anc, binary data) {
  auto checked = inet::normalize_ancillary(anc);
  if (!checked)
    return ready<void>(make_error(checked.error()));
  return send_to_host(self, s, host, port, *checked, std::move(data));
}

caf::expected<void> send(blocking_self self, const socket& s,
                         const inet::socket_address& to,
                         const ancillary_list& anc, binary data) {
  if (!to.is_local())
    return send(self, s, to.addr, to.port, anc, std::move(data));
  auto checked = inet::normalize_ancillary(anc);
  if (!checked)
    return make_error(checked.error());
  return call<void>(self.get(), s.actor(), proto::udp_send_atom::value,
                    to_message(true, to, std::move(data), *checked));
}

pending<void> send(caf::event_based_actor* self, const socket& s,
                   const inet::socket_address& to,
                   const ancillary_list& anc, binary data) {
  if (!to.is_local())
    return send(self, s, to.addr, to.port, anc, std::move(data));
  auto checked = inet::normalize_ancillary(anc);
  if (!checked)
    return ready<void>(make_error(checked.error()));
  return ask<void>(self, s.actor(), proto::udp_send_atom::value,
                   to_message(true, to, std::move(data), *checked));
}

caf::expected<void> send(blocking_self self, const socket& s,
                         const inet::local_address& to, binary data) {
  return call<void>(self.get(), s.actor(), proto::udp_send_atom::value,
                    to_message(true, inet::local_socket_address(to.path),
                               std::move(data)));
}

pending<void> send(caf::event_based_actor* self, const socket& s,
                   const inet::local_address& to, binary data) {
  return ask<void>(self, s.actor(), proto::udp_send_atom::value,
                   to_message(true, inet::local_socket_address(to.path),
                              std::move(data)));
}

caf::expected<void> send(blocking_self self, const socket& s, binary data) {
  return call<void>(self.get(), s.actor(), proto::udp_send_atom::value,
                    to_message(false, {}, std::move(data)));
}

pending<void> send(caf::event_based_actor* self, const socket& s,
                   binary data) {
  return ask<void>(self, s.actor(), proto::udp_send_atom::value,
                   to_message(false, {}, std::move(data)));
}

caf::expected<void> connect(blocking_self self, const socket& s,
                            const inet::ip_address& addr, int port) {
  if (!valid_port(port))
    return make_error(errc::einval);
  return call<void>(self.get(), s.actor(), proto::udp_connect_atom::value,
                    inet::socket_address{addr, static_cast<uint16_t>(port)});
}

pending<void> connect(caf::event_based_actor* self, const socket& s,
                      const inet::ip_address& addr, int port) {
  if (!valid_port(port))
    return ready<void>(make_error(errc::einval));
  return ask<void>(self, s.actor(), proto::udp_connect_atom::value,
                   inet::socket_address{addr, static_cast<uint16_t>(port)});
}

caf::expected<void> connect(blocking_self self, const socket& s,
                            const inet::local_address& to) {
  return call<void>(self.get(), s.actor(), proto::udp_connect_atom::value,
                    inet::local_socket_address(to.path));
}

pending<void> connect(caf::event_based_actor* self, const socket& s,
                      const inet::local_address& to) {
  return ask<void>(self, s.actor(), proto::udp_connect_atom::value,
                   inet::local_socket_address(to.path));
}

caf::expected<datagram> recv(blocking_self self, const socket& s,
                             size_t length, timeout t) {
  auto ms = to_wire(t);
  if (!ms)
    return make_error(errc::einval);
  return call<datagram>(self.get(), s.actor(), proto::recv_atom::value,
                        static_cast<uint64_t>(length), *ms);
}

pending<datagram> recv(caf::event_based_actor* self, const socket& s,
                       size_t length, timeout t) {
  auto ms = to_wire(t);
  if (!ms)
    return ready<datagram>(make_error(errc::einval));
  return ask<datagram>(self, s.actor(), proto::recv_atom::value,
                       static_cast<uint64_t>(length), *ms);
}

caf::expected<void> close(blocking_self self, const socket& s) {
  return gen_tcp::close(self, s);
}

pending<void> close(caf::event_based_actor* self, const socket& s) {
  return gen_tcp::close(self, s);
}

caf::expected<void> controlling_process(blocking_self self, const socket& s,
                                        const caf::actor& new_owner) {
  return gen_tcp::controlling_process(self, s, new_owner);
}

pending<void> controlling_process(caf::event_based_actor* self,
                                  const socket& s,
                                  const caf::actor& new_owner) {
  return gen_tcp::controlling_process(self, s, new_owner);
}

} // namespace otpnet::gen_udp
