#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <vector>

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>

#include <otpnet/runtime/transport.hpp>

namespace otpnet {

class runtime;

/// Configuration of an otpnet runtime: CAF's own settings plus the number of
/// threads that run Boost.Asio's event loop. Pass it to `runtime`.
///
/// scheduler.policy defaults to "fair": otpnet's scheduler, one FIFO run
/// queue shared by the workers (fair between sockets, no per-job overhead,
/// idle workers sleep). "stealing", "sharing" and "testing" select CAF's.
class runtime_config : public caf::actor_system_config {
public:
  runtime_config();

  /// Threads dedicated to the I/O event loop. Zero (the default): with the
  /// fair scheduler, an idle worker waits for I/O itself and runs the actors
  /// it wakes, so a packet costs no hand-off between threads; with another
  /// scheduler one thread is started (none with a `transports` factory of
  /// the caller's, e.g. a simulated network that a test steps).
  size_t io_threads = 0;

  /// Threads that run the resolver calls of event-based actors (the
  /// `inet::getaddr(self, ...)` family, gen_udp sends to a host name) at
  /// most; further lookups queue. Started when first needed.
  size_t resolver_threads = 4;

  /// Where sockets come from; null means the operating system (Asio).
  transport_factory_ptr transports;

  /// Set by `runtime`; lets API calls find the runtime of an actor's system.
  runtime* owner = nullptr;
};

namespace detail {
class blocking_pool;
class io_engine;
} // namespace detail

/// Owns the actor system and its event loop. Destroying it closes every
/// socket still open, waits for all actors to finish and joins all threads.
///
/// Thread safety: all member functions may be called from any thread.
class runtime {
public:
  explicit runtime(runtime_config& cfg);
  runtime(const runtime&) = delete;
  runtime& operator=(const runtime&) = delete;
  ~runtime();

  caf::actor_system& system() noexcept {
    return *system_;
  }

  /// Closes every open socket (their owners see them die as if closed).
  /// Idempotent. Actors that are not sockets are left alone.
  void close_all_sockets();

  /// Number of sockets (listening or connected) currently open.
  size_t open_sockets() const;

  /// The actors of the sockets open now (a snapshot, in no order): what
  /// inet::i lists.
  std::vector<caf::actor> socket_actors() const;

  /// @private: socket actors register themselves so that shutdown can close
  /// them; not part of the user API.
  void register_socket(const caf::actor& sock);
  void unregister_socket(const caf::actor_addr& sock);

  /// The socket module's registry (sock::number_of, sock::which_sockets),
  /// kept apart from gen_tcp's and gen_udp's as OTP keeps it apart from
  /// inet's ports: inet::i does not list these sockets. Shutdown closes
  /// them too.
  std::vector<caf::actor> module_sockets() const;
  /// @private
  void register_module_socket(const caf::actor& sock);
  /// @private
  void unregister_module_socket(const caf::actor_addr& sock);

  /// socket:use_registry/1: whether socket-module sockets opened from now
  /// on without an explicit choice (sock::open_options) are listed in the
  /// registry. True at start, as OTP's default build.
  void use_module_registry(bool on) noexcept {
    module_registry_default_.store(on, std::memory_order_relaxed);
  }
  bool module_registry_default() const noexcept {
    return module_registry_default_.load(std::memory_order_relaxed);
  }

  /// @private: the I/O engine used by transports.
  detail::io_engine& io() noexcept {
    return *io_;
  }

  /// @private: runs `job` on one of the resolver threads
  /// (runtime_config::resolver_threads); jobs queue while all are busy.
  void run_blocking(std::function<void()> job);

  /// @private: resolver threads started so far.
  size_t resolver_threads() const;

  /// @private: the factory transports come from.
  transport_factory& transports() noexcept {
    return *transports_;
  }

  /// Finds the runtime that created `sys`, or nullptr if `sys` was not
  /// created by an otpnet runtime.
  static runtime* of(caf::actor_system& sys) noexcept;

private:
  struct registry;
  std::unique_ptr<detail::io_engine> io_; // outlives the actor system
  // Outlives the actor system too: an actor waiting for a lookup keeps
  // the system's shutdown waiting until the lookup answers.
  std::unique_ptr<detail::blocking_pool> blocking_;
  std::unique_ptr<registry> registry_;
  std::atomic<bool> module_registry_default_{true};
  transport_factory_ptr transports_;
  runtime_config& cfg_;
  std::unique_ptr<caf::actor_system> system_;
};

} // namespace otpnet
