#pragma once

#include <caf/error.hpp>
#include <caf/scheduled_actor.hpp>

namespace otpnet::detail {

/// CAF 0.17 answers a message its receiver has no handler for with an
/// error message to the sender, and an actor without an error handler
/// terminates on it. A socket sends messages that their receivers may not
/// handle (an owner without a tcp_passive handler, a caller without a
/// select handler, a monitor's watcher); an Erlang port lives on when its
/// owner leaves a message unread, so a socket ignores these errors. Its own
/// requests' errors reach their response handlers, never this one.
inline void survive_unhandled_messages(caf::scheduled_actor* self) {
  self->set_error_handler([](caf::scheduled_actor*, caf::error&) {});
}

} // namespace otpnet::detail
