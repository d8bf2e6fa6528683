#include <otpnet/net/get_option.hpp>

#include <otpnet/net/normalize_options.hpp>

namespace otpnet::net {

namespace {

template <class Option, class T>
std::optional<inet::option> maybe(const std::optional<T>& x) {
  if (!x)
    return std::nullopt;
  return Option{*x};
}

} // namespace

std::optional<inet::option> get_option(const socket_options& opts,
                                       inet::option_name name) {
  using inet::option_name;
  switch (name) {
    case option_name::active:
      return opts.active;
    case option_name::packet:
      return inet::packet{opts.packet};
    case option_name::packet_size:
      return inet::packet_size{opts.packet_size};
    case option_name::line_delimiter:
      return inet::line_delimiter{opts.line_delimiter};
    case option_name::mode:
      return inet::mode{opts.mode};
    case option_name::nodelay:
      return inet::nodelay{opts.nodelay};
    case option_name::keepalive:
      return inet::keepalive{opts.keepalive};
    case option_name::reuseaddr:
      return inet::reuseaddr{opts.reuseaddr};
    case option_name::backlog:
      return inet::backlog{opts.backlog};
    case option_name::recbuf:
      return maybe<inet::recbuf>(opts.recbuf);
    case option_name::sndbuf:
      return maybe<inet::sndbuf>(opts.sndbuf);
    case option_name::buffer:
      return inet::buffer{opts.buffer};
    case option_name::exit_on_close:
      return inet::exit_on_close{opts.exit_on_close};
    case option_name::high_watermark:
      return inet::high_watermark{opts.high_watermark};
    case option_name::low_watermark:
      return inet::low_watermark{opts.low_watermark};
    case option_name::high_msgq_watermark:
      return inet::high_msgq_watermark{opts.high_msgq_watermark};
    case option_name::low_msgq_watermark:
      return inet::low_msgq_watermark{opts.low_msgq_watermark};
    case option_name::send_timeout:
      if (opts.send_timeout)
        return inet::send_timeout{opts.send_timeout->count()};
      return inet::send_timeout{inet::infinity};
    case option_name::send_timeout_close:
      return inet::send_timeout_close{opts.send_timeout_close};
    case option_name::delay_send:
      return inet::delay_send{opts.delay_send};
    case option_name::linger:
      return opts.linger;
    case option_name::show_econnreset:
      return inet::show_econnreset{opts.show_econnreset};
    case option_name::ip:
      return maybe<inet::ip>(opts.ip);
    case option_name::ifaddr:
      if (opts.local_address)
        return inet::option{inet::ifaddr{*opts.local_address}};
      return maybe<inet::ifaddr>(opts.ip);
    case option_name::port:
      return inet::port{opts.port};
    case option_name::family:
      return inet::family{opts.family};
    case option_name::ipv6_v6only:
      return maybe<inet::ipv6_v6only>(opts.ipv6_v6only);
    case option_name::tos:
      return maybe<inet::tos>(opts.tos);
    case option_name::priority:
      return maybe<inet::priority>(opts.priority);
    case option_name::broadcast:
      return inet::broadcast{opts.broadcast};
    case option_name::dontroute:
      return inet::dontroute{opts.dontroute};
    case option_name::reuseport:
      return inet::reuseport{opts.reuseport};
    case option_name::keepidle:
      return maybe<inet::keepidle>(opts.keepidle);
    case option_name::keepintvl:
      return maybe<inet::keepintvl>(opts.keepintvl);
    case option_name::keepcnt:
      return maybe<inet::keepcnt>(opts.keepcnt);
    case option_name::nopush:
      return inet::nopush{opts.nopush};
    case option_name::user_timeout:
      return maybe<inet::user_timeout>(opts.user_timeout);
    case option_name::tclass:
      return maybe<inet::tclass>(opts.tclass);
    case option_name::reuseport_lb:
      return inet::reuseport_lb{opts.reuseport};
    case option_name::read_packets:
      return inet::read_packets{opts.read_packets};
    case option_name::bind_to_device:
      return inet::bind_to_device{opts.bind_to_device};
    case option_name::raw: // no value by name: getopts takes raw_requests
      return std::nullopt;
    case option_name::read_ahead:
      return inet::read_ahead{opts.read_ahead};
    case option_name::recvtos:
      return inet::recvtos{opts.recvtos};
    case option_name::recvttl:
      return inet::recvttl{opts.recvttl};
    case option_name::recvtclass:
      return inet::recvtclass{opts.recvtclass};
    case option_name::ttl:
      return maybe<inet::ttl>(opts.ttl);
    case option_name::pktoptions: // no kernel behind the record: no data
      return inet::pktoptions{};
    case option_name::add_membership: // actions, kept by the kernel
    case option_name::drop_membership:
      return std::nullopt;
    case option_name::multicast_if:
      return opts.multicast_if;
    case option_name::multicast_loop:
      return maybe<inet::multicast_loop>(opts.multicast_loop);
    case option_name::multicast_ttl:
      return maybe<inet::multicast_ttl>(opts.multicast_ttl);
    case option_name::exclusiveaddruse: // ignored on Linux: never set
      return inet::exclusiveaddruse{false};
    case option_name::header:
      return inet::header{opts.header};
    case option_name::deliver: // the only shape taken
      return inet::deliver{inet::deliver_kind::term};
    case option_name::netns: // unset: left_out
      if (!opts.netns)
        return std::nullopt;
      return inet::netns{*opts.netns};
  }
  return std::nullopt; // a value outside the enum
}

bool left_out(const socket_options& opts, inet::option_name name) noexcept {
  using inet::option_name;
  if (opts.family == inet::family_kind::local)
    return !local_allowed(name) || tcp_level(name);
  switch (name) {
    case option_name::tclass: // IPv6's options: an IPv4 socket has none
    case option_name::recvtclass:
    case option_name::ipv6_v6only:
      return opts.family != inet::family_kind::inet6;
    case option_name::netns:
      return !opts.netns;
    default:
      return false;
  }
}

} // namespace otpnet::net
