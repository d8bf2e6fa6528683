// A UDP socket the test holds on the simulated network
// (simulated_network::open_udp_peer): it sends datagrams to the actors'
// gen_udp sockets and keeps the ones they send to it, in order.
//
// A peer is a cheap handle; copies name the same socket. What it sends
// reaches the actor's socket as network events that the fixture runs.
//
// Thread safety: all member functions may be called from any thread.

#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace otpnet::testing {

namespace detail {
class core;
struct udp_port;
} // namespace detail

class simulated_udp_peer {
public:
  /// A datagram an actor sent to the peer: its sender's port and bytes.
  struct received {
    uint16_t from_port = 0;
    std::string data;
  };

  simulated_udp_peer(std::shared_ptr<detail::core> net,
                     std::shared_ptr<detail::udp_port> u);

  /// The peer's port on 127.0.0.1 (::1 for an inet6 peer).
  uint16_t port() const;

  /// "udp peer :PORT", as the trace names it.
  const std::string& name() const;

  /// One datagram to the socket bound at `port`; lost if there is none or
  /// it is connected to another peer, as UDP loses it.
  void send_to(uint16_t port, std::string_view data);

  /// The oldest datagram not yet taken; nullopt if none came.
  std::optional<received> receive();

  /// Datagrams waiting to be taken.
  size_t available() const;

  /// Unbinds the port: later datagrams to it are lost.
  void close();

private:
  std::shared_ptr<detail::core> net_;
  std::shared_ptr<detail::udp_port> u_;
};

} // namespace otpnet::testing
