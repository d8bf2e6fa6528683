// inet:info/1 and inet:i/0..2: a request to each socket actor, the table
// formatted by net/ (otpnet/inet/i.hpp).

#include <algorithm>
#include <cstdio>

#include "otpnet/inet.hpp"
#include "otpnet/runtime.hpp"

#include "call.hpp"
#include "protocol.hpp"

namespace otpnet::inet {

namespace {

socket_info gone() {
  socket_info x;
  x.states = {socket_state::closed};
  return x;
}

// A socket that is gone answers as OTP's closed port does.
caf::expected<socket_info> or_gone(caf::expected<socket_info> x) {
  if (!x && errc_of(x.error()) == errc::closed)
    return gone();
  return x;
}

uint64_t counter(const stat_values& xs, stat_option name) {
  for (const auto& [k, v] : xs)
    if (k == name)
      return v;
  return 0;
}

i_row row_of(uint64_t id, const socket_info& x) {
  i_row row;
  row.port = id;
  bool udp = x.protocol == socket_protocol::udp;
  auto prefix = x.address_family == inet6   ? "inet6_"
                : x.address_family == local ? "local_"
                                            : "inet_";
  row.module = std::string{prefix} + (udp ? "udp" : "tcp");
  row.type = udp ? "DGRAM" : "STREAM";
  row.recv = counter(x.counters, stat_option::recv_oct);
  row.sent = counter(x.counters, stat_option::send_oct);
  row.owner = x.owner ? x.owner.id() : 0;
  row.local = x.sockname;
  row.foreign = x.peername;
  row.states = x.states;
  return row;
}

std::string key_list(const std::vector<caf::actor_addr>& xs) {
  std::string out = "[";
  for (size_t i = 0; i < xs.size(); ++i)
    out += (i ? ",<0." : "<0.") + std::to_string(xs[i].id()) + ".0>";
  return out + "]";
}

} // namespace

caf::expected<socket_info> info(blocking_self self, const socket& s) {
  return or_gone(otpnet::detail::call<socket_info>(self.get(), s.actor(),
                                                   proto::info_atom::value));
}

pending<socket_info> info(caf::event_based_actor* self, const socket& s) {
  return otpnet::detail::map<socket_info>(
    otpnet::detail::ask<socket_info>(self, s.actor(), proto::info_atom::value),
    or_gone);
}

std::string format_i(blocking_self self, socket_protocol proto,
                     const std::vector<i_item>& items) {
  auto* rt = runtime::of(self->system());
  if (rt == nullptr)
    return {};
  auto actors = rt->socket_actors();
  std::sort(actors.begin(), actors.end(),
            [](const auto& x, const auto& y) { return x.id() < y.id(); });
  std::vector<i_row> rows;
  for (const auto& hdl : actors) {
    auto x = otpnet::detail::call<socket_info>(self.get(), hdl,
                                               proto::info_atom::value);
    // A socket that closed meanwhile is no longer listed.
    if (x && x->protocol == proto
        && x->states != std::vector<socket_state>{socket_state::closed})
      rows.push_back(row_of(hdl.id(), *x));
  }
  return format_i(rows, items, proto);
}

void i(blocking_self self) {
  i(self, all_i_items());
}

void i(blocking_self self, socket_protocol proto) {
  i(self, proto, all_i_items());
}

void i(blocking_self self, const std::vector<i_item>& items) {
  for (auto p : {socket_protocol::tcp, socket_protocol::udp,
                 socket_protocol::sctp})
    i(self, p, items);
}

void i(blocking_self self, socket_protocol proto,
       const std::vector<i_item>& items) {
  auto text = format_i(self, proto, items);
  std::fputs(text.c_str(), stdout);
  std::fflush(stdout);
}

std::string to_string(const socket_info& x) {
  if (x.states == std::vector<socket_state>{socket_state::closed})
    return "#{states => [closed]}";
  // Map keys print sorted, as the shell prints them.
  auto counters = x.counters;
  std::sort(counters.begin(), counters.end(), [](const auto& a, const auto& b) {
    return to_string(a.first) < to_string(b.first);
  });
  std::string out = "#{counters => #{";
  for (size_t i = 0; i < counters.size(); ++i) {
    out += i ? "," : "";
    out += std::string{to_string(counters[i].first)} + " => "
           + std::to_string(counters[i].second);
  }
  out += "},monitors => " + key_list(x.monitors) + ",owner => ";
  out += x.owner ? "<0." + std::to_string(x.owner.id()) + ".0>" : "undefined";
  out += ",states => [";
  for (size_t i = 0; i < x.states.size(); ++i)
    out += std::string{i ? "," : ""} + std::string{to_string(x.states[i])};
  return out + "]}";
}

} // namespace otpnet::inet
