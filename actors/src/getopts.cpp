#include "getopts.hpp"

#include "otpnet/error.hpp"
#include "otpnet/net/get_option.hpp"
#include "otpnet/net/normalize_options.hpp"

#include "active_option.hpp"

namespace otpnet {

namespace {

// A raw request's getsockopt: nullopt when the kernel refuses it, which
// leaves it out of the answer (spec: "If the operating system fails to
// support an option, it is left out").
template <class Transport>
std::optional<inet::option> get_raw(const Transport* tr,
                                    const inet::raw_request& req) {
  if (tr == nullptr)
    return std::nullopt;
  auto buffer = req.input ? *req.input
                          : std::string(static_cast<size_t>(req.size), '\0');
  auto bytes = tr->get_raw(static_cast<int>(req.protocol),
                           static_cast<int>(req.option_num), std::move(buffer));
  if (!bytes)
    return std::nullopt;
  return inet::raw{req.protocol, req.option_num, std::move(*bytes)};
}

template <class Transport, class Override>
caf::expected<std::vector<inet::option>>
collect(const net::socket_options& opts, const Transport* tr,
        const std::vector<inet::socket_getopt>& items, Override override_fn) {
  // Every item is checked before any is read: a bad one fails the call.
  for (const auto& item : items) {
    auto* name = std::get_if<inet::option_name>(&item);
    auto err = name ? (net::allowed(net::option_operation::getopts, *name)
                         ? errc::ok
                         : errc::einval)
                    : net::check_raw_request(std::get<inet::raw_request>(item));
    if (err != errc::ok)
      return make_error(err);
  }
  std::vector<inet::option> out;
  out.reserve(items.size());
  for (const auto& item : items) {
    if (auto* req = std::get_if<inet::raw_request>(&item)) {
      if (auto value = get_raw(tr, *req))
        out.push_back(std::move(*value));
      continue;
    }
    auto name = std::get<inet::option_name>(item);
    // An option the socket does not have (tclass on IPv4, nodelay on a
    // local socket...): left out of the list, as OTP 25 does, rather than
    // failing the call.
    if (net::left_out(opts, name))
      continue;
    // The live value where the kernel keeps one, otherwise the record's.
    if (auto live = override_fn(name)) {
      out.push_back(std::move(*live));
      continue;
    }
    auto value = net::get_option(opts, name);
    if (!value)
      return make_error(errc::einval);
    out.push_back(std::move(*value));
  }
  return out;
}

} // namespace

namespace {

// Whether every named item is an option of the socket's protocol.
bool all_allowed(const std::vector<inet::socket_getopt>& items,
                 bool (*allowed)(inet::option_name) noexcept) {
  for (const auto& item : items)
    if (auto* name = std::get_if<inet::option_name>(&item))
      if (!allowed(*name))
        return false;
  return true;
}

/// The kernel's value of tos, priority, tclass, ttl, ipv6_v6only, pktoptions
/// or the
/// multicast options, as OTP reads them; einval (the record answers) for
/// other names and where the transport has no kernel behind it.
template <class Transport>
net::result<inet::option> kernel_value(const Transport* tr,
                                       inet::option_name name) {
  switch (name) {
    case inet::option_name::tos:
    case inet::option_name::priority:
    case inet::option_name::tclass:
    case inet::option_name::ttl:
    case inet::option_name::ipv6_v6only:
    case inet::option_name::pktoptions:
    case inet::option_name::multicast_if:
    case inet::option_name::multicast_loop:
    case inet::option_name::multicast_ttl:
      if (tr == nullptr)
        return errc::einval;
      return tr->kernel_option(name);
    default:
      return errc::einval;
  }
}

/// The live values: the active state, the kernel's buffer sizes and the
/// options kernel_value reads.
template <class Transport>
caf::expected<std::vector<inet::option>>
live_getopts(const net::socket_options& opts, const net::active_mode& active,
             const Transport* tr,
             const std::vector<inet::socket_getopt>& names) {
  return collect(opts, tr, names,
                 [&](inet::option_name name) -> net::result<inet::option> {
                   switch (name) {
                     case inet::option_name::active:
                       return inet::option{active_of(active)};
                     case inet::option_name::recbuf:
                       if (auto n = tr->recbuf())
                         return inet::option{
                           inet::recbuf{static_cast<int64_t>(*n)}};
                       return errc::einval;
                     case inet::option_name::sndbuf:
                       if (auto n = tr->sndbuf())
                         return inet::option{
                           inet::sndbuf{static_cast<int64_t>(*n)}};
                       return errc::einval;
                     default:
                       return kernel_value(tr, name);
                   }
                 });
}

} // namespace

caf::expected<std::vector<inet::option>>
getopts_of(const net::socket_options& opts, const net::active_mode& active,
           const stream_transport* tr,
           const std::vector<inet::socket_getopt>& names) {
  if (!all_allowed(names, net::tcp_allowed))
    return make_error(errc::einval);
  return live_getopts(opts, active, tr, names);
}

caf::expected<std::vector<inet::option>>
udp_getopts_of(const net::socket_options& opts, const net::active_mode& active,
               const datagram_transport* tr,
               const std::vector<inet::socket_getopt>& names) {
  if (!all_allowed(names, net::udp_allowed))
    return make_error(errc::einval);
  return live_getopts(opts, active, tr, names);
}

caf::expected<std::vector<inet::option>>
listen_getopts_of(const net::socket_options& opts,
                  const listen_transport* tr,
                  const std::vector<inet::socket_getopt>& names) {
  if (!all_allowed(names, net::tcp_allowed))
    return make_error(errc::einval);
  // A listen socket has buffers too (its connections start with them):
  // read from the kernel, as OTP 25 answers them.
  return collect(opts, tr, names,
                 [tr](inet::option_name name) -> net::result<inet::option> {
                   if (name == inet::option_name::recbuf
                       || name == inet::option_name::sndbuf)
                     return tr->kernel_option(name);
                   return kernel_value(tr, name);
                 });
}

} // namespace otpnet
