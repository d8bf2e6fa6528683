#include <otpnet/net/netns.hpp>

#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>

namespace otpnet::net {

namespace {

/// A descriptor closed when it goes.
struct fd_guard {
  int fd;
  ~fd_guard() {
    if (fd >= 0)
      ::close(fd);
  }
};

/// Takes the thread back to its own namespace when it goes, however
/// `create` left (an exception included).
struct return_home {
  int fd;
  ~return_home() {
    if (::setns(fd, CLONE_NEWNET) != 0) {
      // Left in the other namespace, this thread would create every later
      // socket there; having entered it, returning cannot fail short of a
      // broken kernel.
      std::perror("otpnet: setns back to the thread's own network "
                  "namespace");
      std::abort();
    }
  }
};

} // namespace

errc in_netns(const std::string& path, const std::function<errc()>& create) {
  fd_guard target{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (target.fd < 0)
    return errc_from_errno(errno);
  fd_guard home{::open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC)};
  if (home.fd < 0)
    return errc_from_errno(errno);
  if (::setns(target.fd, CLONE_NEWNET) != 0)
    return errc_from_errno(errno);
  return_home back{home.fd};
  return create();
}

} // namespace otpnet::net
