#include "raw_socket_option.hpp"

#include <sys/socket.h>

#include <algorithm>
#include <cerrno>

namespace otpnet::detail {

errc set_raw_option(int fd, const inet::raw& opt) {
  if (::setsockopt(fd, static_cast<int>(opt.protocol),
                   static_cast<int>(opt.option_num), opt.value.data(),
                   static_cast<socklen_t>(opt.value.size()))
      != 0)
    return errc_from_errno(errno);
  return errc::ok;
}

net::result<std::string> get_raw_option(int fd, int level, int num,
                                        std::string buffer) {
  auto len = static_cast<socklen_t>(buffer.size());
  if (::getsockopt(fd, level, num, buffer.data(), &len) != 0)
    return errc_from_errno(errno);
  // The kernel reports the option's own length, which a short buffer may
  // be below: what was written is the smaller of the two.
  buffer.resize(std::min<size_t>(buffer.size(), len));
  return buffer;
}

errc set_raw_options(int fd, const std::vector<inet::raw>& opts) {
  for (const auto& opt : opts)
    if (auto err = set_raw_option(fd, opt); err != errc::ok)
      return err;
  return errc::ok;
}

} // namespace otpnet::detail
