// The test's end of a real TCP connection on 127.0.0.1: the same interface
// as simulated_peer (minus fault injection, which needs the simulation), so
// that one test body runs over both. Plain POSIX sockets, independent of
// otpnet's own code.
//
// Nothing blocks: sends go to an outbox that the fixture flushes while it
// waits, and received bytes are collected into an inbox while reading is
// on, so "the peer stops reading" leaves them in the kernel, where TCP flow
// control pushes back on the actor. The window of a loopback peer is the
// kernel's (its receive buffer is set small, 16 KiB, before connecting).
//
// Thread safety: all member functions may be called from any thread.

#pragma once

#include <cstddef>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace otpnet::testing {

class driver;
class trace;

class loopback_peer {
public:
  static constexpr size_t all = std::numeric_limits<size_t>::max();

  struct impl;

  /// Takes ownership of the connected socket `fd`.
  loopback_peer(int fd, std::string name, trace* log, driver* drv);

  const std::string& name() const;

  void send(std::string_view bytes);
  void send_split(std::string_view bytes, const std::vector<size_t>& offsets);
  void send_bytewise(std::string_view bytes);
  void shutdown_write();
  void close();
  void reset();

  std::string read(size_t max = all);
  size_t available() const;
  bool eof() const;
  bool was_reset() const;
  void stop_reading(size_t window = 0);
  void resume_reading();

  driver* get_driver() const noexcept;
  void set_driver(driver* drv) noexcept;

  /// Moves bytes between the kernel and the outbox / inbox without
  /// blocking; true if anything moved. The fixture calls it while waiting.
  bool pump();

  /// The socket, for poll().
  int fd() const;

  std::shared_ptr<impl> shared() const {
    return impl_;
  }

private:
  std::shared_ptr<impl> impl_;
};

} // namespace otpnet::testing
