#pragma once

// A function wrapper, like std::function, that stores a callable of up to
// `Size` bytes inside itself whatever its copy semantics. libstdc++'s
// std::function keeps only trivially copyable callables inline, so a
// completion handler that captures a reference-counted handle (a
// caf::actor, a shared_ptr) costs a heap allocation each time one is made:
// once per read on a socket's hot path. Larger callables, or ones whose
// move may throw, go to the heap as with std::function.
//
// With `Copyable = false` the wrapper is move-only and takes move-only
// callables (what a pending call holds until it is started).

#include <cstddef>
#include <new>
#include <type_traits>
#include <utility>

namespace otpnet::net {

namespace detail {

/// Deletes the copy operations of a move-only inline_function.
template <bool Copyable>
struct copy_gate {};

template <>
struct copy_gate<false> {
  copy_gate() = default;
  copy_gate(const copy_gate&) = delete;
  copy_gate& operator=(const copy_gate&) = delete;
  copy_gate(copy_gate&&) = default;
  copy_gate& operator=(copy_gate&&) = default;
};

} // namespace detail

template <class Signature, std::size_t Size = 3 * sizeof(void*),
          bool Copyable = true>
class inline_function;

template <class R, class... Args, std::size_t Size, bool Copyable>
class inline_function<R(Args...), Size, Copyable>
  : detail::copy_gate<Copyable> {
  static_assert(Size >= sizeof(void*), "the buffer holds a pointer at least");

public:
  inline_function() noexcept = default;

  inline_function(std::nullptr_t) noexcept {
    // nop
  }

  template <class F, class D = std::decay_t<F>,
            class = std::enable_if_t<
              !std::is_same_v<D, inline_function>
              && std::is_invocable_r_v<R, D&, Args...>>>
  inline_function(F&& f) {
    if constexpr (std::is_pointer_v<D> || std::is_member_pointer_v<D>) {
      if (f == nullptr)
        return; // empty, as std::function from a null pointer
    }
    if constexpr (fits<D>)
      ::new (static_cast<void*>(s_.buf)) D(std::forward<F>(f));
    else
      ::new (static_cast<void*>(s_.buf)) D*(new D(std::forward<F>(f)));
    s_.vt = &vtable_of<D>;
  }

  inline_function(const inline_function&) = default;
  inline_function(inline_function&&) noexcept = default;
  inline_function& operator=(const inline_function&) = default;
  inline_function& operator=(inline_function&&) noexcept = default;

  inline_function& operator=(std::nullptr_t) noexcept {
    s_.reset();
    return *this;
  }

  explicit operator bool() const noexcept {
    return s_.vt != nullptr;
  }

  /// Calls the callable; it must not be empty. As with std::function, a
  /// const inline_function calls its callable as a non-const one.
  R operator()(Args... xs) const {
    return s_.vt->call(const_cast<unsigned char*>(s_.buf),
                       std::forward<Args>(xs)...);
  }

  /// True if `D` is kept inline (no allocation).
  template <class D>
  static constexpr bool stores_inline
    = sizeof(D) <= Size && alignof(D) <= alignof(void*)
      && std::is_nothrow_move_constructible_v<D>;

private:
  template <class D>
  static constexpr bool fits = stores_inline<D>;

  struct vtable {
    R (*call)(void*, Args&&...);
    void (*copy)(const void* from, void* to); // null when move-only
    void (*relocate)(void* from, void* to) noexcept; // from is left empty
    void (*destroy)(void*) noexcept;
  };

  template <class D>
  static D* object(void* buf) noexcept {
    if constexpr (fits<D>)
      return std::launder(reinterpret_cast<D*>(buf));
    else
      return *std::launder(reinterpret_cast<D**>(buf));
  }

  template <class D>
  static R call_impl(void* buf, Args&&... xs) {
    if constexpr (std::is_void_v<R>)
      (*object<D>(buf))(std::forward<Args>(xs)...); // a result is dropped
    else
      return (*object<D>(buf))(std::forward<Args>(xs)...);
  }

  template <class D>
  static void copy_impl(const void* from, void* to) {
    const D& src = *object<D>(const_cast<void*>(from));
    if constexpr (fits<D>)
      ::new (to) D(src);
    else
      ::new (to) D*(new D(src));
  }

  template <class D>
  static void relocate_impl(void* from, void* to) noexcept {
    if constexpr (fits<D>) {
      auto* src = object<D>(from);
      ::new (to) D(std::move(*src));
      src->~D();
    } else {
      ::new (to) D*(object<D>(from));
    }
  }

  template <class D>
  static void destroy_impl(void* buf) noexcept {
    if constexpr (fits<D>)
      object<D>(buf)->~D();
    else
      delete object<D>(buf);
  }

  template <class D>
  static constexpr auto copy_of() {
    if constexpr (Copyable)
      return &copy_impl<D>;
    else
      return static_cast<void (*)(const void*, void*)>(nullptr);
  }

  template <class D>
  static inline const vtable vtable_of{&call_impl<D>, copy_of<D>(),
                                       &relocate_impl<D>, &destroy_impl<D>};

  /// The callable and what it is; its copy and move operations are the
  /// wrapper's (a move-only wrapper never instantiates the copy ones).
  struct storage {
    // Pointer-aligned, so that the default size is as big as
    // std::function.
    alignas(void*) unsigned char buf[Size];
    const vtable* vt = nullptr;

    storage() noexcept = default;

    storage(const storage& other) {
      if (other.vt != nullptr) {
        other.vt->copy(other.buf, buf);
        vt = other.vt;
      }
    }

    storage(storage&& other) noexcept {
      steal(other);
    }

    storage& operator=(const storage& other) {
      if (this != &other) {
        storage tmp{other};
        reset();
        steal(tmp);
      }
      return *this;
    }

    storage& operator=(storage&& other) noexcept {
      // Through a temporary: `other` may be owned by the callable reset()
      // destroys, and moving into itself must keep the callable.
      storage tmp{std::move(other)};
      reset();
      steal(tmp);
      return *this;
    }

    ~storage() {
      reset();
    }

    void steal(storage& other) noexcept {
      if (other.vt != nullptr) {
        other.vt->relocate(other.buf, buf);
        vt = std::exchange(other.vt, nullptr);
      }
    }

    void reset() noexcept {
      if (vt != nullptr)
        std::exchange(vt, nullptr)->destroy(buf);
    }
  };

  storage s_;
};

} // namespace otpnet::net
