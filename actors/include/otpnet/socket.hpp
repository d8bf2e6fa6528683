#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include <caf/actor.hpp>
#include <caf/meta/type_name.hpp>

namespace otpnet {

/// A socket as Erlang code sees it: a value naming the socket's actor.
/// Cheap to copy; equal when it names the same socket. A default-constructed
/// socket names nothing (every call on it returns badarg).
class socket {
public:
  socket() = default;

  explicit socket(caf::actor hdl) : hdl_(std::move(hdl)) {
    // nop
  }

  /// The socket's actor. Messages to it are the library's business; use
  /// the gen_tcp and inet functions.
  const caf::actor& actor() const noexcept {
    return hdl_;
  }

  /// A number unique among this process's sockets.
  uint64_t id() const noexcept {
    return hdl_ ? hdl_.id() : 0;
  }

  explicit operator bool() const noexcept {
    return static_cast<bool>(hdl_);
  }

  friend bool operator==(const socket& x, const socket& y) noexcept {
    return x.id() == y.id();
  }

  friend bool operator!=(const socket& x, const socket& y) noexcept {
    return !(x == y);
  }

  friend bool operator<(const socket& x, const socket& y) noexcept {
    return x.id() < y.id();
  }

  template <class Inspector>
  friend typename Inspector::result_type inspect(Inspector& f, socket& x) {
    return f(caf::meta::type_name("socket"), x.hdl_);
  }

private:
  caf::actor hdl_;
};

/// Renders `#Socket<N>`, like Erlang's `#Port<0.N>`.
std::string to_string(const socket& s);

} // namespace otpnet

namespace std {
template <>
struct hash<otpnet::socket> {
  size_t operator()(const otpnet::socket& s) const noexcept {
    return std::hash<uint64_t>{}(s.id());
  }
};
} // namespace std
