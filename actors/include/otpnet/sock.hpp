#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <caf/actor.hpp>
#include <caf/expected.hpp>
#include <caf/meta/type_name.hpp>

#include <otpnet/error.hpp>
#include <otpnet/inet/ip_address.hpp>
#include <otpnet/net/binary.hpp>
#include <otpnet/pending.hpp>
#include <otpnet/sock/msg.hpp>
#include <otpnet/sock/types.hpp>
#include <otpnet/timeout.hpp>

/// Erlang's `socket` module (the spec's "Socket Usage", 003): a thin layer
/// over the OS socket, with Erlang's time-outs and its asynchronous
/// `nowait` calls. (The namespace is `sock` because otpnet::socket is
/// gen_tcp's socket handle.)
///
/// Each socket is an actor; the caller of open (or of the accept that made
/// it) owns it, and it closes when its owner terminates. Any actor may call
/// any function on it.
///
/// Asynchronous calls: accept, connect, recv, recvfrom, recvmsg, send,
/// sendto and sendmsg take `nowait` in place of a time-out. When the kernel would block, the
/// call returns at once with a select_info, and the socket later sends the
/// caller a select_msg (`{'$socket', S, select, Handle}`) when the call can
/// proceed: the caller then makes the call again. Until it does (or calls
/// cancel), the caller is the *current user* of that direction (reading:
/// accept, recv, recvfrom, recvmsg; writing: connect, send, sendto,
/// sendmsg): other callers
/// of the same direction queue behind it, in order; a queued nowait caller
/// gets its select_msg when its turn comes and the socket is ready. When
/// the socket closes, every caller still waiting with nowait gets an
/// abort_msg (`{'$socket', S, abort, {Handle, closed}}`).
///
/// A select_msg whose handle the caller no longer waits for (it cancelled,
/// or the kernel woke the socket for a call that was made again in the
/// meantime) is stale and must be ignored, as in OTP.
///
/// Blocking calls (an infinity or millisecond time-out) wait in the socket
/// actor, in the same queue. Unlike OTP, a recv(N) that times out or meets
/// the end of the stream loses nothing: the bytes it had gathered stay in
/// the socket for the next recv (OTP returns them inside the error tuple).
namespace otpnet::sock {

/// A socket of the socket module: a value naming its actor. Cheap to copy;
/// equal when it names the same socket; a default-constructed one names
/// nothing (every call on it is badarg).
class socket {
public:
  socket() = default;

  explicit socket(caf::actor hdl) : hdl_(std::move(hdl)) {
    // nop
  }

  const caf::actor& actor() const noexcept {
    return hdl_;
  }

  uint64_t id() const noexcept {
    return hdl_ ? hdl_.id() : 0;
  }

  explicit operator bool() const noexcept {
    return static_cast<bool>(hdl_);
  }

  friend bool operator==(const socket& x, const socket& y) noexcept {
    return x.id() == y.id();
  }

  friend bool operator!=(const socket& x, const socket& y) noexcept {
    return !(x == y);
  }

  friend bool operator<(const socket& x, const socket& y) noexcept {
    return x.id() < y.id();
  }

  template <class Inspector>
  friend typename Inspector::result_type inspect(Inspector& f, socket& x) {
    return f(caf::meta::type_name("$socket"), x.hdl_);
  }

private:
  caf::actor hdl_;
};

/// Renders `{'$socket',N}` (OTP prints a reference where otpnet has N).
std::string to_string(const socket& s);

/// The `nowait` time-out.
struct nowait_t {};
inline constexpr nowait_t nowait{};

/// Erlang's select_handle(): unique per socket runtime.
using select_handle = uint64_t;

/// The operation a select_info belongs to (its select tag).
enum class select_tag : uint8_t {
  accept,
  connect,
  recv,
  recvfrom,
  send,
  sendto,
  recvmsg,
  sendmsg,
};

std::string_view to_string(select_tag x) noexcept;

/// `{select_info, SelectTag, SelectHandle}`.
struct select_info {
  select_tag tag = select_tag::recv;
  select_handle handle = 0;
};

bool operator==(const select_info& x, const select_info& y) noexcept;

/// What a nowait call returns: `select` unset means it completed with
/// `value`; set, it waits for a select_msg, and `value` holds what it did
/// so far: recv's bytes received (OTP's {select, {SelectInfo, Data}}),
/// send's bytes *not* sent (the rest to send again: OTP's {select,
/// {SelectInfo, RestData}}, or all of the data for {select, SelectInfo}).
template <class T>
struct select_result {
  T value{};
  std::optional<select_info> select;

  bool completed() const noexcept {
    return !select.has_value();
  }
};

/// recvfrom's `{Source, Data}`.
struct datagram {
  inet::socket_address from;
  binary data;
};

/// `{'$socket', Socket, select, SelectHandle}`.
struct select_msg {
  sock::socket socket;
  select_handle handle = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, select_msg& x) {
  return f(caf::meta::type_name("select"), x.socket, x.handle);
}

/// `{'$socket', Socket, abort, {SelectHandle, Reason}}`.
struct abort_msg {
  sock::socket socket;
  select_handle handle = 0;
  errc reason = errc::closed;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, abort_msg& x) {
  return f(caf::meta::type_name("abort"), x.socket, x.handle, x.reason);
}

enum class shutdown_how : uint8_t { read, write, read_write };

/// socket:open/2,3. The caller owns the socket. eprotonosupport for a
/// protocol the type or domain has not (dgram + tcp, local + tcp);
/// esocktnosupport for seqpacket on inet or inet6 (SCTP, which otpnet
/// has not; Linux without SCTP answers so); eafnosupport on a runtime
/// without OS sockets, and for local datagrams on the test kit's
/// simulated network (it has no files).
caf::expected<socket> open(blocking_self self, domain d, type t,
                           protocol p = protocol::ip);
pending<socket> open(caf::event_based_actor* self, domain d, type t,
                     protocol p = protocol::ip);

/// socket:open/3,4's Opts map.
struct open_options {
  /// use_registry: whether number_of and which_sockets list the socket
  /// (and so whether opening and closing it touch the registry's lock);
  /// unset: the runtime's default (use_registry/2). {otp, use_registry}
  /// reads it back; a socket it accepts is listed where it is.
  std::optional<bool> use_registry;
};

/// socket:open/3,4 with Opts.
caf::expected<socket> open(blocking_self self, domain d, type t,
                           const open_options& opts);
pending<socket> open(caf::event_based_actor* self, domain d, type t,
                     const open_options& opts);
caf::expected<socket> open(blocking_self self, domain d, type t, protocol p,
                           const open_options& opts);
pending<socket> open(caf::event_based_actor* self, domain d, type t,
                     protocol p, const open_options& opts);

/// socket:bind/2. eafnosupport for an address of the other family.
caf::expected<void> bind(blocking_self self, const socket& s,
                         const inet::socket_address& addr);
pending<void> bind(caf::event_based_actor* self, const socket& s,
                   const inet::socket_address& addr);

/// socket:listen/1,2 (OTP's default backlog is 5).
caf::expected<void> listen(blocking_self self, const socket& s,
                           int backlog = 5);
pending<void> listen(caf::event_based_actor* self, const socket& s,
                     int backlog = 5);

/// socket:accept/1,2. The caller owns the new socket.
caf::expected<socket> accept(blocking_self self, const socket& s,
                             timeout t = infinity);
pending<socket> accept(caf::event_based_actor* self, const socket& s,
                       timeout t = infinity);
caf::expected<select_result<socket>> accept(blocking_self self,
                                            const socket& s, nowait_t);
pending<select_result<socket>> accept(caf::event_based_actor* self,
                                      const socket& s, nowait_t);

/// socket:connect/2,3. With nowait, a select_info means "in progress":
/// after the select_msg, connect(self, s) (socket:connect/1) tells how it
/// ended.
caf::expected<void> connect(blocking_self self, const socket& s,
                            const inet::socket_address& addr,
                            timeout t = infinity);
pending<void> connect(caf::event_based_actor* self, const socket& s,
                      const inet::socket_address& addr, timeout t = infinity);
caf::expected<std::optional<select_info>>
connect(blocking_self self, const socket& s, const inet::socket_address& addr,
        nowait_t);
pending<std::optional<select_info>> connect(caf::event_based_actor* self,
                                            const socket& s,
                                            const inet::socket_address& addr,
                                            nowait_t);
/// socket:connect/1: completes a nowait connect after its select_msg: ok,
/// the error the attempt ended with (econnrefused...), ealready while it
/// is still in progress, einval when no connect was started.
caf::expected<void> connect(blocking_self self, const socket& s);
pending<void> connect(caf::event_based_actor* self, const socket& s);

/// socket:send/2,3. A blocking send returns when the kernel took every
/// byte. timeout: some bytes may have been sent (OTP reports how many
/// were not; otpnet's nowait form is the one that tells).
caf::expected<void> send(blocking_self self, const socket& s, binary data,
                         timeout t = infinity);
pending<void> send(caf::event_based_actor* self, const socket& s, binary data,
                   timeout t = infinity);
caf::expected<select_result<binary>> send(blocking_self self, const socket& s,
                                          binary data, nowait_t);
pending<select_result<binary>> send(caf::event_based_actor* self,
                                    const socket& s, binary data, nowait_t);

/// socket:sendto/3,4: one datagram (or, on a stream socket, the bytes).
caf::expected<void> sendto(blocking_self self, const socket& s, binary data,
                           const inet::socket_address& to,
                           timeout t = infinity);
pending<void> sendto(caf::event_based_actor* self, const socket& s,
                     binary data, const inet::socket_address& to,
                     timeout t = infinity);
caf::expected<std::optional<select_info>>
sendto(blocking_self self, const socket& s, binary data,
       const inet::socket_address& to, nowait_t);
pending<std::optional<select_info>>
sendto(caf::event_based_actor* self, const socket& s, binary data,
       const inet::socket_address& to, nowait_t);

/// socket:recv/1,2,3. `length` 0: what is there (at most {otp, rcvbuf}
/// bytes, default 8192; a whole datagram or record of up to 64 KiB on a
/// dgram or seqpacket socket); N on a stream socket: exactly N bytes
/// (iterating); on a dgram or seqpacket socket: at most N bytes of one
/// datagram or record, whose rest the kernel drops (OTP's answer too).
/// closed after the peer's end of stream, or once a seqpacket peer has
/// shut down (an empty record before that is an empty binary); timeout.
caf::expected<binary> recv(blocking_self self, const socket& s,
                           size_t length = 0, timeout t = infinity);
pending<binary> recv(caf::event_based_actor* self, const socket& s,
                     size_t length = 0, timeout t = infinity);
caf::expected<select_result<binary>> recv(blocking_self self,
                                          const socket& s, size_t length,
                                          nowait_t);
pending<select_result<binary>> recv(caf::event_based_actor* self,
                                    const socket& s, size_t length, nowait_t);

/// socket:recvfrom/1,2,3: one datagram with its source.
caf::expected<datagram> recvfrom(blocking_self self, const socket& s,
                                 size_t length = 0, timeout t = infinity);
pending<datagram> recvfrom(caf::event_based_actor* self, const socket& s,
                           size_t length = 0, timeout t = infinity);
caf::expected<select_result<datagram>>
recvfrom(blocking_self self, const socket& s, size_t length, nowait_t);
pending<select_result<datagram>> recvfrom(caf::event_based_actor* self,
                                          const socket& s, size_t length,
                                          nowait_t);

/// socket:send/3,4, sendto/4,5, recv/3,4 and recvfrom/3,4 with Flags:
/// as above, the flags passed to the kernel (sendmsg(2) / recvmsg(2)).
/// One difference, clearer than OTP: a recv with peek reads once and
/// returns at most `length` bytes of what is there (OTP 25 loops, and its
/// recv(S, 10, [peek]) of "abcdef" returns "abcdefabcd"). [trunc] on a
/// stream read (recv, recvmsg) is einval: Linux discards the bytes
/// without copying them, so there would be nothing true to return. On the
/// test kit's simulated network, flags are enotsup.
caf::expected<void> send(blocking_self self, const socket& s, binary data,
                         msg_flags flags, timeout t = infinity);
pending<void> send(caf::event_based_actor* self, const socket& s, binary data,
                   msg_flags flags, timeout t = infinity);
caf::expected<select_result<binary>> send(blocking_self self, const socket& s,
                                          binary data, msg_flags flags,
                                          nowait_t);
pending<select_result<binary>> send(caf::event_based_actor* self,
                                    const socket& s, binary data,
                                    msg_flags flags, nowait_t);
caf::expected<void> sendto(blocking_self self, const socket& s, binary data,
                           const inet::socket_address& to, msg_flags flags,
                           timeout t = infinity);
pending<void> sendto(caf::event_based_actor* self, const socket& s,
                     binary data, const inet::socket_address& to,
                     msg_flags flags, timeout t = infinity);
caf::expected<std::optional<select_info>>
sendto(blocking_self self, const socket& s, binary data,
       const inet::socket_address& to, msg_flags flags, nowait_t);
pending<std::optional<select_info>>
sendto(caf::event_based_actor* self, const socket& s, binary data,
       const inet::socket_address& to, msg_flags flags, nowait_t);
caf::expected<binary> recv(blocking_self self, const socket& s,
                           size_t length, msg_flags flags,
                           timeout t = infinity);
pending<binary> recv(caf::event_based_actor* self, const socket& s,
                     size_t length, msg_flags flags, timeout t = infinity);
caf::expected<select_result<binary>> recv(blocking_self self,
                                          const socket& s, size_t length,
                                          msg_flags flags, nowait_t);
pending<select_result<binary>> recv(caf::event_based_actor* self,
                                    const socket& s, size_t length,
                                    msg_flags flags, nowait_t);
caf::expected<datagram> recvfrom(blocking_self self, const socket& s,
                                 size_t length, msg_flags flags,
                                 timeout t = infinity);
pending<datagram> recvfrom(caf::event_based_actor* self, const socket& s,
                           size_t length, msg_flags flags,
                           timeout t = infinity);
caf::expected<select_result<datagram>>
recvfrom(blocking_self self, const socket& s, size_t length, msg_flags flags,
         nowait_t);
pending<select_result<datagram>> recvfrom(caf::event_based_actor* self,
                                          const socket& s, size_t length,
                                          msg_flags flags, nowait_t);

/// socket:sendmsg/2,3,4: the bytes of msg.iov (gathered, no copy) to
/// msg.addr when set, with msg.ctrl's control messages ({ip, tos},
/// {ip, ttl}, {ipv6, tclass}, {ipv6, hoplimit}) on the first bytes sent,
/// and `flags` passed to the kernel. A blocking sendmsg returns when the
/// kernel took every byte. einval, before anything is sent, for a control
/// message sock::check_send refuses or a list that needs more than
/// {otp, sndctrlbuf} bytes (default 1024). A datagram or seqpacket
/// record gathers at most 64 binaries (emsgsize beyond) and is one call;
/// a stream sends more in several calls. The
/// nowait form's rest, as OTP's RestData, is the unsent part of the iov
/// (slices of it).
caf::expected<void> sendmsg(blocking_self self, const socket& s,
                            msg_send msg, msg_flags flags = {},
                            timeout t = infinity);
pending<void> sendmsg(caf::event_based_actor* self, const socket& s,
                      msg_send msg, msg_flags flags = {},
                      timeout t = infinity);
caf::expected<select_result<std::vector<binary>>>
sendmsg(blocking_self self, const socket& s, msg_send msg, msg_flags flags,
        nowait_t);
pending<select_result<std::vector<binary>>>
sendmsg(caf::event_based_actor* self, const socket& s, msg_send msg,
        msg_flags flags, nowait_t);

/// socket:recvmsg/1..5: one recvmsg(2) of at most `bufsz` bytes (0: at
/// most {otp, rcvbuf} on a stream, a whole datagram or record of up to
/// 64 KiB on a dgram or seqpacket socket; a longer one is cut, flags
/// trunc) with up to `ctrlsz` bytes of control messages (0: {otp,
/// rcvctrlbuf}, default 1024; at most sock::max_control_buffer, else
/// einval). Unlike recv(N) it returns what one call reads, as OTP's. The
/// control messages are those the socket's options ask for ({ip,
/// recvtos}, {ip, recvttl}, {ip, pktinfo}, {ipv6, recvtclass}, {ipv6,
/// recvhoplimit}, {ipv6, recvpktinfo}); the flags report trunc, ctrunc,
/// eor, oob, errqueue. The Erlang forms without BufSz and CtrlSz are
/// bufsz 0, ctrlsz 0; the nowait forms of sendmsg and recvmsg take the
/// flags too (`{}` for none).
caf::expected<msg_recv> recvmsg(blocking_self self, const socket& s,
                                size_t bufsz = 0, size_t ctrlsz = 0,
                                msg_flags flags = {}, timeout t = infinity);
pending<msg_recv> recvmsg(caf::event_based_actor* self, const socket& s,
                          size_t bufsz = 0, size_t ctrlsz = 0,
                          msg_flags flags = {}, timeout t = infinity);
caf::expected<select_result<msg_recv>>
recvmsg(blocking_self self, const socket& s, size_t bufsz, size_t ctrlsz,
        msg_flags flags, nowait_t);
pending<select_result<msg_recv>> recvmsg(caf::event_based_actor* self,
                                         const socket& s, size_t bufsz,
                                         size_t ctrlsz, msg_flags flags,
                                         nowait_t);

/// socket:cancel/2: withdraws a waiting nowait call. einval (OTP's
/// {invalid, SelectInfo}) when `info` is not waiting on `s`.
caf::expected<void> cancel(blocking_self self, const socket& s,
                           const select_info& info);
pending<void> cancel(caf::event_based_actor* self, const socket& s,
                     const select_info& info);

/// socket:close/1: by any actor. Waiting blocking calls fail with closed,
/// waiting nowait callers get abort_msg.
caf::expected<void> close(blocking_self self, const socket& s);
pending<void> close(caf::event_based_actor* self, const socket& s);

/// socket:shutdown/2.
caf::expected<void> shutdown(blocking_self self, const socket& s,
                             shutdown_how how);
pending<void> shutdown(caf::event_based_actor* self, const socket& s,
                       shutdown_how how);

/// socket:sockname/1, socket:peername/1 (enotconn unless connected).
caf::expected<inet::socket_address> sockname(blocking_self self,
                                             const socket& s);
pending<inet::socket_address> sockname(caf::event_based_actor* self,
                                       const socket& s);
caf::expected<inet::socket_address> peername(blocking_self self,
                                             const socket& s);
pending<inet::socket_address> peername(caf::event_based_actor* self,
                                       const socket& s);

/// socket:setopt/3 and getopt/2 for the options of sock::traits (levels
/// otp, socket, ip, ipv6, tcp). einval (OTP's {invalid, ...}) for an
/// unknown option, a read-only one, or a value of the wrong kind.
caf::expected<void> setopt(blocking_self self, const socket& s,
                           const option& opt, const value& v);
pending<void> setopt(caf::event_based_actor* self, const socket& s,
                     const option& opt, const value& v);
caf::expected<value> getopt(blocking_self self, const socket& s,
                            const option& opt);
pending<value> getopt(caf::event_based_actor* self, const socket& s,
                      const option& opt);

/// setopt(S, {otp, controlling_process}, Pid): only the owner may; the
/// socket then closes when `new_owner` terminates. not_owner otherwise.
caf::expected<void> controlling_process(blocking_self self, const socket& s,
                                        const caf::actor& new_owner);
pending<void> controlling_process(caf::event_based_actor* self,
                                  const socket& s,
                                  const caf::actor& new_owner);

/// socket:use_registry/1: whether sockets opened from now on in `sys`'s
/// runtime without an explicit use_registry are listed (true at start).
/// Sockets already open stay where they are.
void use_registry(caf::actor_system& sys, bool on);

/// socket:number_of/0 and which_sockets/0 (the socket registry of the
/// runtime that made `sys`; empty for a system without one). Sockets
/// opened with use_registry false are not counted.
size_t number_of(caf::actor_system& sys);
std::vector<socket> which_sockets(caf::actor_system& sys);

} // namespace otpnet::sock
