#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <caf/actor.hpp>
#include <caf/expected.hpp>

#include <otpnet/error.hpp>
#include <otpnet/inet/ancillary_data.hpp>
#include <otpnet/inet/ip_address.hpp>
#include <otpnet/inet/options.hpp>
#include <otpnet/messages.hpp>
#include <otpnet/net/binary.hpp>
#include <otpnet/pending.hpp>
#include <otpnet/socket.hpp>
#include <otpnet/timeout.hpp>

/// Erlang's gen_udp, with gen_tcp's conventions: a blocking and an
/// event-based form of each call, errc errors, and the caller of open as
/// the socket's controlling actor, which receives udp_msg (one per
/// datagram, with its sender), udp_passive_msg and udp_error_msg. inet's
/// functions (setopts, getopts, sockname, peername, port, getstat, info,
/// monitor, close, i) work on UDP sockets too, and gen_tcp's
/// controlling_process moves them like TCP sockets (gen_udp's is the same).
///
/// Options: active (default true, as in OTP), mode, buffer (the largest
/// datagram delivered; default 64 KiB, so every datagram comes whole),
/// recbuf, sndbuf, reuseaddr, ip/ifaddr, inet/inet6, ipv6_v6only, tos,
/// ttl, priority, high/low_msgq_watermark (accepted and reported; a UDP send
/// is a request that completes when the kernel took the datagram, so
/// senders never pile up behind it), recvtos, recvttl, recvtclass (IPv6
/// only): while any of these is on, each datagram comes with the list of
/// the values its IP header had (ancillary data, as OTP's 6-tuple), the
/// multicast ones (add_membership, drop_membership, multicast_if,
/// multicast_loop, multicast_ttl: see inet::membership) and raw. The
/// others (packet, nodelay, high_watermark, send_timeout,
/// read_ahead, pktoptions...) are TCP's: einval.
///
/// Flow control: UDP has none, so {active, once | N | false} makes the
/// socket read a datagram only when it may deliver one; what the kernel
/// cannot hold meanwhile it drops, as it does for an Erlang socket.
namespace otpnet::gen_udp {

using option_list = std::vector<inet::option>;

/// send's AncData: [{tos, 16}, {ttl, 5}] is
/// {{inet::ancillary_kind::tos, 16}, {inet::ancillary_kind::ttl, 5}}; a
/// received datagram's `inet::ancillary_data` converts, so what a recv
/// delivered can be sent on as is (as in Erlang).
using ancillary_list = inet::ancillary_list;

/// What recv returns: Erlang's {Address, Port, Packet}, or, while the
/// socket has {recvtos | recvttl | recvtclass, true},
/// {Address, Port, AncData, Packet} with `ancillary` set (see udp_msg).
struct datagram {
  inet::ip_address ip;
  uint16_t port = 0;
  binary data;
  /// nullopt: none of the recv* options was on.
  std::optional<inet::ancillary_data> ancillary;

  datagram() = default;

  // Not an aggregate, so that datagram{ip, port, data} compiles as before.
  datagram(inet::ip_address from, uint16_t from_port, binary bytes,
           std::optional<inet::ancillary_data> anc = std::nullopt)
    : ip(from), port(from_port), data(std::move(bytes)), ancillary(anc) {
    // nop
  }

  datagram(const inet::socket_address& from, binary bytes,
           std::optional<inet::ancillary_data> anc)
    : ip(from.addr),
      port(from.port),
      data(std::move(bytes)),
      ancillary(anc),
      local(from.local) {
    // nop
  }

  /// Set when the sender is a local (AF_UNIX) socket ({local, File}, port
  /// 0); `ip` is then unused. The file is empty for an unnamed sender.
  std::shared_ptr<const inet::local_address> local;

  /// The sender as a socket_address ({IP, Port} or {local, File}).
  inet::socket_address from() const {
    return inet::socket_address{ip, port, local};
  }
};

/// The Erlang term recv's result shows: {{127,0,0,1},5000,<<"ab">>} or
/// {{127,0,0,1},5000,[{tos,16}],<<"ab">>}.
std::string to_string(const datagram& d);

/// Opens a UDP socket on `port` (0: an ephemeral one, see inet::port).
caf::expected<socket> open(blocking_self self, int port,
                           const option_list& opts = {});
pending<socket> open(caf::event_based_actor* self, int port,
                     const option_list& opts = {});

/// gen_udp:send(S, {local, File}, 0, Packet): one datagram to a local
/// (AF_UNIX) socket's file, from a socket opened with {ifaddr, {local,
/// File}} (or `local`). enoent when no socket has that file, econnrefused
/// when its socket is closed; eafnosupport from an IP socket.
caf::expected<void> send(blocking_self self, const socket& s,
                         const inet::local_address& to, binary data);
pending<void> send(caf::event_based_actor* self, const socket& s,
                   const inet::local_address& to, binary data);

/// Sends one datagram to `addr`:`port`. Any actor may send. Errors are the
/// kernel's (emsgsize for a datagram over 65507 bytes on IPv4,
/// eafnosupport for an address of the other family...); the socket stays
/// open.
caf::expected<void> send(blocking_self self, const socket& s,
                         const inet::ip_address& addr, int port, binary data);
pending<void> send(caf::event_based_actor* self, const socket& s,
                   const inet::ip_address& addr, int port, binary data);

/// The same to a host given as text: an address literal, else a name
/// resolved as inet::getaddr resolves it (IPv4 first, then IPv6; the
/// blocking form resolves on the caller's thread, the event-based one off
/// the scheduler).
caf::expected<void> send(blocking_self self, const socket& s,
                         const std::string& host, int port, binary data);
pending<void> send(caf::event_based_actor* self, const socket& s,
                   const std::string& host, int port, binary data);

/// gen_udp:send/5: as send above, with `anc` overriding the socket's
/// {tos, N}, and setting {ttl, N} ({tclass, N} on IPv6), for this
/// datagram alone: the kernel gets them as control messages of one
/// sendmsg (IP_TOS, IP_TTL, IPV6_TCLASS). The list is checked before
/// anything is sent: einval for a tos or tclass outside 0..255 or a ttl
/// outside 1..255; of two values with one key the first counts, as in
/// OTP 25. A key of the socket's other family is passed on and has no
/// effect (tclass on IPv4; tos and ttl on IPv6 to an IPv6 address), as in
/// OTP. An empty list is a plain send. On a connected socket it goes to
/// the address given, as send above does.
caf::expected<void> send(blocking_self self, const socket& s,
                         const inet::ip_address& addr, int port,
                         const ancillary_list& anc, binary data);
pending<void> send(caf::event_based_actor* self, const socket& s,
                   const inet::ip_address& addr, int port,
                   const ancillary_list& anc, binary data);

/// send/5 to a host given as text, resolved as the send above resolves it
/// (after `anc` is checked).
caf::expected<void> send(blocking_self self, const socket& s,
                         const std::string& host, int port,
                         const ancillary_list& anc, binary data);
pending<void> send(caf::event_based_actor* self, const socket& s,
                   const std::string& host, int port,
                   const ancillary_list& anc, binary data);

/// gen_udp:send(S, {Address, Port}, AncData, Packet): send/5 to `to`.
caf::expected<void> send(blocking_self self, const socket& s,
                         const inet::socket_address& to,
                         const ancillary_list& anc, binary data);
pending<void> send(caf::event_based_actor* self, const socket& s,
                   const inet::socket_address& to,
                   const ancillary_list& anc, binary data);

/// Sends to the connected peer (after connect); edestaddrreq otherwise.
caf::expected<void> send(blocking_self self, const socket& s, binary data);
pending<void> send(caf::event_based_actor* self, const socket& s,
                   binary data);

/// gen_udp:connect/3: fixes the peer; the socket then receives only its
/// datagrams and send/3 goes there. inet::peername reports it.
caf::expected<void> connect(blocking_self self, const socket& s,
                            const inet::ip_address& addr, int port);
pending<void> connect(caf::event_based_actor* self, const socket& s,
                      const inet::ip_address& addr, int port);
/// gen_udp:connect(S, {local, File}, 0): a local socket's fixed peer.
caf::expected<void> connect(blocking_self self, const socket& s,
                            const inet::local_address& to);
pending<void> connect(caf::event_based_actor* self, const socket& s,
                      const inet::local_address& to);

/// Receives one datagram in passive mode ({active, false}, or an exhausted
/// once/N). `length` 0 takes up to `buffer` bytes of it, N up to N (the
/// rest of a longer datagram is lost, as with recvfrom). Errors: einval
/// when not passive, timeout, closed, or a kernel error (econnrefused).
caf::expected<datagram> recv(blocking_self self, const socket& s,
                             size_t length, timeout t = infinity);
pending<datagram> recv(caf::event_based_actor* self, const socket& s,
                       size_t length, timeout t = infinity);

/// Closes the socket (no message follows, as in Erlang).
caf::expected<void> close(blocking_self self, const socket& s);
pending<void> close(caf::event_based_actor* self, const socket& s);

/// gen_udp:controlling_process/2: gen_tcp::controlling_process's
/// guarantees (every datagram message the caller had not handled moves to
/// `new_owner`, in order).
caf::expected<void> controlling_process(blocking_self self, const socket& s,
                                        const caf::actor& new_owner);
pending<void> controlling_process(caf::event_based_actor* self,
                                  const socket& s,
                                  const caf::actor& new_owner);

} // namespace otpnet::gen_udp
