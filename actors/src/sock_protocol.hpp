#pragma once

// The requests from the socket module's functions (sock.cpp) to a
// socket-module actor (sock_actor.cpp): one request type and one reply
// type, so that each function is a thin wrapper. Not public.

#include <cstdint>
#include <optional>

#include <caf/actor.hpp>
#include <caf/allowed_unsafe_message_type.hpp>

#include "otpnet/inet/ip_address.hpp"
#include "otpnet/net/binary.hpp"
#include "otpnet/net/errc.hpp"
#include "otpnet/sock.hpp"
#include "otpnet/sock_info.hpp"
#include "otpnet/sock/msg.hpp"
#include "otpnet/sock/types.hpp"

namespace otpnet::proto {

enum class sk_op : uint8_t {
  bind,
  listen,
  accept,
  connect,
  connect_finish,
  send,
  sendto,
  recv,
  recvfrom,
  sendmsg,
  recvmsg,
  cancel,
  close,
  shutdown,
  sockname,
  peername,
  setopt,
  getopt,
  owner,
  info,
};

/// Time-outs travel as milliseconds; -1 is infinity, -2 nowait.
constexpr int64_t sk_infinity = -1;
constexpr int64_t sk_nowait = -2;

struct sk_request {
  sk_op op = sk_op::close;
  int64_t timeout = sk_infinity;
  inet::socket_address addr;
  binary data;
  size_t length = 0; // recv's length, recvmsg's BufSz
  size_t ctrl_size = 0; // recvmsg's CtrlSz
  sock::msg_send msg;   // sendmsg's
  sock::msg_flags flags; // sendmsg's and recvmsg's
  int number = 0; // listen's backlog, shutdown's how
  sock::option opt{sock::level::socket, sock::name::type};
  sock::value val;
  sock::select_info info;
  caf::actor actor; // controlling_process's new owner
};

struct sk_reply {
  binary data; // recv: bytes received; send (nowait): the rest to send
  inet::socket_address addr;
  std::optional<sock::select_info> select;
  caf::actor accepted;
  sock::value val;
  sock::socket_info info;
  sock::msg_recv msg; // recvmsg: the message; sendmsg (nowait): the rest
};

/// From the event loop: the socket became readable (dir 0) or writable (1),
/// or the wait ended with closed.
struct sk_ready {
  uint8_t dir;
  errc err;
};

/// A blocking call's time-out.
struct sk_timeout {
  uint8_t dir;
  sock::select_handle handle;
};

} // namespace otpnet::proto

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(otpnet::proto::sk_request)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(otpnet::proto::sk_reply)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(otpnet::proto::sk_ready)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(otpnet::proto::sk_timeout)
