// The test's end of a simulated connection: a scripted TCP peer. It sends
// bytes to the actor's socket (whole, split at chosen offsets, byte by
// byte), reads what the actor sent, half-closes, resets, stops reading with
// a bounded window (so the actor's writes stall and its watermarks fill),
// and injects the failure of the actor's next read or write.
//
// A peer is a cheap handle; copies name the same end. It does nothing by
// itself: what it does becomes network events that the fixture runs.
//
// Thread safety: all member functions may be called from any thread.

#pragma once

#include <cstddef>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <otpnet/net/errc.hpp>

namespace otpnet::testing {

class driver;

namespace detail {
class core;
struct connection;
} // namespace detail

class simulated_peer {
public:
  static constexpr size_t all = std::numeric_limits<size_t>::max();

  simulated_peer(std::shared_ptr<detail::core> net,
                 std::shared_ptr<detail::connection> conn, int side,
                 driver* drv = nullptr);

  /// "conn#N peer", as the trace names it.
  const std::string& name() const;

  // -- sending to the actor ---------------------------------------------------

  /// One segment: the actor's next read gets all of it (up to its buffer).
  void send(std::string_view bytes);

  /// Segments cut at `offsets` (ascending, inside `bytes`): each read of the
  /// actor ends at a cut.
  void send_split(std::string_view bytes, const std::vector<size_t>& offsets);

  /// One segment per byte.
  void send_bytewise(std::string_view bytes);

  /// shutdown(write): a FIN after what was sent; the peer still reads.
  void shutdown_write();

  /// close(): a FIN, and the peer reads nothing more (the actor's later
  /// writes are dropped, as a kernel that still acknowledges them would).
  void close();

  /// An RST: after the bytes already sent, the actor's reads fail with
  /// econnreset, and so do its pending and later writes.
  void reset();

  // -- receiving from the actor ---------------------------------------------

  /// Takes (consumes) up to `max` bytes the actor sent; frees window space.
  std::string read(size_t max = all);

  /// Bytes the actor sent that the test has not read yet.
  size_t available() const;

  /// The actor closed its writing side (FIN) or the whole socket.
  bool eof() const;

  /// The actor reset the connection (close with {linger, {true, 0}}).
  bool was_reset() const;

  /// Buffers at most `window` unread bytes: the actor's writes beyond that
  /// stall until the test reads. 0 = a peer that reads nothing at all.
  void stop_reading(size_t window = 0);

  /// Unbounded window again; stalled writes go through.
  void resume_reading();

  // -- faults -----------------------------------------------------------------

  /// The actor's next read after the bytes sent so far fails with `e`
  /// (econnreset, etimedout, ...), as a kernel reports a pending error once
  /// the queued data is read.
  void fail_next_read(errc e);

  /// The actor's next (or currently stalled) write fails with `e` (epipe,
  /// enobufs, econnreset, ...).
  void fail_next_write(errc e);

  // -- introspection ----------------------------------------------------------

  /// Bytes sent by this peer that the actor has not read from its socket
  /// yet: flow control at work (a passive socket reads only on demand).
  size_t unread_by_actor() const;

  /// Lets expectations wait for this peer (set by the fixture).
  driver* get_driver() const noexcept {
    return drv_;
  }

  void set_driver(driver* drv) noexcept {
    drv_ = drv;
  }

private:
  void send_segments(std::string_view bytes, const std::vector<size_t>& cuts,
                     const char* how);

  std::shared_ptr<detail::core> net_;
  std::shared_ptr<detail::connection> conn_;
  int side_;
  driver* drv_;
};

} // namespace otpnet::testing
