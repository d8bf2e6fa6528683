#pragma once

#include <caf/atom.hpp>
#include <caf/error.hpp>
#include <caf/expected.hpp>

#include <otpnet/net/errc.hpp>

namespace otpnet {

/// Makes `caf::error{errc::closed}` and `err == errc::closed` work: otpnet's
/// errors are CAF errors of the category "otpnet" whose code is the errc.
inline caf::error make_error(errc e) {
  return caf::error{static_cast<uint8_t>(e), caf::atom("otpnet")};
}

/// The errc of an otpnet error; errc::ok for no error. Errors of other
/// categories map to the nearest reason (a dead socket actor is `closed`).
errc errc_of(const caf::error& err) noexcept;

} // namespace otpnet
