// The inspection endpoint: a detached blocking actor that serves
// inspection::answer over otpnet's own gen_tcp, one connection at a time.

#include "otpnet/inspection.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>

#include <caf/actor_system.hpp>
#include <caf/blocking_actor.hpp>

#include "otpnet/error.hpp"
#include "otpnet/gen_tcp.hpp"
#include "otpnet/inet.hpp"
#include "otpnet/inet/i_args.hpp"
#include "otpnet/inet/terms.hpp"
#include "otpnet/net/trim.hpp"
#include "otpnet/runtime.hpp"
#include "otpnet/sock_info.hpp"

namespace otpnet::inspection {

namespace {

using start_atom = caf::atom_constant<caf::atom("inspstart")>;

/// Longest request line: enough for any i/2 argument list.
constexpr int64_t max_request = 1024;

/// The size of each send of an answer.
constexpr size_t answer_piece = 4096;

std::string error_line(errc e) {
  return inet::error_term(e) + "\n";
}

std::string i_answer(blocking_self self, std::string_view args) {
  auto parsed = inet::parse_i_args(args);
  if (!parsed)
    return error_line(parsed.error());
  std::string out;
  for (auto p : parsed->protocols)
    out += inet::format_i(self, p, parsed->items);
  return out;
}

caf::actor find(const std::vector<caf::actor>& xs, uint64_t id) {
  auto i = std::find_if(xs.begin(), xs.end(),
                        [id](const caf::actor& x) { return x.id() == id; });
  return i == xs.end() ? caf::actor{} : *i;
}

std::string info_answer(blocking_self self, std::string_view arg) {
  uint64_t id = 0;
  auto [end, ec] = std::from_chars(arg.data(), arg.data() + arg.size(), id);
  if (arg.empty() || ec != std::errc{} || end != arg.data() + arg.size())
    return error_line(errc::einval);
  auto* rt = runtime::of(self->system());
  if (rt == nullptr)
    return error_line(errc::enoent);
  if (auto hdl = find(rt->socket_actors(), id)) {
    auto x = inet::info(self, socket{hdl});
    return x ? inet::to_string(*x) + "\n" : error_line(errc_of(x.error()));
  }
  if (auto hdl = find(rt->module_sockets(), id)) {
    auto x = sock::info(self, sock::socket{hdl});
    return x ? sock::to_string(*x) + "\n" : error_line(errc_of(x.error()));
  }
  return error_line(errc::enoent);
}

void serve_one(caf::blocking_actor* self, const socket& s, timeout wait) {
  auto line = gen_tcp::recv(self, s, 0, wait);
  if (line) {
    // In pieces, so that a client that does not read parks a send (which
    // send_timeout then fails, closing the socket) instead of leaving the
    // whole answer queued behind the close.
    auto text = answer(self, line->view());
    std::string_view rest{text};
    while (!rest.empty()) {
      auto piece = rest.substr(0, answer_piece);
      if (!gen_tcp::send(self, s, binary{piece}))
        break;
      rest.remove_prefix(piece.size());
    }
  }
  static_cast<void>(gen_tcp::close(self, s));
}

/// Owns the listen socket once the caller has handed it over.
void endpoint(caf::blocking_actor* self, timeout request_wait) {
  socket lsock;
  self->receive([&](start_atom, socket& ls) { lsock = std::move(ls); });
  for (;;) {
    auto s = gen_tcp::accept(self, lsock);
    if (s) {
      serve_one(self, *s, request_wait);
      continue;
    }
    switch (errc_of(s.error())) {
      case errc::emfile:
      case errc::enfile:
      case errc::enobufs:
      case errc::enomem:
        // Out of a resource for now: wait a little rather than spin.
        self->receive(caf::after(std::chrono::milliseconds{100}) >> [] {});
        break;
      default:
        // closed (the normal end), or no socket was handed over.
        return;
    }
  }
}

} // namespace

std::string answer(blocking_self self, std::string_view request) {
  request = net::trim(request);
  auto space = request.find_first_of(" \t");
  auto verb = request.substr(0, space);
  auto rest = space == std::string_view::npos
                ? std::string_view{}
                : net::trim(request.substr(space));
  if (verb == "i")
    return i_answer(self, rest);
  if (verb == "info")
    return info_answer(self, rest);
  return error_line(errc::einval);
}

caf::expected<uint16_t> serve(blocking_self self, uint16_t port) {
  return serve(self, inet::ip_address::loopback_v4(), port);
}

caf::expected<uint16_t> serve(blocking_self self, const inet::ip_address& ip,
                              uint16_t port, limits lim) {
  // Accepted sockets inherit these: a line of bounded length, and a send
  // that gives up (and closes) rather than hold the endpoint.
  std::vector<inet::option> opts{
    inet::binary,
    inet::packet{net::packet_type::line},
    inet::active{false},
    inet::packet_size{max_request},
    inet::send_timeout{lim.send.count()},
    inet::send_timeout_close{true},
    inet::reuseaddr{true},
    inet::ip{ip},
  };
  if (ip.is_v6())
    opts.emplace_back(inet::inet6);
  if (lim.send_buffer != 0) // a negative one: listen says einval
    opts.emplace_back(inet::sndbuf{lim.send_buffer});
  auto ls = gen_tcp::listen(self, port, opts);
  if (!ls)
    return ls.error();
  auto bound = inet::port(self, *ls);
  if (!bound) {
    static_cast<void>(gen_tcp::close(self, *ls));
    return bound.error();
  }
  // The endpoint owns the socket before it first accepts, so no accepted
  // socket is ever owned by the caller.
  auto ep = self->system().spawn<caf::detached>(endpoint, lim.request);
  if (auto moved = gen_tcp::controlling_process(self, *ls, ep); !moved) {
    static_cast<void>(gen_tcp::close(self, *ls));
    self->send(ep, start_atom::value, socket{}); // accept: badarg, it ends
    return moved.error();
  }
  self->send(ep, start_atom::value, *ls);
  return *bound;
}

} // namespace otpnet::inspection
