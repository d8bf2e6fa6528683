#pragma once

#include <cstdint>
#include <initializer_list>
#include <vector>

#include <caf/expected.hpp>

#include <otpnet/error.hpp>
#include <otpnet/inet/format_error.hpp>
#include <otpnet/inet/getifaddrs.hpp>
#include <otpnet/inet/hostent.hpp>
#include <otpnet/inet/i.hpp>
#include <otpnet/inet/ip_address.hpp>
#include <otpnet/inet/options.hpp>
#include <otpnet/inet/parse_address.hpp>
#include <otpnet/inet/resolver.hpp>
#include <otpnet/inet/stat_option.hpp>
#include <otpnet/messages.hpp>
#include <otpnet/pending.hpp>
#include <otpnet/socket.hpp>
#include <otpnet/socket_info.hpp>

/// Erlang's inet functions on sockets. Same calling conventions as
/// gen_tcp.hpp: blocking callers get `caf::expected`, event-based ones a
/// `pending`.
namespace otpnet::inet {

/// Sets options (see spec: inet:setopts/2). Bad or unknown options are
/// einval and change nothing. Flow control: {active, once}, {active, N}
/// and {active, false} read from the kernel only what the owner asked for,
/// so a fast peer is slowed down by TCP; {active, true} reads and delivers
/// everything as it comes and has no flow control (as in Erlang): use it
/// only when the protocol limits the peer itself.
caf::expected<void> setopts(blocking_self self, const socket& s,
                            const std::vector<option>& opts);
pending<void> setopts(caf::event_based_actor* self, const socket& s,
                      std::vector<option> opts);

/// The same for a braced list, e.g.
/// `setopts(self, s, {inet::active(inet::once)})`: a single
/// {active, once | true | false} allocates nothing but its one-way message
/// (the per-packet re-arm of an {active, once} loop).
caf::expected<void> setopts(blocking_self self, const socket& s,
                            std::initializer_list<option> opts);
pending<void> setopts(caf::event_based_actor* self, const socket& s,
                      std::initializer_list<option> opts);

/// Reads options back; `active` reports the live state (e.g. the count of
/// an {active, N} socket).
caf::expected<std::vector<option>>
getopts(blocking_self self, const socket& s,
        const std::vector<option_name>& names);
pending<std::vector<option>> getopts(caf::event_based_actor* self,
                                     const socket& s,
                                     const std::vector<option_name>& names);

/// The same with raw requests among the names, e.g.
/// `{option_name::nodelay, raw_request{6, 8, 4}}` ({raw, 6, 8, 4}: TCP_LINGER2
/// on Linux): each answered by an inet::raw with the bytes the kernel
/// wrote, in the list's order. A request the kernel refuses is left out;
/// one outside raw_request's limits (a size over max_raw_size, numbers
/// that fit no C int) makes the call einval.
caf::expected<std::vector<option>>
getopts(blocking_self self, const socket& s,
        const std::vector<socket_getopt>& items);
pending<std::vector<option>> getopts(caf::event_based_actor* self,
                                     const socket& s,
                                     const std::vector<socket_getopt>& items);

/// A braced list of names and raw requests (this overload keeps
/// `getopts(self, s, {option_name::nodelay})` unambiguous).
caf::expected<std::vector<option>>
getopts(blocking_self self, const socket& s,
        std::initializer_list<socket_getopt> items);
pending<std::vector<option>>
getopts(caf::event_based_actor* self, const socket& s,
        std::initializer_list<socket_getopt> items);

/// inet:getstat(S): every statistic, in the order of all_stat_options;
/// getstat(S, Names): those asked, in that order. Counted as OTP counts
/// them (net/socket_stats.hpp): packets with their headers, when delivered
/// or queued; send_pend is what otpnet has queued and not yet written. A
/// listen socket reports 0 for each. A name outside the enum is einval; a
/// closed socket is closed (OTP 25 says einval: otpnet answers closed for
/// every call on a closed socket).
caf::expected<stat_values> getstat(blocking_self self, const socket& s);
caf::expected<stat_values> getstat(blocking_self self, const socket& s,
                                   const std::vector<stat_option>& names);
pending<stat_values> getstat(caf::event_based_actor* self, const socket& s);
pending<stat_values> getstat(caf::event_based_actor* self, const socket& s,
                             const std::vector<stat_option>& names);

caf::expected<socket_address> sockname(blocking_self self, const socket& s);
pending<socket_address> sockname(caf::event_based_actor* self,
                                 const socket& s);
caf::expected<socket_address> peername(blocking_self self, const socket& s);
pending<socket_address> peername(caf::event_based_actor* self,
                                 const socket& s);

/// inet:socknames/1 and peernames/1: every local (remote) address of the
/// socket, which for TCP is the one sockname (peername) gives.
caf::expected<std::vector<socket_address>> socknames(blocking_self self,
                                                     const socket& s);
pending<std::vector<socket_address>> socknames(caf::event_based_actor* self,
                                               const socket& s);
caf::expected<std::vector<socket_address>> peernames(blocking_self self,
                                                     const socket& s);
pending<std::vector<socket_address>> peernames(caf::event_based_actor* self,
                                               const socket& s);

/// inet:close/1: closes a socket of any kind (gen_tcp::close's semantics).
caf::expected<void> close(blocking_self self, const socket& s);
pending<void> close(caf::event_based_actor* self, const socket& s);

/// The local port of `s` (e.g. a listen socket opened on port 0); einval
/// for a socket of the local family (its address is a file: see
/// sockname).
caf::expected<uint16_t> port(blocking_self self, const socket& s);
pending<uint16_t> port(caf::event_based_actor* self, const socket& s);

/// Starts monitoring `s`: when it closes, for any reason, the caller gets an
/// `inet_down_msg` with this reference. For a socket that is already gone
/// the message comes at once with info `nosock`. Each call makes a new
/// monitor.
monitor_ref monitor(blocking_self self, const socket& s);
monitor_ref monitor(caf::event_based_actor* self, const socket& s);

/// Removes a monitor: true if it was removed before it fired (then no
/// inet_down_msg comes for it), false if it had fired or never existed.
bool cancel_monitor(blocking_self self, const monitor_ref& ref);
pending<bool> cancel_monitor(caf::event_based_actor* self,
                             const monitor_ref& ref);

// -- inet:info/1 and inet:i/0..2 --------------------------------------------

/// inet:info/1: see socket_info. Never fails for a socket that existed: a
/// closed one answers states {closed}. Answered even while the socket is
/// being handed to a new owner.
caf::expected<socket_info> info(blocking_self self, const socket& s);
pending<socket_info> info(caf::event_based_actor* self, const socket& s);

/// inet:i/2 as text: the table of this runtime's open sockets of `proto`
/// (tcp or udp; otpnet has no sctp), in the order they were created. Port
/// is the socket's number (#Socket<N>), Owner the owning actor's id as
/// <0.ID.0>, Module inet_tcp, inet6_tcp, local_tcp, inet_udp or inet6_udp.
std::string format_i(blocking_self self, socket_protocol proto,
                     const std::vector<i_item>& items = all_i_items());

/// inet:i/0..2: prints format_i to standard output. i(self) lists tcp, udp
/// and sctp with every column; i(self, all_i_items(true)) is i(show_ports).
void i(blocking_self self);
void i(blocking_self self, socket_protocol proto);
void i(blocking_self self, const std::vector<i_item>& items);
void i(blocking_self self, socket_protocol proto,
       const std::vector<i_item>& items);

// -- the resolver ------------------------------------------------------------
//
// gethostname, gethostbyname, gethostbyaddr, getaddr, getaddrs and
// getifaddrs are plain functions (<otpnet/inet/resolver.hpp>,
// <otpnet/inet/getifaddrs.hpp>): they block the calling thread as Erlang's
// block the calling process, which suits a blocking actor or any thread.
// An event-based actor must not block its scheduler thread on DNS: these
// overloads resolve on the runtime's resolver threads (at most
// runtime_config::resolver_threads; further lookups queue) and deliver the
// same results through `await` or `then`. A lookup still in progress keeps
// the runtime's shutdown waiting for it.

pending<hostent> gethostbyname(caf::event_based_actor* self, std::string name,
                               family f = inet);
pending<hostent> gethostbyaddr(caf::event_based_actor* self,
                               std::string address);
pending<hostent> gethostbyaddr(caf::event_based_actor* self,
                               ip_address address);
pending<std::vector<ip_address>>
getaddrs(caf::event_based_actor* self, std::string host, family f);
pending<ip_address> getaddr(caf::event_based_actor* self, std::string host,
                            family f);

} // namespace otpnet::inet
