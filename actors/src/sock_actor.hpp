#pragma once

#include <cstdint>
#include <deque>
#include <unordered_map>

#include <caf/response_promise.hpp>
#include <caf/stateful_actor.hpp>

#include "otpnet/runtime/os_socket.hpp"
#include "otpnet/sock.hpp"
#include "otpnet/sock_info.hpp"

#include "sock_protocol.hpp"
#include "spawn_socket.hpp"

namespace otpnet {

/// The otp-level settings a socket-module socket starts with; a socket it
/// accepts inherits them, as OTP's esock does (checked with OTP 25).
struct sock_otp_settings {
  static constexpr int default_rcvbuf = 8192; // OTP's {otp, rcvbuf}

  bool registered = true; // {otp, use_registry}: listed in the registry
  int rcvbuf = default_rcvbuf;
  // {otp, rcvbuf} set as {Count, Size} (Size is rcvbuf): reads per
  // recv(S, 0); 0 for the integer form.
  int rcvbuf_count = 0;
  int rcvctrlbuf = static_cast<int>(sock::default_control_buffer);
  int sndctrlbuf = static_cast<int>(sock::default_control_buffer);
};

class runtime;

/// State of a socket-module socket: the OS socket, its owner, and per
/// direction (reading: accept, recv, recvfrom, recvmsg; writing: connect,
/// send, sendto, sendmsg) the queue of callers. The queue's front is the
/// *current user*: a nowait caller that was told to wait for a select
/// message (and is waiting for it, or has it and will call again), or a
/// blocking call the socket retries whenever the kernel is ready.
struct sock_state {
  struct waiter {
    proto::sk_request req;
    caf::actor caller;
    caf::response_promise rp; // blocking calls only
    sock::select_handle handle = 0;
    bool nowait = false;
    bool notified = false; // nowait: its select_msg is sent
    binary got;            // a blocking recv(N): the bytes gathered
    size_t sent = 0;       // a blocking send: the bytes the kernel took
  };

  struct direction {
    std::deque<waiter> queue;
    bool waiting = false; // an async_wait is outstanding
  };

  runtime* rt = nullptr;
  os_socket_ptr os;
  caf::actor owner;
  sock::socket self_handle;
  sock::type type = sock::type::stream;
  direction dirs[2]; // 0 reading, 1 writing
  // Bytes a recv gathered but could not hand over (it timed out or met an
  // error first): the next recv takes them before the kernel's.
  binary held;
  // The actors monitored (the owner and every waiting caller), each once:
  // a waiting caller that dies leaves the queue, as OTP's NIF drops a dead
  // current user, instead of locking the direction or being served data.
  std::unordered_map<caf::actor_addr, size_t> watched;
  sock::counters stats; // socket:info's
  sock_otp_settings otp;
  bool connecting = false;
  bool closed = false;

  static inline const char* name = "otpnet.sock";
};

using sock_actor = caf::stateful_actor<sock_state>;

/// The actor of a socket-module socket on `os`, owned by `owner`, with
/// `otp`'s settings (listed in the runtime's registry or not).
caf::behavior sock_socket(sock_actor* self, runtime* rt, os_socket_ptr os,
                          sock::type t, caf::actor owner,
                          sock_otp_settings otp);

/// The registry a socket-module socket is listed in.
inline detail::socket_registry registry_for(bool registered) {
  return registered ? detail::socket_registry::socket_module
                    : detail::socket_registry::none;
}

} // namespace otpnet
