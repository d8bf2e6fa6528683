#pragma once

#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include <caf/allowed_unsafe_message_type.hpp>
#include <caf/detail/stringification_inspector.hpp>
#include <caf/meta/type_name.hpp>

#include <otpnet/inet/ancillary_data.hpp>
#include <otpnet/inet/ip_address.hpp>
#include <otpnet/inet/parse_address.hpp>
#include <otpnet/net/binary.hpp>
#include <otpnet/net/errc.hpp>
#include <otpnet/net/http_packet.hpp>
#include <otpnet/socket.hpp>

/// The messages a socket sends to its controlling actor (Erlang's
/// `{tcp, S, Data}`, `{tcp_closed, S}`, `{tcp_error, S, Reason}`,
/// `{tcp_passive, S}`, and for UDP `{udp, S, IP, Port, Data}`,
/// `{udp_passive, S}`, `{udp_error, S, Reason}`) and to monitoring actors
/// (`{'DOWN', Ref, ...}`).
/// Their CAF type names are the Erlang tags, so to_string prints what an
/// Erlang user expects.

namespace otpnet {

namespace detail {

/// Inspects `x` as a string: `to_text(x)` when CAF reads it (printing),
/// `x = from_text(string)` when it writes it. Within one process messages
/// are never serialised, so the copy happens only for printing.
template <class Inspector, class T, class ToText, class FromText>
typename Inspector::result_type inspect_as_text(Inspector& f, T& x,
                                                ToText to_text,
                                                FromText from_text) {
  if constexpr (Inspector::reads_state) {
    std::string tmp = to_text(x);
    return f(tmp);
  } else {
    std::string tmp;
    auto res = f(tmp);
    x = from_text(std::move(tmp));
    return res;
  }
}

} // namespace detail

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, binary& x) {
  // A binary travels as its bytes.
  return detail::inspect_as_text(
    f, x, [](const binary& b) { return b.to_string(); },
    [](std::string s) { return binary{std::move(s)}; });
}

/// `{tcp, Socket, Data}`: one packet (header stripped for packet 1|2|4).
struct tcp_msg {
  otpnet::socket socket;
  binary data;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, tcp_msg& x) {
  return f(caf::meta::type_name("tcp"), x.socket, x.data);
}

namespace net {

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, http_packet& x) {
  // Printed as the Erlang term; a deserialised one could only carry that
  // text.
  return otpnet::detail::inspect_as_text(
    f, x, [](const http_packet& p) { return to_string(p); },
    [](std::string s) { return http_packet{http_error{std::move(s)}}; });
}

} // namespace net

/// `{http, Socket, HttpPacket}`: what a {packet, http | http_bin | httph |
/// httph_bin} socket delivers instead of tcp_msg (one line of the request
/// or response head, decoded). End of stream and errors are still
/// tcp_closed_msg and tcp_error_msg, as in Erlang.
struct http_msg {
  otpnet::socket socket;
  net::http_packet packet;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, http_msg& x) {
  return f(caf::meta::type_name("http"), x.socket, x.packet);
}

/// `{tcp_closed, Socket}`.
struct tcp_closed_msg {
  otpnet::socket socket;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, tcp_closed_msg& x) {
  return f(caf::meta::type_name("tcp_closed"), x.socket);
}

/// `{tcp_error, Socket, Reason}`.
struct tcp_error_msg {
  otpnet::socket socket;
  errc reason;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, tcp_error_msg& x) {
  return f(caf::meta::type_name("tcp_error"), x.socket, x.reason);
}

/// `{tcp_passive, Socket}`: an {active, N} count reached 0.
struct tcp_passive_msg {
  otpnet::socket socket;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, tcp_passive_msg& x) {
  return f(caf::meta::type_name("tcp_passive"), x.socket);
}

namespace inet {

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, ip_address& x) {
  // Printed as text ("127.0.0.1"); a deserialised one parses it back.
  return otpnet::detail::inspect_as_text(
    f, x, [](const ip_address& a) { return ntoa(a); },
    [](std::string s) {
      auto a = parse_address(s);
      return a ? *a : ip_address{};
    });
}

} // namespace inet

/// `{udp, Socket, IP, InPortNo, Packet}`: one datagram and its sender; or,
/// while the socket has {recvtos | recvttl | recvtclass, true},
/// `{udp, Socket, IP, InPortNo, AncData, Packet}` with `ancillary` set (to
/// a list that may be empty: an IPv6 datagram brings no TOS, for one).
struct udp_msg {
  otpnet::socket socket;
  inet::ip_address ip;
  uint16_t port = 0;
  binary data;
  /// nullopt: none of the recv* options was on (Erlang's 5-tuple).
  std::optional<inet::ancillary_data> ancillary;
  /// Set when the sender is a local (AF_UNIX) socket: Erlang's {udp,
  /// Socket, {local, File}, 0, Packet}; `ip` and `port` are then unused.
  /// The file is empty for an unnamed sender.
  std::shared_ptr<const inet::local_address> local;

  udp_msg() = default;

  udp_msg(otpnet::socket s, const inet::socket_address& from, binary bytes,
          std::optional<inet::ancillary_data> anc)
    : socket(std::move(s)),
      ip(from.addr),
      port(from.port),
      data(std::move(bytes)),
      ancillary(anc),
      local(from.local) {
    // nop
  }

  /// The sender as a socket_address ({IP, Port} or {local, File}).
  inet::socket_address from() const {
    return inet::socket_address{ip, port, local};
  }

  // A constructor rather than an aggregate, so that the four-field form of
  // earlier versions still compiles without missing-initializer warnings.
  udp_msg(otpnet::socket s, inet::ip_address from, uint16_t from_port,
          binary bytes,
          std::optional<inet::ancillary_data> anc = std::nullopt)
    : socket(std::move(s)),
      ip(from),
      port(from_port),
      data(std::move(bytes)),
      ancillary(anc) {
    // nop
  }
};

namespace detail {

/// The optional ancillary list as one field for CAF's serialisers: a
/// presence byte, then (kind, value) byte pairs.
inline std::string
ancillary_to_bytes(const std::optional<inet::ancillary_data>& x) {
  std::string out;
  if (!x)
    return out;
  out += '\1';
  for (const auto& item : *x) {
    out += static_cast<char>(item.kind);
    out += static_cast<char>(item.value);
  }
  return out;
}

inline std::optional<inet::ancillary_data>
ancillary_from_bytes(const std::string& bytes) {
  if (bytes.empty())
    return std::nullopt;
  inet::ancillary_data out;
  for (size_t i = 1; i + 1 < bytes.size(); i += 2) {
    auto kind = static_cast<uint8_t>(bytes[i]);
    if (kind <= static_cast<uint8_t>(inet::ancillary_kind::tclass))
      out.set(static_cast<inet::ancillary_kind>(kind),
              static_cast<uint8_t>(bytes[i + 1]));
  }
  return out;
}

} // namespace detail

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, udp_msg& x) {
  if constexpr (std::is_same_v<Inspector,
                               caf::detail::stringification_inspector>) {
    // Printed as Erlang shows it: the 6-tuple only with ancillary data,
    // a local sender as {local,<<"File">>} with port 0.
    if (x.local) {
      auto from = inet::to_term(*x.local);
      if (x.ancillary)
        return f(caf::meta::type_name("udp"), x.socket, from, x.port,
                 *x.ancillary, x.data);
      return f(caf::meta::type_name("udp"), x.socket, from, x.port, x.data);
    }
    if (x.ancillary)
      return f(caf::meta::type_name("udp"), x.socket, x.ip, x.port,
               *x.ancillary, x.data);
    return f(caf::meta::type_name("udp"), x.socket, x.ip, x.port, x.data);
  } else if constexpr (Inspector::reads_state) {
    // A serialiser writes the same fields either way; a local sender as a
    // presence byte and its file.
    auto anc = detail::ancillary_to_bytes(x.ancillary);
    auto local = x.local ? '\1' + x.local->path : std::string{};
    return f(caf::meta::type_name("udp"), x.socket, x.ip, x.port, anc,
             local, x.data);
  } else {
    std::string anc;
    std::string local;
    auto res = f(caf::meta::type_name("udp"), x.socket, x.ip, x.port, anc,
                 local, x.data);
    x.ancillary = detail::ancillary_from_bytes(anc);
    x.local = local.empty() ? nullptr
                            : std::make_shared<const inet::local_address>(
                              inet::local_address{local.substr(1)});
    return res;
  }
}

/// `{udp_passive, Socket}`: a UDP socket's {active, N} count reached 0.
struct udp_passive_msg {
  otpnet::socket socket;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, udp_passive_msg& x) {
  return f(caf::meta::type_name("udp_passive"), x.socket);
}

/// `{udp_error, Socket, Reason}`: an error the kernel reported for an
/// active UDP socket (econnrefused after sending to a connected peer's
/// closed port). The socket stays open.
struct udp_error_msg {
  otpnet::socket socket;
  errc reason;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, udp_error_msg& x) {
  return f(caf::meta::type_name("udp_error"), x.socket, x.reason);
}

namespace inet {

/// What `inet::monitor` returns; pass it to `inet::cancel_monitor`.
struct monitor_ref {
  uint64_t id = 0;
  otpnet::socket socket;

  friend bool operator==(const monitor_ref& x, const monitor_ref& y) {
    return x.id == y.id;
  }
  friend bool operator!=(const monitor_ref& x, const monitor_ref& y) {
    return x.id != y.id;
  }
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, monitor_ref& x) {
  return f(caf::meta::type_name("monitor_ref"), x.id, x.socket);
}

} // namespace inet

/// `{'DOWN', MonitorRef, port, Socket, Info}`: the monitored socket closed.
/// `info` is `closed` for an orderly close (by either side or because the
/// owner died), the error that closed it otherwise, and `nosock` when the
/// socket did not exist any more when `inet::monitor` was called.
struct inet_down_msg {
  inet::monitor_ref ref;
  otpnet::socket socket;
  errc info;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, inet_down_msg& x) {
  return f(caf::meta::type_name("DOWN"), x.ref, x.socket, x.info);
}

} // namespace otpnet
