#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <caf/actor_addr.hpp>
#include <caf/expected.hpp>

#include <otpnet/pending.hpp>
#include <otpnet/sock.hpp>

/// socket:info/1 and socket:which_sockets/1 of Erlang's socket module.
namespace otpnet::sock {

/// socket:info/1's counters. A *try* is every call that reached the
/// kernel (a nowait call that selected, a time-out of 0 that found nothing,
/// each retry of a waiting blocking call; a call queued behind another
/// caller is not one until its turn), as OTP 25 counts them; *pkg* and
/// *byte* count the system calls that moved data and their bytes (pkg_max
/// the largest); *fails* the calls that ended in an error. *waits* counts
/// the calls that had to queue behind another caller of the same direction
/// (the current user's lock-out): OTP 25 on Linux keeps these at 0.
/// acc_* are accept's.
struct counters {
  uint64_t acc_fails = 0;
  uint64_t acc_success = 0;
  uint64_t acc_tries = 0;
  uint64_t acc_waits = 0;
  uint64_t read_byte = 0;
  uint64_t read_fails = 0;
  uint64_t read_pkg = 0;
  uint64_t read_pkg_max = 0;
  uint64_t read_tries = 0;
  uint64_t read_waits = 0;
  uint64_t write_byte = 0;
  uint64_t write_fails = 0;
  uint64_t write_pkg = 0;
  uint64_t write_pkg_max = 0;
  uint64_t write_tries = 0;
  uint64_t write_waits = 0;
};

/// socket:info/1 (OTP's ctype, rstates and wstates are not kept).
struct socket_info {
  sock::domain domain = sock::domain::inet;
  sock::type type = sock::type::stream;
  sock::protocol protocol = sock::protocol::tcp;
  caf::actor_addr owner;
  size_t num_acceptors = 0; // accept calls waiting (the current user too)
  size_t num_readers = 0;   // recv and recvfrom calls waiting
  size_t num_writers = 0;   // connect, send and sendto calls waiting
  sock::counters counters;
};

/// OTP's map: #{counters => #{acc_fails => 0,...},domain => inet,
/// num_acceptors => 0,num_readers => 0,num_writers => 0,owner => <0.N.0>,
/// protocol => tcp,type => stream}.
std::string to_string(const socket_info& x);

/// socket:info/1. closed once the socket is closed (OTP still answers
/// with the last counters there).
caf::expected<socket_info> info(blocking_self self, const socket& s);
pending<socket_info> info(caf::event_based_actor* self, const socket& s);

/// socket:which_sockets/1: the open sockets whose info passes `pred`
/// (sockets that close meanwhile are left out). Erlang's filters are
/// predicates here: `[](auto& i) { return i.domain == sock::domain::inet; }`,
/// `i.type`, `i.protocol`, `i.owner == self->address()`.
std::vector<socket> which_sockets(blocking_self self,
                                  const std::function<bool(const socket_info&)>& pred);

} // namespace otpnet::sock
