#pragma once

// How the API functions talk to socket actors: a request with no CAF
// time-out (time-outs are the socket actor's own business, so a late reply
// never loses data), and errors normalised to otpnet's errc.

#include <memory>
#include <optional>
#include <utility>

#include <caf/blocking_actor.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/expected.hpp>

#include "otpnet/error.hpp"
#include "otpnet/pending.hpp"
#include "otpnet/timeout.hpp"

namespace otpnet::detail {

inline caf::error normalise(const caf::error& err) {
  return make_error(errc_of(err));
}

template <class T>
struct reply_of {
  template <class F>
  static auto on_value(F f) {
    return [f](T& x) mutable { f(caf::expected<T>{std::move(x)}); };
  }
};

template <>
struct reply_of<void> {
  template <class F>
  static auto on_value(F f) {
    return [f]() mutable { f(caf::expected<void>{}); };
  }
};

/// Blocking request: the caller's other messages stay in its mailbox.
template <class T, class... Ts>
caf::expected<T> call(caf::blocking_actor* self, const caf::actor& dest,
                      Ts&&... xs) {
  if (!dest)
    return make_error(errc::badarg);
  caf::expected<T> result{make_error(errc::closed)};
  auto store = [&](caf::expected<T> x) { result = std::move(x); };
  self->request(dest, caf::infinite, std::forward<Ts>(xs)...)
    .receive(reply_of<T>::on_value(store),
             [&](caf::error& err) { result = normalise(err); });
  return result;
}

/// Event-based request: `await` suspends the caller, `then` does not.
template <class T, class... Ts>
pending<T> ask(caf::event_based_actor* self, caf::actor dest, Ts... xs) {
  return pending<T>{[self, dest, xs...](bool suspend,
                                        typename pending<T>::callback cb)
                      mutable {
    if (!dest) {
      cb(make_error(errc::badarg));
      return;
    }
    // Both outcomes share one callback: copying a std::function per
    // handler would allocate on every call.
    auto shared
      = std::make_shared<typename pending<T>::callback>(std::move(cb));
    auto on_done = [shared](caf::expected<T> x) { (*shared)(std::move(x)); };
    auto on_err = [shared](caf::error& err) { (*shared)(normalise(err)); };
    // A pending starts once: the arguments can move into the request.
    auto hdl = self->request(dest, caf::infinite, std::move(xs)...);
    if (suspend)
      hdl.await(reply_of<T>::on_value(on_done), on_err);
    else
      hdl.then(reply_of<T>::on_value(on_done), on_err);
  }};
}

/// Starts `p` the way its caller chose (await or then): for wrappers that
/// decide at start-up which call to make.
template <class T>
void start(pending<T>& p, bool suspend, typename pending<T>::callback cb) {
  if (suspend)
    p.await(std::move(cb));
  else
    p.then(std::move(cb));
}

/// A pending that runs `inner` and hands `f(result of inner)` (a
/// caf::expected<U>) to its caller: for calls built on another call.
template <class U, class T, class F>
pending<U> map(pending<T> inner, F f) {
  return pending<U>{[inner = std::move(inner), f](
                      bool suspend,
                      typename pending<U>::callback cb) mutable {
    start(inner, suspend,
          [cb, f](caf::expected<T> x) { cb(f(std::move(x))); });
  }};
}

/// A pending whose result is already known.
template <class T>
pending<T> ready(caf::expected<T> x) {
  return pending<T>{
    [x](bool, typename pending<T>::callback cb) { cb(std::move(x)); }};
}

/// -1 for infinity, else milliseconds; nullopt for a negative time-out.
inline std::optional<int64_t> to_wire(timeout t) {
  if (t == infinity)
    return -1;
  if (t.count() < 0)
    return std::nullopt;
  return static_cast<int64_t>(t.count());
}

} // namespace otpnet::detail
