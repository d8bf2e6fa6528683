#include "active_option.hpp"

namespace otpnet {

bool apply_active(net::active_mode& mode, const inet::active& value) {
  switch (value.kind) {
    case inet::active_kind::passive:
      mode.set_false();
      return false;
    case inet::active_kind::always:
      mode.set_true();
      return false;
    case inet::active_kind::once:
      mode.set_once();
      return false;
    case inet::active_kind::n:
      // Normalisation already checked the range.
      return mode.add(static_cast<int>(value.n));
  }
  return false;
}

bool active_values_ok(net::active_mode mode,
                      const std::vector<inet::active>& values) {
  for (auto& v : values) {
    if (v.kind == inet::active_kind::n
        && (v.n < net::active_mode::min_n || v.n > net::active_mode::max_n
            || !mode.accepts(static_cast<int>(v.n))))
      return false;
    apply_active(mode, v);
  }
  return true;
}

inet::active active_of(const net::active_mode& mode) {
  switch (mode.current()) {
    case net::active_mode::kind::passive:
      return inet::active{false};
    case net::active_mode::kind::always:
      return inet::active{true};
    case net::active_mode::kind::once:
      return inet::active{inet::once};
    case net::active_mode::kind::count:
      return inet::active{mode.count()};
  }
  return inet::active{false};
}

net::packet_limits limits_of(const net::socket_options& opts) {
  net::packet_limits lim;
  lim.packet_size = opts.packet_size;
  lim.line_delimiter = opts.line_delimiter;
  lim.buffer = opts.buffer;
  return lim;
}

} // namespace otpnet
