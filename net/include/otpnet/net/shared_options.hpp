// A socket's option record, shared read-only by every socket that has the
// same one: a listen socket and the sockets it accepted, until one of them
// changes its own. An idle connection then carries a pointer instead of a
// record of some 460 bytes (issue 4's s5: memory per idle connection).
//
// Thread safety: the record is immutable once shared, so sockets on
// different threads may read it; each shared_options object belongs to
// one socket.

#pragma once

#include <memory>
#include <utility>

#include <otpnet/net/socket_options.hpp>

namespace otpnet::net {

class shared_options {
public:
  /// The defaults, one record for every socket that has them.
  shared_options() : rec_(defaults()) {
  }

  /// A record of its own (a connecting socket's, a listen socket's).
  explicit shared_options(socket_options x)
    : rec_(std::make_shared<const socket_options>(std::move(x))) {
  }

  const socket_options& operator*() const noexcept {
    return *rec_;
  }

  const socket_options* operator->() const noexcept {
    return rec_.get();
  }

  /// Replaces the record (setopts): the sockets that shared the old one
  /// keep it.
  void set(socket_options x) {
    rec_ = std::make_shared<const socket_options>(std::move(x));
  }

  /// Whether `other` reads the same record (not merely an equal one).
  bool shares_with(const shared_options& other) const noexcept {
    return rec_ == other.rec_;
  }

private:
  static const std::shared_ptr<const socket_options>& defaults() {
    static const auto rec = std::make_shared<const socket_options>();
    return rec;
  }

  std::shared_ptr<const socket_options> rec_;
};

} // namespace otpnet::net
