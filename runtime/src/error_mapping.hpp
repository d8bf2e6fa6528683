#pragma once

#include <boost/system/error_code.hpp>

#include "otpnet/net/errc.hpp"

namespace otpnet::detail {

/// The only place where Asio's error codes are seen: end of stream and
/// cancellation become `closed`, everything else its POSIX atom.
errc to_errc(const boost::system::error_code& ec);

} // namespace otpnet::detail
