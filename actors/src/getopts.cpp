#include "getopts.hpp"

#include "otpnet/error.hpp"
#include "otpnet/net/get_option.hpp"
#include "otpnet/net/normalize_options.hpp"

#include "active_option.hpp"

namespace otpnet {

namespace {

template <class Override>
caf::expected<std::vector<inet::option>>
collect(const net::socket_options& opts,
        const std::vector<inet::option_name>& names, Override override_fn) {
  std::vector<inet::option> out;
  out.reserve(names.size());
  for (auto name : names) {
    if (!net::allowed(net::option_operation::getopts, name))
      return make_error(errc::einval);
    if (auto special = override_fn(name)) {
      out.push_back(std::move(*special));
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

/// The live values: the active state, the kernel's buffer sizes and
/// traffic class.
template <class Transport>
caf::expected<std::vector<inet::option>>
live_getopts(const net::socket_options& opts, const net::active_mode& active,
             const Transport* tr,
             const std::vector<inet::option_name>& names) {
  return collect(opts, names,
                 [&](inet::option_name name) -> std::optional<inet::option> {
                   switch (name) {
                     case inet::option_name::active:
                       return inet::option{active_of(active)};
                     case inet::option_name::recbuf:
                       if (auto n = tr->recbuf())
                         return inet::option{
                           inet::recbuf{static_cast<int64_t>(*n)}};
                       return std::nullopt;
                     case inet::option_name::sndbuf:
                       if (auto n = tr->sndbuf())
                         return inet::option{
                           inet::sndbuf{static_cast<int64_t>(*n)}};
                       return std::nullopt;
                     case inet::option_name::tclass: // the kernel's, as OTP
                       if (auto n = tr->tclass())
                         return inet::option{inet::tclass{*n}};
                       return std::nullopt;
                     default:
                       return std::nullopt;
                   }
                 });
}

} // namespace

caf::expected<std::vector<inet::option>>
getopts_of(const net::socket_options& opts, const net::active_mode& active,
           const stream_transport* tr,
           const std::vector<inet::option_name>& names) {
  for (auto name : names)
    if (!net::tcp_allowed(name))
      return make_error(errc::einval);
  return live_getopts(opts, active, tr, names);
}

caf::expected<std::vector<inet::option>>
udp_getopts_of(const net::socket_options& opts, const net::active_mode& active,
               const datagram_transport* tr,
               const std::vector<inet::option_name>& names) {
  for (auto name : names)
    if (!net::udp_allowed(name))
      return make_error(errc::einval);
  return live_getopts(opts, active, tr, names);
}

caf::expected<std::vector<inet::option>>
listen_getopts_of(const net::socket_options& opts,
                  const std::vector<inet::option_name>& names) {
  for (auto name : names)
    if (!net::tcp_allowed(name))
      return make_error(errc::einval);
  return collect(opts, names,
                 [](inet::option_name) -> std::optional<inet::option> {
                   return std::nullopt;
                 });
}

} // namespace otpnet
