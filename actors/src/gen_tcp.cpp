#include "otpnet/gen_tcp.hpp"

#include <caf/actor_cast.hpp>

#include "otpnet/inet/parse_address.hpp"
#include "otpnet/net/normalize_options.hpp"
#include "otpnet/runtime.hpp"
#include "otpnet/runtime/transport.hpp"

#include "call.hpp"
#include "one_way.hpp"
#include "protocol.hpp"
#include "tcp_listen_actor.hpp"
#include "tcp_socket_actor.hpp"
#include "spawn_socket.hpp"

// gen_tcp's API module: validate, then hand the work to a socket actor.

namespace otpnet::gen_tcp {

namespace {

using otpnet::detail::ask;
using otpnet::detail::call;
using otpnet::detail::ready;
using otpnet::detail::to_wire;

bool valid_port(int port) {
  return port >= 0 && port <= 65535;
}

/// Opens the listen socket and spawns its actor; the same for both kinds of
/// caller, because nothing here waits.
caf::expected<socket> do_listen(caf::local_actor* self, int port,
                                const option_list& opts) {
  auto* rt = runtime::of(self->system());
  if (rt == nullptr || !valid_port(port))
    return make_error(errc::einval);
  auto norm = net::normalize_listen_options(opts);
  if (!norm)
    return make_error(norm.error());
  if (norm->family == inet::family_kind::local && port != 0)
    return make_error(errc::einval); // a file has no port
  auto tr = open_tcp_listener(*rt, static_cast<uint16_t>(port), *norm);
  if (!tr)
    return make_error(tr.error());
  // Counted and shown in inet::i as soon as listen returns.
  auto hdl = otpnet::detail::spawn_socket(
    self->system(), rt, otpnet::detail::socket_registry::inet, tcp_listen,
    *tr, *norm, caf::actor_cast<caf::actor>(self));
  return socket{hdl};
}

/// Spawns a socket actor in the connecting state, owned by the caller.
caf::expected<caf::actor> spawn_connecting(caf::local_actor* self, int port,
                                           const option_list& opts,
                                           timeout t) {
  auto* rt = runtime::of(self->system());
  if (rt == nullptr || !valid_port(port) || !to_wire(t))
    return make_error(errc::einval);
  auto norm = net::normalize_connect_options(opts);
  if (!norm)
    return make_error(norm.error());
  if (norm->family == inet::family_kind::local && port != 0)
    return make_error(errc::einval); // a file has no port
  return self->system().spawn<tcp_socket_impl>(
    rt, make_tcp_transport(*rt), net::shared_options{std::move(*norm)},
    caf::actor_cast<caf::actor>(self));
}

/// The options of a connect to `host`: an IPv6 address literal picks its
/// own family (the transport connects over IPv6 whatever `opts` say, as
/// gen_tcp does for an address tuple), so the socket's record must say
/// inet6 too, for getopts (ipv6_v6only, recvtclass) and i().
const option_list& with_family_of(const std::string& host,
                                  const option_list& opts,
                                  option_list& storage) {
  if (!inet::parse_ipv6strict_address(host))
    return opts;
  storage = opts;
  storage.push_back(inet::inet6);
  return storage;
}

/// A connect to {local, File}: the caller's options, then `local` (so that
/// the socket actor's transport takes the host as the file's path);
/// nullopt when they ask for inet6, which the appended `local` would hide.
/// (A port is refused by spawn_connecting, as for a host with `local`.)
std::optional<option_list> local_connect_options(const option_list& opts) {
  for (const auto& opt : opts)
    if (auto* f = std::get_if<inet::family>(&opt);
        f && f->value == inet::family_kind::inet6)
      return std::nullopt;
  auto out = opts;
  out.push_back(inet::local);
  return out;
}

uint8_t wire_how(shutdown_how how) {
  switch (how) {
    case shutdown_how::read:
      return static_cast<uint8_t>(stream_transport::shutdown_how::read);
    case shutdown_how::write:
      return static_cast<uint8_t>(stream_transport::shutdown_how::write);
    default:
      return static_cast<uint8_t>(stream_transport::shutdown_how::read_write);
  }
}

} // namespace

caf::expected<socket> listen(blocking_self self, int port,
                             const option_list& opts) {
  return do_listen(self.get(), port, opts);
}

pending<socket> listen(caf::event_based_actor* self, int port,
                       const option_list& opts) {
  return ready(do_listen(self, port, opts));
}

caf::expected<socket> accept(blocking_self self, const socket& lsock,
                             timeout t) {
  auto ms = to_wire(t);
  if (!ms)
    return make_error(errc::einval);
  return call<socket>(self.get(), lsock.actor(), proto::accept_atom::value,
                      *ms);
}

pending<socket> accept(caf::event_based_actor* self, const socket& lsock,
                       timeout t) {
  auto ms = to_wire(t);
  if (!ms)
    return ready<socket>(make_error(errc::einval));
  return ask<socket>(self, lsock.actor(), proto::accept_atom::value, *ms);
}

caf::expected<socket> connect(blocking_self self, const std::string& host,
                              int port, const option_list& opts, timeout t) {
  option_list storage;
  auto hdl = spawn_connecting(self.get(), port,
                              with_family_of(host, opts, storage), t);
  if (!hdl)
    return hdl.error();
  return call<socket>(self.get(), *hdl, proto::connect_atom::value, host,
                      static_cast<uint16_t>(port), *to_wire(t));
}

pending<socket> connect(caf::event_based_actor* self, const std::string& host,
                        int port, const option_list& opts, timeout t) {
  option_list storage;
  auto hdl = spawn_connecting(self, port, with_family_of(host, opts, storage),
                              t);
  if (!hdl)
    return ready<socket>(hdl.error());
  return ask<socket>(self, *hdl, proto::connect_atom::value, host,
                     static_cast<uint16_t>(port), *to_wire(t));
}

caf::expected<socket> connect(blocking_self self, const inet::ip_address& addr,
                              int port, const option_list& opts, timeout t) {
  return connect(self, inet::ntoa(addr), port, opts, t);
}

pending<socket> connect(caf::event_based_actor* self,
                        const inet::ip_address& addr, int port,
                        const option_list& opts, timeout t) {
  return connect(self, inet::ntoa(addr), port, opts, t);
}

caf::expected<socket> connect(blocking_self self,
                              const inet::local_address& addr, int port,
                              const option_list& opts, timeout t) {
  auto local_opts = local_connect_options(opts);
  if (!local_opts)
    return make_error(errc::einval);
  return connect(self, addr.path, port, *local_opts, t);
}

pending<socket> connect(caf::event_based_actor* self,
                        const inet::local_address& addr, int port,
                        const option_list& opts, timeout t) {
  auto local_opts = local_connect_options(opts);
  if (!local_opts)
    return ready<socket>(make_error(errc::einval));
  return connect(self, addr.path, port, *local_opts, t);
}

caf::expected<void> send(blocking_self self, const socket& s, binary data) {
  if (detail::count_and_cast_send(self.get(), s, data))
    return {};
  return call<void>(self.get(), s.actor(), proto::send_atom::value,
                    std::move(data));
}

pending<void> send(caf::event_based_actor* self, const socket& s,
                   binary data) {
  return pending<void>{[self, s, data = std::move(data)](
                         bool suspend, pending<void>::callback cb) mutable {
    if (detail::count_and_cast_send(self, s, data)) {
      cb(caf::expected<void>{});
      return;
    }
    auto inner = ask<void>(self, s.actor(), proto::send_atom::value,
                           std::move(data));
    detail::start(inner, suspend, std::move(cb));
  }};
}

caf::expected<binary> recv(blocking_self self, const socket& s, size_t length,
                           timeout t) {
  auto ms = to_wire(t);
  if (!ms)
    return make_error(errc::einval);
  return call<binary>(self.get(), s.actor(), proto::recv_atom::value,
                      static_cast<uint64_t>(length), *ms);
}

pending<binary> recv(caf::event_based_actor* self, const socket& s,
                     size_t length, timeout t) {
  auto ms = to_wire(t);
  if (!ms)
    return ready<binary>(make_error(errc::einval));
  return ask<binary>(self, s.actor(), proto::recv_atom::value,
                     static_cast<uint64_t>(length), *ms);
}

caf::expected<net::http_packet> recv_http(blocking_self self, const socket& s,
                                          timeout t) {
  auto ms = to_wire(t);
  if (!ms)
    return make_error(errc::einval);
  return call<net::http_packet>(self.get(), s.actor(),
                                proto::recv_http_atom::value, *ms);
}

pending<net::http_packet> recv_http(caf::event_based_actor* self,
                                    const socket& s, timeout t) {
  auto ms = to_wire(t);
  if (!ms)
    return ready<net::http_packet>(make_error(errc::einval));
  return ask<net::http_packet>(self, s.actor(), proto::recv_http_atom::value,
                               *ms);
}

caf::expected<void> close(blocking_self self, const socket& s) {
  auto res = call<void>(self.get(), s.actor(), proto::close_atom::value);
  // Closing a closed socket is fine, as in Erlang.
  if (!res && res.error() == errc::closed)
    return {};
  return res;
}

pending<void> close(caf::event_based_actor* self, const socket& s) {
  auto inner = ask<void>(self, s.actor(), proto::close_atom::value);
  return pending<void>{[inner = std::move(inner)](bool suspend,
                               pending<void>::callback cb) mutable {
    auto wrap = [cb](caf::expected<void> res) {
      if (!res && res.error() == errc::closed)
        res = caf::expected<void>{};
      cb(std::move(res));
    };
    detail::start(inner, suspend, std::move(wrap));
  }};
}

caf::expected<void> shutdown(blocking_self self, const socket& s,
                             shutdown_how how) {
  return call<void>(self.get(), s.actor(), proto::shutdown_atom::value,
                    wire_how(how));
}

pending<void> shutdown(caf::event_based_actor* self, const socket& s,
                       shutdown_how how) {
  return ask<void>(self, s.actor(), proto::shutdown_atom::value,
                   wire_how(how));
}

} // namespace otpnet::gen_tcp
