#include <otpnet/net/normalize_options.hpp>

#include <algorithm>
#include <limits>
#include <string>

namespace otpnet::net {

namespace {

using inet::option_name;

constexpr int64_t int32_max = std::numeric_limits<int32_t>::max();

// IFNAMSIZ - 1 on Linux (net/if.h is not included in this pure layer).
constexpr size_t max_ifname = 15;

bool in_range(int64_t x, int64_t lo, int64_t hi) {
  return x >= lo && x <= hi;
}

bool fits_int(int64_t x) {
  return in_range(x, std::numeric_limits<int32_t>::min(), int32_max);
}

// Applies one option to `out`. Each operator() validates first and writes
// only on success; the caller discards `out` on error, so a rejected list
// never leaks half its values.
class applier {
public:
  applier(socket_options& out, std::vector<inet::active>* active_log,
          std::vector<inet::raw>* raw_log,
          std::vector<membership_change>* membership_log)
    : out_(out),
      active_log_(active_log),
      raw_log_(raw_log),
      membership_log_(membership_log) {
    // nop
  }

  errc operator()(const inet::active& x) {
    if (x.kind == inet::active_kind::n && !in_range(x.n, -32768, 32767))
      return errc::einval;
    if (active_log_ != nullptr)
      active_log_->push_back(x);
    else
      out_.active = x;
    return errc::ok;
  }

  errc operator()(const inet::packet& x) {
    // An unsupported type (HTTP) is refused here rather than accepted and
    // then failing every stream on its first byte.
    if (!x.valid || !net::is_supported(x.type))
      return errc::einval;
    out_.packet = x.type;
    return errc::ok;
  }

  errc operator()(const inet::packet_size& x) {
    return set_u32(x.value, out_.packet_size);
  }

  errc operator()(const inet::line_delimiter& x) {
    if (!in_range(x.value, 0, 255))
      return errc::einval;
    out_.line_delimiter = static_cast<uint8_t>(x.value);
    return errc::ok;
  }

  errc operator()(const inet::mode& x) {
    if (x.value != inet::mode_kind::binary && x.value != inet::mode_kind::list)
      return errc::einval;
    out_.mode = x.value;
    return errc::ok;
  }

  errc operator()(const inet::nodelay& x) {
    out_.nodelay = x.value;
    return errc::ok;
  }

  errc operator()(const inet::keepalive& x) {
    out_.keepalive = x.value;
    return errc::ok;
  }

  errc operator()(const inet::reuseaddr& x) {
    out_.reuseaddr = x.value;
    return errc::ok;
  }

  errc operator()(const inet::backlog& x) {
    return set_size(x.value, 0, out_.backlog);
  }

  errc operator()(const inet::recbuf& x) {
    if (auto err = set_optional(x.value, 0, out_.recbuf); err != errc::ok)
      return err;
    // Spec: "val(buffer) is automatically set to the above maximum when
    // recbuf is set"; a later explicit {buffer, _} still wins.
    out_.buffer = std::max(out_.buffer, *out_.recbuf);
    return errc::ok;
  }

  errc operator()(const inet::sndbuf& x) {
    return set_optional(x.value, 0, out_.sndbuf);
  }

  errc operator()(const inet::buffer& x) {
    if (auto err = set_size(x.value, 0, out_.buffer); err != errc::ok)
      return err;
    out_.buffer = std::max<uint32_t>(out_.buffer, 1); // inet_drv's minimum
    return errc::ok;
  }

  errc operator()(const inet::exit_on_close& x) {
    out_.exit_on_close = x.value;
    return errc::ok;
  }

  // The four watermark setters keep low <= high the way inet_drv (socket
  // pair) and erl_drv_busy_msgq_limits (msgq pair) do: the option just set
  // wins and drags the other mark along.
  errc operator()(const inet::high_watermark& x) {
    return set_high(x.value, 0, out_.high_watermark, out_.low_watermark);
  }

  errc operator()(const inet::low_watermark& x) {
    return set_low(x.value, 0, out_.low_watermark, out_.high_watermark);
  }

  errc operator()(const inet::high_msgq_watermark& x) {
    return set_high(x.value, 1, out_.high_msgq_watermark,
                    out_.low_msgq_watermark);
  }

  errc operator()(const inet::low_msgq_watermark& x) {
    return set_low(x.value, 1, out_.low_msgq_watermark,
                   out_.high_msgq_watermark);
  }

  errc operator()(const inet::send_timeout& x) {
    if (!x.ms) {
      out_.send_timeout = std::nullopt;
      return errc::ok;
    }
    if (!in_range(*x.ms, 0, int32_max))
      return errc::einval;
    out_.send_timeout = std::chrono::milliseconds{*x.ms};
    return errc::ok;
  }

  errc operator()(const inet::send_timeout_close& x) {
    out_.send_timeout_close = x.value;
    return errc::ok;
  }

  errc operator()(const inet::delay_send& x) {
    out_.delay_send = x.value;
    return errc::ok;
  }

  errc operator()(const inet::linger& x) {
    if (!in_range(x.seconds, 0, int32_max))
      return errc::einval;
    out_.linger = x;
    return errc::ok;
  }

  errc operator()(const inet::show_econnreset& x) {
    out_.show_econnreset = x.value;
    return errc::ok;
  }

  errc operator()(const inet::ip& x) {
    set_ip(x.value);
    return errc::ok;
  }

  errc operator()(const inet::ifaddr& x) {
    if (auto* local = std::get_if<inet::local_address>(&x.value)) {
      if (auto err = inet::check_local_path(local->path); err != errc::ok)
        return err;
      out_.ip.reset();
      out_.local_address = *local;
      ip_family_ = inet::family_kind::local;
      return errc::ok;
    }
    set_ip(std::get<inet::ip_address>(x.value));
    return errc::ok;
  }

  errc operator()(const inet::port& x) {
    if (!in_range(x.value, 0, 65535))
      return errc::einval;
    out_.port = static_cast<uint16_t>(x.value);
    return errc::ok;
  }

  errc operator()(const inet::family& x) {
    if (x.value != inet::family_kind::inet
        && x.value != inet::family_kind::inet6
        && x.value != inet::family_kind::local)
      return errc::einval;
    explicit_family_ = x.value;
    return errc::ok;
  }

  errc operator()(const inet::ipv6_v6only& x) {
    out_.ipv6_v6only = x.value;
    return errc::ok;
  }

  errc operator()(const inet::tos& x) {
    return set_optional(x.value, 0, out_.tos);
  }

  errc operator()(const inet::priority& x) {
    return set_optional(x.value, 0, out_.priority);
  }

  errc operator()(const inet::broadcast& x) {
    out_.broadcast = x.value;
    return errc::ok;
  }

  errc operator()(const inet::dontroute& x) {
    out_.dontroute = x.value;
    return errc::ok;
  }

  errc operator()(const inet::reuseport& x) {
    out_.reuseport = x.value;
    return errc::ok;
  }

  // Seconds or probes, at least 1; the kernel's own upper limits (32767
  // seconds, 127 probes on Linux) make setting the option fail: einval.
  errc operator()(const inet::keepidle& x) {
    return set_optional(x.value, 1, out_.keepidle);
  }

  errc operator()(const inet::keepintvl& x) {
    return set_optional(x.value, 1, out_.keepintvl);
  }

  errc operator()(const inet::keepcnt& x) {
    return set_optional(x.value, 1, out_.keepcnt);
  }

  errc operator()(const inet::nopush& x) {
    out_.nopush = x.value;
    return errc::ok;
  }

  // Milliseconds, 0 (the OS default) up; the kernel refuses negatives.
  errc operator()(const inet::user_timeout& x) {
    return set_optional(x.value, 0, out_.user_timeout);
  }

  // The kernel's range (OTP 25 passes the value through and answers the
  // kernel's EINVAL): a byte, or -1 for the default.
  errc operator()(const inet::tclass& x) {
    if (!in_range(x.value, -1, 255))
      return errc::einval;
    out_.tclass = static_cast<int32_t>(x.value);
    return errc::ok;
  }

  // Linux has one SO_REUSEPORT for both (see socket_options::reuseport).
  errc operator()(const inet::reuseport_lb& x) {
    out_.reuseport = x.value;
    return errc::ok;
  }

  // At least one datagram per notification (OTP 25: 0 is einval).
  errc operator()(const inet::read_packets& x) {
    return set_size(x.value, 1, out_.read_packets);
  }

  // IFNAMSIZ - 1 bytes at most, no NUL: anything else is no interface name
  // (OTP 25: einval). Whether it exists is the kernel's to say.
  errc operator()(const inet::bind_to_device& x) {
    if (x.value.size() > max_ifname
        || x.value.find('\0') != std::string::npos)
      return errc::einval;
    out_.bind_to_device = x.value;
    return errc::ok;
  }

  // Windows only; the spec: silently ignored elsewhere.
  errc operator()(const inet::exclusiveaddruse&) {
    return errc::ok;
  }

  // Kept for getopts only: a C++ payload has no list head to split off.
  errc operator()(const inet::header& x) {
    return set_u32(x.value, out_.header);
  }

  // One message shape: term's (see inet::deliver).
  errc operator()(const inet::deliver& x) {
    return x.value == inet::deliver_kind::term ? errc::ok : errc::einval;
  }

  // A path with a NUL is no file name (the OS would read a prefix of it);
  // whether it names a namespace is the kernel's to say.
  errc operator()(const inet::netns& x) {
    if (x.value.find('\0') != std::string::npos)
      return errc::einval;
    out_.netns = x.value;
    return errc::ok;
  }

  errc operator()(const inet::read_ahead& x) {
    out_.read_ahead = x.value;
    return errc::ok;
  }

  errc operator()(const inet::raw& x) {
    if (!fits_int(x.protocol) || !fits_int(x.option_num)
        || x.value.size() > static_cast<size_t>(int32_max))
      return errc::einval;
    (raw_log_ != nullptr ? *raw_log_ : out_.raw).push_back(x);
    return errc::ok;
  }

  errc operator()(const inet::recvtos& x) {
    out_.recvtos = x.value;
    return errc::ok;
  }

  errc operator()(const inet::recvttl& x) {
    out_.recvttl = x.value;
    return errc::ok;
  }

  // Checked against the family once the list is applied (finish_family).
  errc operator()(const inet::recvtclass& x) {
    out_.recvtclass = x.value;
    recvtclass_given_ = true;
    return errc::ok;
  }

  // The kernel's range, as for tclass; 0 is no TTL (OTP 25: einval).
  errc operator()(const inet::ttl& x) {
    if (x.value != -1 && !in_range(x.value, 1, 255))
      return errc::einval;
    out_.ttl = static_cast<int32_t>(x.value);
    return errc::ok;
  }

  // Read-only (allow_row_of keeps it out of every list but getopts').
  errc operator()(const inet::pktoptions&) {
    return errc::einval;
  }

  errc operator()(const inet::add_membership& x) {
    return log_membership(x.value, x);
  }

  errc operator()(const inet::drop_membership& x) {
    return log_membership(x.value, x);
  }

  // An address (IPv4) or an interface index; the family is checked in
  // finish_family.
  errc operator()(const inet::multicast_if& x) {
    if (auto* index = std::get_if<int64_t>(&x.value);
        index && !in_range(*index, 0, int32_max))
      return errc::einval;
    out_.multicast_if = x;
    return errc::ok;
  }

  errc operator()(const inet::multicast_loop& x) {
    out_.multicast_loop = x.value;
    return errc::ok;
  }

  // The kernel's range (IP_MULTICAST_TTL and IPV6_MULTICAST_HOPS): a byte,
  // or -1 for the default.
  errc operator()(const inet::multicast_ttl& x) {
    if (!in_range(x.value, -1, 255))
      return errc::einval;
    out_.multicast_ttl = static_cast<int32_t>(x.value);
    return errc::ok;
  }

  // An optional setting of lo..INT32_MAX (buffers, counts, TOS...).
  template <class Int>
  static errc set_optional(int64_t v, int64_t lo, std::optional<Int>& out) {
    Int value = 0;
    if (auto err = set_size(v, lo, value); err != errc::ok)
      return err;
    out = value;
    return errc::ok;
  }

  // Resolves the family once the whole list is applied (see the header).
  errc finish_family() {
    if (explicit_family_)
      out_.family = *explicit_family_;
    else if (ip_family_)
      out_.family = *ip_family_;
    if (out_.ip && family_of(*out_.ip) != out_.family)
      return errc::einval;
    // A file to bind needs the local family, and the local family has no
    // port (OTP 25: badarg for `local` with inet6, or with {port, P}).
    if (out_.local_address && out_.family != inet::family_kind::local)
      return errc::einval;
    if (out_.family == inet::family_kind::local && out_.port != 0)
      return errc::einval;
    // IPV6_RECVTCLASS does not exist on an IPv4 socket: OTP 25 answers
    // einval for either value, at open and in setopts.
    if (recvtclass_given_ && out_.family != inet::family_kind::inet6)
      return errc::einval;
    // A group, or an interface address, of the other family: einval, as
    // in OTP 25 (an IPv6 socket's interface is an index).
    const auto& groups = membership_log_ != nullptr ? *membership_log_
                                                    : out_.memberships;
    for (const auto& change : groups) {
      const auto& m = group_of(change);
      if (family_of(m.multiaddr) != out_.family)
        return errc::einval;
    }
    if (out_.multicast_if) {
      auto* addr = std::get_if<inet::ip_address>(&out_.multicast_if->value);
      if (addr && (!addr->is_v4() || out_.family != inet::family_kind::inet))
        return errc::einval;
    }
    return errc::ok;
  }

private:
  // {Group, IfAddr} and {Group, IfAddr, IfIndex} for IPv4, {Group, IfIndex}
  // for IPv6; an index fits a C int.
  template <class Change>
  errc log_membership(const inet::membership& m, const Change& x) {
    if (m.multiaddr.is_v4()) {
      if (!m.interface || !m.interface->is_v4())
        return errc::einval;
    } else if (m.interface || !m.ifindex) {
      return errc::einval;
    }
    if (m.ifindex && !in_range(*m.ifindex, 0, int32_max))
      return errc::einval;
    (membership_log_ != nullptr ? *membership_log_ : out_.memberships)
      .push_back(x);
    return errc::ok;
  }

  static inet::family_kind family_of(const inet::ip_address& addr) {
    return addr.is_v6() ? inet::family_kind::inet6 : inet::family_kind::inet;
  }

  template <class Int>
  static errc set_size(int64_t value, int64_t lo, Int& dst) {
    if (!in_range(value, lo, int32_max))
      return errc::einval;
    dst = static_cast<Int>(value);
    return errc::ok;
  }

  // 0..2^32-1 (packet_size, header).
  static errc set_u32(int64_t value, uint32_t& dst) {
    if (!in_range(value, 0, std::numeric_limits<uint32_t>::max()))
      return errc::einval;
    dst = static_cast<uint32_t>(value);
    return errc::ok;
  }

  static errc set_high(int64_t value, int64_t lo, uint32_t& high,
                       uint32_t& low) {
    if (auto err = set_size(value, lo, high); err != errc::ok)
      return err;
    low = std::min(low, high);
    return errc::ok;
  }

  static errc set_low(int64_t value, int64_t lo, uint32_t& low,
                      uint32_t& high) {
    if (auto err = set_size(value, lo, low); err != errc::ok)
      return err;
    high = std::max(high, low);
    return errc::ok;
  }

  void set_ip(const inet::ip_address& addr) {
    out_.ip = addr;
    out_.local_address.reset();
    ip_family_ = family_of(addr);
  }

  socket_options& out_;
  std::vector<inet::active>* active_log_;
  std::vector<inet::raw>* raw_log_;
  std::vector<membership_change>* membership_log_;
  std::optional<inet::family_kind> explicit_family_;
  std::optional<inet::family_kind> ip_family_;
  bool recvtclass_given_ = false;
};

// The allow-lists, one column per option_operation.
struct allow_row {
  bool listen;
  bool connect;
  bool setopts;
  bool getopts;
};

constexpr allow_row allow_row_of(option_name name) {
  switch (name) {
    case option_name::backlog:
      return {true, false, false, false};
    case option_name::ip:
    case option_name::ifaddr:
    case option_name::port:
    case option_name::family:
      return {true, true, false, false};
    case option_name::ipv6_v6only: // readable, but fixed once bound
    case option_name::netns:       // where the socket was created
      return {true, true, false, true};
    case option_name::raw: // read with a raw_request, not by name
    case option_name::add_membership: // actions: nothing to read back
    case option_name::drop_membership:
      return {true, true, true, false};
    case option_name::pktoptions: // the kernel's, read only
      return {false, false, false, true};
    default:
      return {true, true, true, true};
  }
}

result<socket_options> normalize(option_operation op,
                                 const std::vector<inet::option>& opts,
                                 const socket_options& defaults,
                                 std::vector<inet::active>* active_log,
                                 std::vector<inet::raw>* raw_log,
                                 std::vector<membership_change>* groups) {
  socket_options out = defaults;
  applier apply{out, active_log, raw_log, groups};
  for (const auto& opt : opts) {
    if (!allowed(op, inet::name_of(opt)))
      return errc::einval;
    if (auto err = std::visit(apply, opt); err != errc::ok)
      return err;
  }
  if (auto err = apply.finish_family(); err != errc::ok)
    return err;
  if (out.family == inet::family_kind::local)
    for (const auto& opt : opts)
      if (!local_allowed(inet::name_of(opt)))
        return errc::einval;
  return out;
}

} // namespace

bool allowed(option_operation op, option_name name) noexcept {
  if (static_cast<size_t>(name) >= inet::option_name_count)
    return false;
  auto row = allow_row_of(name);
  switch (op) {
    case option_operation::listen:
      return row.listen;
    case option_operation::connect:
      return row.connect;
    case option_operation::setopts:
      return row.setopts;
    case option_operation::getopts:
      return row.getopts;
  }
  return false;
}


bool local_allowed(option_name name) noexcept {
  switch (name) {
    case option_name::tos:
    case option_name::ttl:
    case option_name::tclass:
    case option_name::recvtos:
    case option_name::recvttl:
    case option_name::recvtclass:
    case option_name::reuseport:
    case option_name::reuseport_lb:
    case option_name::ipv6_v6only:
    case option_name::pktoptions:
    case option_name::add_membership:
    case option_name::drop_membership:
    case option_name::multicast_if:
    case option_name::multicast_loop:
    case option_name::multicast_ttl:
      return false;
    default:
      return true;
  }
}

bool tcp_level(option_name name) noexcept {
  switch (name) {
    case option_name::nodelay:
    case option_name::nopush:
    case option_name::keepcnt:
    case option_name::keepidle:
    case option_name::keepintvl:
    case option_name::user_timeout:
      return true;
    default:
      return false;
  }
}

bool udp_allowed(option_name name) noexcept {
  switch (name) {
    case option_name::active:
    case option_name::mode:
    case option_name::reuseaddr:
    case option_name::recbuf:
    case option_name::sndbuf:
    case option_name::buffer:
    case option_name::high_msgq_watermark:
    case option_name::low_msgq_watermark:
    case option_name::ip:
    case option_name::ifaddr:
    case option_name::port:
    case option_name::family:
    case option_name::ipv6_v6only:
    case option_name::tos:
    case option_name::priority:
    case option_name::broadcast:
    case option_name::dontroute:
    case option_name::reuseport:
    case option_name::tclass:
    case option_name::reuseport_lb:
    case option_name::read_packets:
    case option_name::bind_to_device:
    case option_name::raw:
    case option_name::recvtos:
    case option_name::recvttl:
    case option_name::recvtclass:
    case option_name::ttl:
    case option_name::add_membership:
    case option_name::drop_membership:
    case option_name::multicast_if:
    case option_name::multicast_loop:
    case option_name::multicast_ttl:
    case option_name::netns:
    case option_name::exclusiveaddruse:
    case option_name::header:
    case option_name::deliver:
      return true;
    default:
      return false;
  }
}

bool tcp_allowed(option_name name) noexcept {
  switch (name) {
    case option_name::broadcast:
    case option_name::read_packets:
    case option_name::add_membership:
    case option_name::drop_membership:
    case option_name::multicast_if:
    case option_name::multicast_loop:
    case option_name::multicast_ttl:
      return false;
    default:
      return true;
  }
}

namespace {

bool all_tcp(const std::vector<inet::option>& opts) {
  return std::all_of(opts.begin(), opts.end(), [](const inet::option& o) {
    return tcp_allowed(inet::name_of(o));
  });
}

bool all_udp(const std::vector<inet::option>& opts) {
  return std::all_of(opts.begin(), opts.end(), [](const inet::option& o) {
    return udp_allowed(inet::name_of(o));
  });
}

result<setopts_delta> setopts_of(const socket_options& current,
                                 const std::vector<inet::option>& opts) {
  setopts_delta delta;
  auto next = normalize(option_operation::setopts, opts, current,
                        &delta.active, &delta.raw, &delta.memberships);
  if (!next)
    return next.error();
  delta.next = std::move(*next);
  return delta;
}

} // namespace

result<socket_options>
normalize_listen_options(const std::vector<inet::option>& opts,
                         const socket_options& defaults) {
  if (!all_tcp(opts))
    return errc::einval;
  return normalize(option_operation::listen, opts, defaults, nullptr,
                   nullptr, nullptr);
}

result<socket_options>
normalize_connect_options(const std::vector<inet::option>& opts,
                          const socket_options& defaults) {
  if (!all_tcp(opts))
    return errc::einval;
  return normalize(option_operation::connect, opts, defaults, nullptr,
                   nullptr, nullptr);
}

result<socket_options>
normalize_udp_options(const std::vector<inet::option>& opts,
                      const socket_options& defaults) {
  if (!all_udp(opts))
    return errc::einval;
  return normalize(option_operation::connect, opts, defaults, nullptr,
                   nullptr, nullptr);
}

errc check_raw_request(const inet::raw_request& req) noexcept {
  if (!fits_int(req.protocol) || !fits_int(req.option_num))
    return errc::einval;
  auto size = req.input ? static_cast<int64_t>(req.input->size()) : req.size;
  return in_range(size, 0, inet::max_raw_size) ? errc::ok : errc::einval;
}

result<setopts_delta> apply_setopts(const socket_options& current,
                                    const std::vector<inet::option>& opts) {
  if (!all_tcp(opts))
    return errc::einval;
  return setopts_of(current, opts);
}

result<setopts_delta> apply_udp_setopts(const socket_options& current,
                                        const std::vector<inet::option>& opts) {
  if (!all_udp(opts))
    return errc::einval;
  return setopts_of(current, opts);
}

} // namespace otpnet::net
