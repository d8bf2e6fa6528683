// Where loadgen connects to and how: name resolution (once, at start-up)
// and a non-blocking connect. For a server on 127.0.0.0/8 the connect and
// hold modes spread connections over 64 loopback source addresses, so that
// tens of thousands of short connections do not exhaust one address's
// ephemeral ports while their TIME_WAIT entries linger.
//
// Thread safety: `dial_target` is immutable after resolve(); `dialer` is
// per event loop.

#pragma once

#include <sys/socket.h>

#include <optional>
#include <string>

namespace loadgen {

struct dial_target {
  sockaddr_storage address{};
  socklen_t length = 0;
  bool ipv4_loopback = false;
  std::string text; // "127.0.0.1:5555"
};

/// The first address `host` resolves to, with `port`; nothing if none.
std::optional<dial_target> resolve(const std::string& host, uint16_t port);

class dialer {
public:
  dialer(const dial_target& target, bool spread_sources, unsigned seed);

  /// A non-blocking TCP socket (TCP_NODELAY) whose connect has started;
  /// -1 with errno set if it failed at once.
  int start() noexcept;

private:
  const dial_target& target_;
  bool spread_;
  unsigned next_;
};

} // namespace loadgen
