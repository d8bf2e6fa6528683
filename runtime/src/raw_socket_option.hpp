// inet's {raw, Protocol, OptionNum, Value}: setsockopt(2) and getsockopt(2)
// on a descriptor, with the bytes exactly as the user gave them. Shared by
// every Asio transport (stream, listen, datagram).

#pragma once

#include <string>
#include <vector>

#include "otpnet/inet/options.hpp"
#include "otpnet/net/errc.hpp"
#include "otpnet/net/result.hpp"

namespace otpnet::detail {

/// setsockopt(fd, opt.protocol, opt.option_num, opt.value): ok or the
/// kernel's error. The numbers were checked to fit an int (normalisation).
errc set_raw_option(int fd, const inet::raw& opt);

/// getsockopt(fd, level, num) into `buffer` (its size is the room, its
/// bytes the input some options read): the buffer cut to the length the
/// kernel wrote, or the kernel's error.
net::result<std::string> get_raw_option(int fd, int level, int num,
                                        std::string buffer);

/// Sets every raw option of `opts` in order; the first refusal stops.
errc set_raw_options(int fd, const std::vector<inet::raw>& opts);

} // namespace otpnet::detail
