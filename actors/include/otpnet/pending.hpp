#pragma once

#include <functional>
#include <type_traits>
#include <utility>

#include <caf/blocking_actor.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/expected.hpp>
#include <caf/scoped_actor.hpp>

#include "otpnet/net/inline_function.hpp"

namespace otpnet {

/// The result of an otpnet call made from an event-based actor. Nothing
/// happens until one of the two is called:
/// - `await(f)`: the actor handles no other message until `f` has run,
///   exactly like an Erlang process blocked in gen_tcp:send or accept.
///   Messages that arrive meanwhile stay in the mailbox, in order.
/// - `then(f)`: the actor goes on handling messages; `f` runs later.
/// `f` takes a `caf::expected<T>`. Call one of the two, once.
template <class T>
class [[nodiscard]] pending {
public:
  using callback = std::function<void(caf::expected<T>)>;

  /// `start(bool suspend, callback)` runs when await (suspend = true) or
  /// then (false) is called.
  template <class F, class = std::enable_if_t<
                       !std::is_same_v<std::decay_t<F>, pending>>>
  explicit pending(F&& start) : start_(std::forward<F>(start)) {
    // nop
  }

  template <class F>
  void await(F f) {
    start_(true, callback{std::move(f)});
  }

  template <class F>
  void then(F f) {
    start_(false, callback{std::move(f)});
  }

private:
  // What runs when the pending is started: a move-only `void(bool, Cb)`
  // kept inside the pending when it is small (what every otpnet call
  // captures: the caller, the socket and an argument or two), so that a
  // call allocates nothing for it.
  net::inline_function<void(bool, callback), 64, false> start_;
};

/// The caller of a blocking otpnet call: a `caf::scoped_actor` or any
/// blocking actor. The call blocks that thread; socket messages that
/// arrive meanwhile stay in its mailbox.
class blocking_self {
public:
  blocking_self(caf::blocking_actor* self) : self_(self) {
    // nop
  }

  blocking_self(caf::scoped_actor& self) : self_(self.ptr()) {
    // nop
  }

  caf::blocking_actor* operator->() const noexcept {
    return self_;
  }

  caf::blocking_actor* get() const noexcept {
    return self_;
  }

private:
  caf::blocking_actor* self_;
};

} // namespace otpnet
