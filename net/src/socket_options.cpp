#include <otpnet/net/socket_options.hpp>

#include <tuple>

namespace otpnet::net {

namespace {

auto as_tuple(const socket_options& x) {
  return std::tie(x.active, x.packet, x.packet_size, x.header,
                  x.line_delimiter, x.mode, x.nodelay, x.keepalive,
                  x.reuseaddr, x.backlog, x.recbuf,
                  x.sndbuf, x.buffer, x.exit_on_close, x.high_watermark,
                  x.low_watermark, x.high_msgq_watermark,
                  x.low_msgq_watermark, x.send_timeout, x.send_timeout_close,
                  x.delay_send, x.linger, x.show_econnreset, x.ip,
                  x.local_address, x.port,
                  x.family, x.ipv6_v6only, x.tos, x.priority, x.broadcast,
                  x.dontroute, x.reuseport, x.keepidle, x.keepintvl,
                  x.keepcnt, x.nopush, x.user_timeout, x.tclass,
                  x.read_packets, x.bind_to_device, x.raw, x.read_ahead,
                  x.recvtos, x.recvttl, x.recvtclass, x.ttl, x.multicast_if,
                  x.multicast_loop, x.multicast_ttl, x.memberships,
                  x.netns);
}

} // namespace

bool operator==(const socket_options& x, const socket_options& y) noexcept {
  return as_tuple(x) == as_tuple(y);
}

bool operator!=(const socket_options& x, const socket_options& y) noexcept {
  return !(x == y);
}

} // namespace otpnet::net
