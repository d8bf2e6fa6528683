// socket:info/1's printing and socket:which_sockets/1 (the requests
// themselves are in sock.cpp).

#include "otpnet/sock_info.hpp"

#include <utility>

#include "otpnet/runtime.hpp"

namespace otpnet::sock {

namespace {

std::string pid_text(const caf::actor_addr& a) {
  return a ? "<0." + std::to_string(a.id()) + ".0>" : "undefined";
}

} // namespace

std::string to_string(const socket_info& x) {
  const auto& c = x.counters;
  // In OTP's (sorted) key order.
  const std::pair<const char*, uint64_t> counts[] = {
    {"acc_fails", c.acc_fails},       {"acc_success", c.acc_success},
    {"acc_tries", c.acc_tries},       {"acc_waits", c.acc_waits},
    {"read_byte", c.read_byte},       {"read_fails", c.read_fails},
    {"read_pkg", c.read_pkg},         {"read_pkg_max", c.read_pkg_max},
    {"read_tries", c.read_tries},     {"read_waits", c.read_waits},
    {"write_byte", c.write_byte},     {"write_fails", c.write_fails},
    {"write_pkg", c.write_pkg},       {"write_pkg_max", c.write_pkg_max},
    {"write_tries", c.write_tries},   {"write_waits", c.write_waits},
  };
  std::string out = "#{counters => #{";
  bool first = true;
  for (auto& [name, n] : counts) {
    out += first ? "" : ",";
    out += std::string{name} + " => " + std::to_string(n);
    first = false;
  }
  out += "},domain => " + std::string{to_string(x.domain)};
  out += ",num_acceptors => " + std::to_string(x.num_acceptors);
  out += ",num_readers => " + std::to_string(x.num_readers);
  out += ",num_writers => " + std::to_string(x.num_writers);
  out += ",owner => " + pid_text(x.owner);
  out += ",protocol => " + std::string{to_string(x.protocol)};
  out += ",type => " + std::string{to_string(x.type)} + "}";
  return out;
}

std::vector<socket> which_sockets(
  blocking_self self, const std::function<bool(const socket_info&)>& pred) {
  std::vector<socket> out;
  for (auto& s : which_sockets(self->system()))
    if (auto i = info(self, s); i && pred(*i))
      out.push_back(s);
  return out;
}

} // namespace otpnet::sock
