// inet:format_error/1: a diagnostic text for every errc.
//
// Thread safety: pure; may be called concurrently.

#pragma once

#include <string>

#include "otpnet/net/errc.hpp"

namespace otpnet::inet {

/// The spec's text for a POSIX reason ("Connection refused" for
/// econnrefused; the markdown backticks of two entries are dropped, e.g.
/// enotty -> "Inappropriate device for ioctl"). The non-POSIX reasons read:
/// ok "no error", closed "closed", timeout "timeout", not_owner "not owner",
/// badarg "bad argument", system_limit "a system limit was hit", nosock "no
/// such socket". An out-of-range value yields "unknown POSIX error".
std::string format_error(errc e);

} // namespace otpnet::inet
