#include "otpnet/error.hpp"

#include <caf/sec.hpp>

namespace otpnet {

errc errc_of(const caf::error& err) noexcept {
  if (!err)
    return errc::ok;
  if (err.category() == caf::atom("otpnet"))
    return static_cast<errc>(err.code());
  if (err.category() == caf::atom("system")) {
    switch (static_cast<caf::sec>(err.code())) {
      case caf::sec::request_receiver_down:
        // The socket's actor is gone: the socket is closed.
        return errc::closed;
      case caf::sec::request_timeout:
        return errc::timeout;
      case caf::sec::unexpected_message:
        return errc::einval;
      default:
        break;
    }
  }
  return errc::einval;
}

} // namespace otpnet
