// The socket module's functions: each builds one sk_request for the
// socket's actor (sock_actor.cpp) and turns the sk_reply into its result.

#include "otpnet/sock.hpp"
#include "otpnet/sock_info.hpp"

#include <caf/actor_cast.hpp>

#include "otpnet/runtime.hpp"
#include "otpnet/runtime/os_socket.hpp"

#include "call.hpp"
#include "sock_actor.hpp"
#include "sock_protocol.hpp"
#include "spawn_socket.hpp"

namespace otpnet::sock {

using otpnet::detail::ask;
using otpnet::detail::call;
using otpnet::detail::ready;
using proto::sk_op;
using proto::sk_reply;
using proto::sk_request;

std::string to_string(const socket& s) {
  return "{'$socket'," + std::to_string(s.id()) + "}";
}

std::string_view to_string(select_tag x) noexcept {
  switch (x) {
    case select_tag::accept:
      return "accept";
    case select_tag::connect:
      return "connect";
    case select_tag::recv:
      return "recv";
    case select_tag::recvfrom:
      return "recvfrom";
    case select_tag::send:
      return "send";
    case select_tag::sendto:
      return "sendto";
    case select_tag::recvmsg:
      return "recvmsg";
    case select_tag::sendmsg:
      return "sendmsg";
  }
  return "recv";
}

bool operator==(const select_info& x, const select_info& y) noexcept {
  return x.tag == y.tag && x.handle == y.handle;
}

namespace {

sk_request make(sk_op op) {
  sk_request r;
  r.op = op;
  return r;
}

/// The request with its time-out; nullopt for a negative one (einval).
std::optional<sk_request> timed(sk_op op, timeout t) {
  auto ms = otpnet::detail::to_wire(t);
  if (!ms)
    return std::nullopt;
  auto r = make(op);
  r.timeout = *ms;
  return r;
}

sk_request untimed(sk_op op) {
  auto r = make(op);
  r.timeout = proto::sk_nowait;
  return r;
}

// One request, both call forms, any result type: `f` maps the reply.
template <class T, class F>
caf::expected<T> run(blocking_self self, const socket& s,
                     std::optional<sk_request> r, F f) {
  if (!r)
    return make_error(errc::einval);
  auto rep = call<sk_reply>(self.get(), s.actor(), std::move(*r));
  if (!rep)
    return rep.error();
  return f(std::move(*rep));
}

template <class T, class F>
pending<T> run(caf::event_based_actor* self, const socket& s,
               std::optional<sk_request> r, F f) {
  if (!r)
    return ready<T>(make_error(errc::einval));
  return otpnet::detail::map<T>(
    ask<sk_reply>(self, s.actor(), std::move(*r)),
    [f](caf::expected<sk_reply> rep) -> caf::expected<T> {
      if (!rep)
        return rep.error();
      return f(std::move(*rep));
    });
}

struct to_void {
  caf::expected<void> operator()(sk_reply&&) const {
    return {};
  }
};

struct to_socket {
  caf::expected<socket> operator()(sk_reply&& r) const {
    return socket{std::move(r.accepted)};
  }
};

struct to_data {
  caf::expected<binary> operator()(sk_reply&& r) const {
    return std::move(r.data);
  }
};

struct to_datagram {
  caf::expected<datagram> operator()(sk_reply&& r) const {
    return datagram{r.addr, std::move(r.data)};
  }
};

struct to_addr {
  caf::expected<inet::socket_address> operator()(sk_reply&& r) const {
    return r.addr;
  }
};

struct to_value {
  caf::expected<value> operator()(sk_reply&& r) const {
    return std::move(r.val);
  }
};

struct to_info {
  caf::expected<socket_info> operator()(sk_reply&& r) const {
    return std::move(r.info);
  }
};

struct to_select {
  caf::expected<std::optional<select_info>> operator()(sk_reply&& r) const {
    return r.select;
  }
};

/// A nowait result: `G` maps the completed reply's value.
template <class T, class G>
struct to_select_result {
  G g;
  caf::expected<select_result<T>> operator()(sk_reply&& r) const {
    select_result<T> out;
    out.select = r.select;
    if (auto v = g(std::move(r)))
      out.value = std::move(*v);
    else
      return v.error();
    return out;
  }
};

caf::expected<socket> do_open(caf::local_actor* self, domain d, type t,
                              protocol p, const open_options& opts = {}) {
  auto* rt = runtime::of(self->system());
  if (rt == nullptr)
    return make_error(errc::einval);
  auto proto = resolve_protocol(d, t, p);
  if (!proto)
    return make_error(proto.error());
  auto os = open_os_socket(*rt, d, t, *proto);
  if (!os)
    return make_error(os.error());
  // Listed before open returns (number_of counts it at once).
  sock_otp_settings otp;
  otp.registered = opts.use_registry.value_or(rt->module_registry_default());
  auto hdl = otpnet::detail::spawn_socket(
    self->system(), rt, registry_for(otp.registered), sock_socket, *os, t,
    caf::actor_cast<caf::actor>(self), otp);
  return socket{hdl};
}

sk_request with_addr(sk_request r, const inet::socket_address& a) {
  r.addr = a;
  return r;
}

sk_request with_data(sk_request r, binary data) {
  r.data = std::move(data);
  return r;
}

std::optional<sk_request> with_data(std::optional<sk_request> r,
                                    binary data) {
  if (r)
    r->data = std::move(data);
  return r;
}

std::optional<sk_request> with_addr(std::optional<sk_request> r,
                                    const inet::socket_address& a) {
  if (r)
    r->addr = a;
  return r;
}

std::optional<sk_request> with_length(std::optional<sk_request> r,
                                      size_t n) {
  if (r)
    r->length = n;
  return r;
}

sk_request with_number(sk_op op, int n) {
  auto r = make(op);
  r.number = n;
  return r;
}

sk_request with_option(sk_op op, const option& o, const value& v) {
  auto r = make(op);
  r.opt = o;
  r.val = v;
  return r;
}

sk_request with_info(const select_info& info) {
  auto r = make(sk_op::cancel);
  r.info = info;
  return r;
}

sk_request with_actor(const caf::actor& a) {
  auto r = make(sk_op::owner);
  r.actor = a;
  return r;
}

struct to_msg {
  caf::expected<msg_recv> operator()(sk_reply&& r) const {
    return std::move(r.msg);
  }
};

struct to_rest {
  caf::expected<std::vector<binary>> operator()(sk_reply&& r) const {
    return std::move(r.msg.iov);
  }
};

std::optional<sk_request> with_msg(std::optional<sk_request> r,
                                   msg_send msg, msg_flags flags) {
  if (r) {
    r->msg = std::move(msg);
    r->flags = std::move(flags);
  }
  return r;
}

std::optional<sk_request> with_sizes(std::optional<sk_request> r,
                                     size_t bufsz, size_t ctrlsz,
                                     msg_flags flags) {
  if (r) {
    r->length = bufsz;
    r->ctrl_size = ctrlsz;
    r->flags = std::move(flags);
  }
  return r;
}

std::optional<sk_request> with_flags(std::optional<sk_request> r,
                                     msg_flags flags) {
  if (r)
    r->flags = std::move(flags);
  return r;
}

using select_data = to_select_result<binary, to_data>;
using select_msg_recv = to_select_result<msg_recv, to_msg>;
using select_rest = to_select_result<std::vector<binary>, to_rest>;
using select_socket = to_select_result<socket, to_socket>;
using select_datagram = to_select_result<datagram, to_datagram>;

} // namespace

caf::expected<socket> open(blocking_self self, domain d, type t, protocol p) {
  return do_open(self.get(), d, t, p);
}

pending<socket> open(caf::event_based_actor* self, domain d, type t,
                     protocol p) {
  return ready(do_open(self, d, t, p));
}

caf::expected<socket> open(blocking_self self, domain d, type t,
                           const open_options& opts) {
  return do_open(self.get(), d, t, protocol::ip, opts);
}

pending<socket> open(caf::event_based_actor* self, domain d, type t,
                     const open_options& opts) {
  return ready(do_open(self, d, t, protocol::ip, opts));
}

caf::expected<socket> open(blocking_self self, domain d, type t, protocol p,
                           const open_options& opts) {
  return do_open(self.get(), d, t, p, opts);
}

pending<socket> open(caf::event_based_actor* self, domain d, type t,
                     protocol p, const open_options& opts) {
  return ready(do_open(self, d, t, p, opts));
}

// Each function below is the same line for the blocking and the
// event-based caller; OTNET_SOCK_BOTH writes the pair.
#define OTPNET_SOCK_BOTH(T, NAME, PARAMS, REQ, MAP)                            \
  caf::expected<T> NAME(blocking_self self, const socket& s PARAMS) {          \
    return run<T>(self, s, REQ, MAP{});                                        \
  }                                                                            \
  pending<T> NAME(caf::event_based_actor* self, const socket& s PARAMS) {      \
    return run<T>(self, s, REQ, MAP{});                                        \
  }

#define OTPNET_COMMA ,

OTPNET_SOCK_BOTH(void, bind, OTPNET_COMMA const inet::socket_address& addr,
                 with_addr(make(sk_op::bind), addr), to_void)
OTPNET_SOCK_BOTH(void, listen, OTPNET_COMMA int backlog,
                 with_number(sk_op::listen, backlog), to_void)
OTPNET_SOCK_BOTH(socket, accept, OTPNET_COMMA timeout t,
                 timed(sk_op::accept, t), to_socket)
OTPNET_SOCK_BOTH(select_result<socket>, accept, OTPNET_COMMA nowait_t,
                 untimed(sk_op::accept), select_socket)
OTPNET_SOCK_BOTH(void, connect,
                 OTPNET_COMMA const inet::socket_address& addr
                   OTPNET_COMMA timeout t,
                 with_addr(timed(sk_op::connect, t), addr), to_void)
OTPNET_SOCK_BOTH(std::optional<select_info>, connect,
                 OTPNET_COMMA const inet::socket_address& addr
                   OTPNET_COMMA nowait_t,
                 with_addr(untimed(sk_op::connect), addr), to_select)
OTPNET_SOCK_BOTH(void, connect, , make(sk_op::connect_finish), to_void)
OTPNET_SOCK_BOTH(void, send, OTPNET_COMMA binary data OTPNET_COMMA timeout t,
                 with_data(timed(sk_op::send, t), std::move(data)), to_void)
OTPNET_SOCK_BOTH(select_result<binary>, send,
                 OTPNET_COMMA binary data OTPNET_COMMA nowait_t,
                 with_data(untimed(sk_op::send), std::move(data)),
                 select_data)
OTPNET_SOCK_BOTH(void, sendto,
                 OTPNET_COMMA binary data
                   OTPNET_COMMA const inet::socket_address& to
                     OTPNET_COMMA timeout t,
                 with_addr(with_data(timed(sk_op::sendto, t), std::move(data)),
                           to),
                 to_void)
OTPNET_SOCK_BOTH(std::optional<select_info>, sendto,
                 OTPNET_COMMA binary data
                   OTPNET_COMMA const inet::socket_address& to
                     OTPNET_COMMA nowait_t,
                 with_addr(with_data(untimed(sk_op::sendto), std::move(data)),
                           to),
                 to_select)
OTPNET_SOCK_BOTH(binary, recv, OTPNET_COMMA size_t length OTPNET_COMMA timeout t,
                 with_length(timed(sk_op::recv, t), length), to_data)
OTPNET_SOCK_BOTH(select_result<binary>, recv,
                 OTPNET_COMMA size_t length OTPNET_COMMA nowait_t,
                 with_length(untimed(sk_op::recv), length), select_data)
OTPNET_SOCK_BOTH(datagram, recvfrom,
                 OTPNET_COMMA size_t length OTPNET_COMMA timeout t,
                 with_length(timed(sk_op::recvfrom, t), length), to_datagram)
OTPNET_SOCK_BOTH(select_result<datagram>, recvfrom,
                 OTPNET_COMMA size_t length OTPNET_COMMA nowait_t,
                 with_length(untimed(sk_op::recvfrom), length),
                 select_datagram)
OTPNET_SOCK_BOTH(void, send,
                 OTPNET_COMMA binary data OTPNET_COMMA msg_flags flags
                   OTPNET_COMMA timeout t,
                 with_flags(with_data(timed(sk_op::send, t), std::move(data)),
                            std::move(flags)),
                 to_void)
OTPNET_SOCK_BOTH(select_result<binary>, send,
                 OTPNET_COMMA binary data OTPNET_COMMA msg_flags flags
                   OTPNET_COMMA nowait_t,
                 with_flags(with_data(untimed(sk_op::send), std::move(data)),
                            std::move(flags)),
                 select_data)
OTPNET_SOCK_BOTH(void, sendto,
                 OTPNET_COMMA binary data
                   OTPNET_COMMA const inet::socket_address& to
                     OTPNET_COMMA msg_flags flags OTPNET_COMMA timeout t,
                 with_flags(with_addr(with_data(timed(sk_op::sendto, t),
                                                std::move(data)),
                                      to),
                            std::move(flags)),
                 to_void)
OTPNET_SOCK_BOTH(std::optional<select_info>, sendto,
                 OTPNET_COMMA binary data
                   OTPNET_COMMA const inet::socket_address& to
                     OTPNET_COMMA msg_flags flags OTPNET_COMMA nowait_t,
                 with_flags(with_addr(with_data(untimed(sk_op::sendto),
                                                std::move(data)),
                                      to),
                            std::move(flags)),
                 to_select)
OTPNET_SOCK_BOTH(binary, recv,
                 OTPNET_COMMA size_t length OTPNET_COMMA msg_flags flags
                   OTPNET_COMMA timeout t,
                 with_flags(with_length(timed(sk_op::recv, t), length),
                            std::move(flags)),
                 to_data)
OTPNET_SOCK_BOTH(select_result<binary>, recv,
                 OTPNET_COMMA size_t length OTPNET_COMMA msg_flags flags
                   OTPNET_COMMA nowait_t,
                 with_flags(with_length(untimed(sk_op::recv), length),
                            std::move(flags)),
                 select_data)
OTPNET_SOCK_BOTH(datagram, recvfrom,
                 OTPNET_COMMA size_t length OTPNET_COMMA msg_flags flags
                   OTPNET_COMMA timeout t,
                 with_flags(with_length(timed(sk_op::recvfrom, t), length),
                            std::move(flags)),
                 to_datagram)
OTPNET_SOCK_BOTH(select_result<datagram>, recvfrom,
                 OTPNET_COMMA size_t length OTPNET_COMMA msg_flags flags
                   OTPNET_COMMA nowait_t,
                 with_flags(with_length(untimed(sk_op::recvfrom), length),
                            std::move(flags)),
                 select_datagram)
OTPNET_SOCK_BOTH(void, sendmsg,
                 OTPNET_COMMA msg_send msg OTPNET_COMMA msg_flags flags
                   OTPNET_COMMA timeout t,
                 with_msg(timed(sk_op::sendmsg, t), std::move(msg),
                          std::move(flags)),
                 to_void)
OTPNET_SOCK_BOTH(select_result<std::vector<binary>>, sendmsg,
                 OTPNET_COMMA msg_send msg OTPNET_COMMA msg_flags flags
                   OTPNET_COMMA nowait_t,
                 with_msg(untimed(sk_op::sendmsg), std::move(msg),
                          std::move(flags)),
                 select_rest)
OTPNET_SOCK_BOTH(msg_recv, recvmsg,
                 OTPNET_COMMA size_t bufsz OTPNET_COMMA size_t ctrlsz
                   OTPNET_COMMA msg_flags flags OTPNET_COMMA timeout t,
                 with_sizes(timed(sk_op::recvmsg, t), bufsz, ctrlsz,
                            std::move(flags)),
                 to_msg)
OTPNET_SOCK_BOTH(select_result<msg_recv>, recvmsg,
                 OTPNET_COMMA size_t bufsz OTPNET_COMMA size_t ctrlsz
                   OTPNET_COMMA msg_flags flags OTPNET_COMMA nowait_t,
                 with_sizes(untimed(sk_op::recvmsg), bufsz, ctrlsz,
                            std::move(flags)),
                 select_msg_recv)
OTPNET_SOCK_BOTH(void, cancel, OTPNET_COMMA const select_info& info,
                 with_info(info), to_void)
OTPNET_SOCK_BOTH(void, close, , make(sk_op::close), to_void)
OTPNET_SOCK_BOTH(void, shutdown, OTPNET_COMMA shutdown_how how,
                 with_number(sk_op::shutdown, static_cast<int>(how)), to_void)
OTPNET_SOCK_BOTH(inet::socket_address, sockname, , make(sk_op::sockname),
                 to_addr)
OTPNET_SOCK_BOTH(inet::socket_address, peername, , make(sk_op::peername),
                 to_addr)
OTPNET_SOCK_BOTH(void, setopt,
                 OTPNET_COMMA const option& opt OTPNET_COMMA const value& v,
                 with_option(sk_op::setopt, opt, v), to_void)
OTPNET_SOCK_BOTH(value, getopt, OTPNET_COMMA const option& opt,
                 with_option(sk_op::getopt, opt, value{}), to_value)
OTPNET_SOCK_BOTH(void, controlling_process,
                 OTPNET_COMMA const caf::actor& new_owner,
                 with_actor(new_owner), to_void)
OTPNET_SOCK_BOTH(socket_info, info, , make(sk_op::info), to_info)

#undef OTPNET_COMMA
#undef OTPNET_SOCK_BOTH

void use_registry(caf::actor_system& sys, bool on) {
  if (auto* rt = runtime::of(sys))
    rt->use_module_registry(on);
}

size_t number_of(caf::actor_system& sys) {
  auto* rt = runtime::of(sys);
  return rt != nullptr ? rt->module_sockets().size() : 0;
}

std::vector<socket> which_sockets(caf::actor_system& sys) {
  std::vector<socket> out;
  if (auto* rt = runtime::of(sys))
    for (auto& hdl : rt->module_sockets())
      out.emplace_back(hdl);
  return out;
}

} // namespace otpnet::sock
