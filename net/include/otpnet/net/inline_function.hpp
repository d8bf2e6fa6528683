#pragma once

// A copyable function wrapper, like std::function, that stores a callable
// of up to `Size` bytes inside itself whatever its copy semantics.
// libstdc++'s std::function keeps only trivially copyable callables inline,
// so a completion handler that captures a reference-counted handle (a
// caf::actor, a shared_ptr) costs a heap allocation each time one is made:
// once per read on a socket's hot path. Larger callables, or ones whose
// move may throw, go to the heap as with std::function.

#include <cstddef>
#include <new>
#include <type_traits>
#include <utility>

namespace otpnet::net {

template <class Signature, std::size_t Size = 3 * sizeof(void*)>
class inline_function;

template <class R, class... Args, std::size_t Size>
class inline_function<R(Args...), Size> {
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
      ::new (static_cast<void*>(buf_)) D(std::forward<F>(f));
    else
      ::new (static_cast<void*>(buf_)) D*(new D(std::forward<F>(f)));
    vt_ = &vtable_of<D>;
  }

  inline_function(const inline_function& other) {
    if (other.vt_ != nullptr) {
      other.vt_->copy(other.buf_, buf_);
      vt_ = other.vt_;
    }
  }

  inline_function(inline_function&& other) noexcept {
    steal(other);
  }

  inline_function& operator=(const inline_function& other) {
    if (this != &other) {
      inline_function tmp{other};
      reset();
      steal(tmp);
    }
    return *this;
  }

  inline_function& operator=(inline_function&& other) noexcept {
    // Through a temporary: `other` may be owned by the callable reset()
    // destroys, and moving into itself must keep the callable.
    inline_function tmp{std::move(other)};
    reset();
    steal(tmp);
    return *this;
  }

  inline_function& operator=(std::nullptr_t) noexcept {
    reset();
    return *this;
  }

  ~inline_function() {
    reset();
  }

  explicit operator bool() const noexcept {
    return vt_ != nullptr;
  }

  /// Calls the callable; it must not be empty. As with std::function, a
  /// const inline_function calls its callable as a non-const one.
  R operator()(Args... xs) const {
    return vt_->call(const_cast<unsigned char*>(buf_),
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
    void (*copy)(const void* from, void* to);
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
  static inline const vtable vtable_of{&call_impl<D>, &copy_impl<D>,
                                       &relocate_impl<D>, &destroy_impl<D>};

  void steal(inline_function& other) noexcept {
    if (other.vt_ != nullptr) {
      other.vt_->relocate(other.buf_, buf_);
      vt_ = std::exchange(other.vt_, nullptr);
    }
  }

  void reset() noexcept {
    if (vt_ != nullptr)
      std::exchange(vt_, nullptr)->destroy(buf_);
  }

  // Pointer-aligned, so that the default size is as big as std::function.
  alignas(void*) unsigned char buf_[Size];
  const vtable* vt_ = nullptr;
};

} // namespace otpnet::net
