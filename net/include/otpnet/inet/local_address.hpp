// inet:local_address(): {local, File}, an address of the `local` family
// (AF_UNIX, Unix domain sockets).
//
// Thread safety: plain value type; all functions are pure.

#pragma once

#include <cstddef>
#include <string>

#include <otpnet/net/errc.hpp>

namespace otpnet::inet {

/// {local, File}. `path` is normally a file name ("/run/app.sock"); on
/// Linux one starting with a NUL byte is a name in the abstract namespace
/// (no file). Empty: an unnamed socket (a connecting socket's own address),
/// printed {local,<<>>} as OTP prints it.
struct local_address {
  std::string path;
};

inline bool operator==(const local_address& x, const local_address& y) {
  return x.path == y.path;
}

inline bool operator!=(const local_address& x, const local_address& y) {
  return !(x == y);
}

inline bool operator<(const local_address& x, const local_address& y) {
  return x.path < y.path;
}

/// The longest path the kernel takes: sun_path's 108 bytes, less the NUL
/// that ends a file name (an abstract name has none, but OTP 25 applies
/// the same bound to both, and so does otpnet).
inline constexpr size_t max_local_path = 107;

/// ok for a path a socket can bind or connect to; einval for an empty one
/// or one longer than max_local_path (OTP: badarg), or for a file name with
/// a NUL inside (the kernel would cut it there, naming another file).
errc check_local_path(const std::string& path) noexcept;

/// {local,<<"/run/app.sock">>}, the term OTP prints.
std::string to_term(const local_address& addr);

} // namespace otpnet::inet
