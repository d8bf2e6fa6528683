#pragma once

#include <cstddef>
#include <functional>
#include <new>
#include <type_traits>
#include <utility>

#include <caf/blocking_actor.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/expected.hpp>
#include <caf/scoped_actor.hpp>

namespace otpnet {

namespace detail {

/// What a pending runs when it is started: a move-only `void(bool, Cb)`
/// callable kept inside the pending when it is small (what every otpnet
/// call captures: the caller, the socket and an argument or two), so that
/// a call allocates nothing for it; larger ones go to the heap.
template <class Cb>
class pending_starter {
public:
  pending_starter() noexcept = default;

  template <class F, class D = std::decay_t<F>,
            class = std::enable_if_t<!std::is_same_v<D, pending_starter>>>
  pending_starter(F&& f) {
    if constexpr (fits<D>) {
      ptr_ = new (buf_) D(std::forward<F>(f));
    } else {
      ptr_ = new D(std::forward<F>(f));
    }
    vt_ = &vtable_of<D>;
  }

  pending_starter(pending_starter&& other) noexcept {
    steal(other);
  }

  pending_starter& operator=(pending_starter&& other) noexcept {
    if (this != &other) {
      reset();
      steal(other);
    }
    return *this;
  }

  pending_starter(const pending_starter&) = delete;
  pending_starter& operator=(const pending_starter&) = delete;

  ~pending_starter() {
    reset();
  }

  void operator()(bool suspend, Cb cb) {
    vt_->call(ptr_, suspend, std::move(cb));
  }

private:
  static constexpr std::size_t buf_size = 64;

  template <class D>
  static constexpr bool fits = sizeof(D) <= buf_size
                               && alignof(D) <= alignof(std::max_align_t)
                               && std::is_nothrow_move_constructible_v<D>;

  struct vtable {
    void (*call)(void*, bool, Cb&&);
    void* (*relocate)(void* from, void* to) noexcept; // inline ones only
    void (*destroy)(void*) noexcept;
    bool is_inline;
  };

  template <class D>
  static void call_impl(void* p, bool suspend, Cb&& cb) {
    (*static_cast<D*>(p))(suspend, std::move(cb));
  }

  template <class D>
  static void* relocate_impl(void* from, void* to) noexcept {
    auto* f = static_cast<D*>(from);
    auto* result = new (to) D(std::move(*f));
    f->~D();
    return result;
  }

  template <class D>
  static void destroy_impl(void* p) noexcept {
    if constexpr (fits<D>)
      static_cast<D*>(p)->~D();
    else
      delete static_cast<D*>(p);
  }

  template <class D>
  static inline const vtable vtable_of{&call_impl<D>, &relocate_impl<D>,
                                       &destroy_impl<D>, fits<D>};

  void steal(pending_starter& other) noexcept {
    vt_ = std::exchange(other.vt_, nullptr);
    auto* p = std::exchange(other.ptr_, nullptr);
    if (vt_ != nullptr)
      ptr_ = vt_->is_inline ? vt_->relocate(p, buf_) : p;
  }

  void reset() noexcept {
    if (vt_ != nullptr)
      vt_->destroy(ptr_);
    vt_ = nullptr;
    ptr_ = nullptr;
  }

  alignas(std::max_align_t) unsigned char buf_[buf_size];
  void* ptr_ = nullptr;
  const vtable* vt_ = nullptr;
};

} // namespace detail

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
  detail::pending_starter<callback> start_;
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
