#pragma once

// The options of a socket-module socket on the simulated network (stream
// or datagram): no kernel to ask, so what was set reads back, and an
// option never set answers as a fresh kernel socket would. The caller
// holds the network's mutex.

#include <map>
#include <utility>

#include "otpnet/net/result.hpp"
#include "otpnet/sock/types.hpp"

namespace otpnet::testing::detail {

class sim_socket_options {
public:
  /// Stores `v`; `default` forgets the option, so its default reads back.
  void set(const sock::option& opt, const sock::value& v) {
    if (std::holds_alternative<sock::use_default_t>(v))
      opts_.erase(key(opt));
    else
      opts_[key(opt)] = v;
  }

  /// What the socket is (domain, type, protocol, whether it listens),
  /// else what was set, else a value of the option's kind as a fresh
  /// socket has it; enoprotoopt where that needs a kernel
  /// (multicast_if...).
  net::result<sock::value> get(const sock::option& opt, sock::domain d,
                               sock::type t, bool listening) const {
    using sock::name;
    switch (opt.name) {
      case name::domain:
        return sock::value{d};
      case name::type:
        return sock::value{t};
      case name::protocol: // a local socket's 0 reads as `default`
        if (d == sock::domain::local)
          return sock::value{sock::protocol::default_};
        return sock::value{t == sock::type::stream ? sock::protocol::tcp
                                                   : sock::protocol::udp};
      case name::acceptconn:
        return sock::value{listening};
      default:
        break;
    }
    if (auto i = opts_.find(key(opt)); i != opts_.end())
      return i->second;
    switch (sock::traits(opt).kind) {
      case 0:
        return sock::value{false};
      case 1:
        return sock::value{opt.name == name::rcvbuf || opt.name == name::sndbuf
                             ? 65536
                           : opt.name == name::peek_off ? -1 // off
                                                        : 0};
      case 2:
        return sock::value{sock::linger{}};
      case 6:
        return sock::value{std::string{}}; // bindtodevice: none
      default:
        return errc::enoprotoopt;
    }
  }

private:
  static std::pair<int, int> key(const sock::option& o) {
    return {static_cast<int>(o.level), static_cast<int>(o.name)};
  }

  std::map<std::pair<int, int>, sock::value> opts_;
};

} // namespace otpnet::testing::detail
