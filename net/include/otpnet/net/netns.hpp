// {netns, Namespace}: creating descriptors in another network namespace.
// The calling thread enters the namespace with setns(2), runs the function
// that creates them, and returns to its own namespace, as OTP's inet_drv
// does around socket(2). A descriptor stays in the namespace it was
// created in. Linux only; needs CAP_SYS_ADMIN.
//
// Thread safety: affects only the calling thread, and only for the call.
#pragma once

#include <functional>
#include <string>

#include <otpnet/net/errc.hpp>

namespace otpnet::net {

/// Runs `create` in the network namespace of the file at `path` (e.g.
/// "/var/run/netns/NAME" or "/proc/PID/ns/net") and returns its result.
/// Errors before it runs: opening `path` (enoent, eacces...), then
/// setns(2) (einval: not a network namespace; eperm: not privileged).
errc in_netns(const std::string& path, const std::function<errc()>& create);

} // namespace otpnet::net
