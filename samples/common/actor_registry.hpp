// The actors a sample started (acceptors and connection handlers), so that
// shutdown can ask each one to quit: the runtime's destructor waits for
// every actor, and an actor nobody stops would keep the process alive.
//
// Thread safety: all member functions may be called from any thread.

#pragma once

#include <memory>
#include <mutex>
#include <unordered_map>

#include <caf/actor.hpp>
#include <caf/actor_addr.hpp>
#include <caf/exit_reason.hpp>
#include <caf/send.hpp>

namespace otpnet::samples {

class actor_registry : public std::enable_shared_from_this<actor_registry> {
public:
  /// Tracks `a` until it terminates (an entry per live actor only, so a
  /// long-running server does not accumulate dead entries).
  void add(const caf::actor& a) {
    if (!a)
      return;
    bool late;
    {
      std::lock_guard<std::mutex> guard{mtx_};
      actors_.emplace(a.id(), a.address());
      late = exiting_;
    }
    // Started after exit_all (e.g. by an acceptor that was handing over a
    // connection): nobody else would ever stop it.
    if (late)
      caf::anon_send_exit(a, reason_);
    // Weak: an actor that outlives the registry must not touch it.
    std::weak_ptr<actor_registry> weak = shared_from_this();
    auto id = a.id();
    a->attach_functor([weak, id] {
      if (auto reg = weak.lock()) {
        std::lock_guard<std::mutex> guard{reg->mtx_};
        reg->actors_.erase(id);
      }
    });
  }

  /// Sends every tracked actor an exit message. An actor suspended in an
  /// `.await` handles it once its reply arrives, which closing all sockets
  /// guarantees.
  void exit_all(caf::exit_reason reason) {
    std::unordered_map<caf::actor_id, caf::actor_addr> copy;
    {
      std::lock_guard<std::mutex> guard{mtx_};
      exiting_ = true;
      reason_ = reason;
      copy = actors_;
    }
    for (auto& kvp : copy)
      caf::anon_send_exit(kvp.second, reason);
  }

private:
  std::mutex mtx_;
  std::unordered_map<caf::actor_id, caf::actor_addr> actors_;
  bool exiting_ = false; // exit_all was called: later actors exit at once
  caf::exit_reason reason_ = caf::exit_reason::normal;
};

using actor_registry_ptr = std::shared_ptr<actor_registry>;

} // namespace otpnet::samples
