// inet:setopts / getopts for the gen_tcp options, and inheritance of the
// listen socket's options by accepted sockets.

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <boost/test/unit_test.hpp>

#include <otpnet/gen_udp.hpp>

#include "support/loopback.hpp"

using namespace otpnet;
using namespace otpnet::test;

namespace {

std::string render(const std::vector<inet::option>& opts) {
  std::string out;
  for (auto& o : opts)
    out += inet::to_string(o);
  return out;
}

} // namespace

/// The kernel's value of a socket option on this process's end of the
/// connection whose other end is `peer` (found by its address among our
/// descriptors): what the accepted socket really has, not what otpnet
/// remembers. 1 or 0; -1 if no such descriptor or the option is unreadable.
int kernel_option_of_accepted(const raw_peer& peer, int level,
                                             int name) {
  sockaddr_in want{};
  socklen_t len = sizeof(want);
  if (::getsockname(peer.fd(), reinterpret_cast<sockaddr*>(&want), &len) != 0)
    return -1;
  for (int fd = 0; fd < 4096; ++fd) {
    sockaddr_in other{};
    socklen_t olen = sizeof(other);
    if (fd == peer.fd()
        || ::getpeername(fd, reinterpret_cast<sockaddr*>(&other), &olen) != 0
        || other.sin_family != AF_INET || other.sin_port != want.sin_port
        || other.sin_addr.s_addr != want.sin_addr.s_addr)
      continue;
    int value = 0;
    socklen_t vlen = sizeof(value);
    if (::getsockopt(fd, level, name, &value, &vlen) != 0)
      return -1;
    return value != 0 ? 1 : 0;
  }
  return -1;
}

BOOST_FIXTURE_TEST_SUITE(options_suite, loopback_fixture)

BOOST_AUTO_TEST_CASE(accepted_sockets_have_the_listen_kernel_options) {
  BOOST_TEST_MESSAGE("Ensure that the kernel options of an accepted socket are the listen socket's, also when setopts changed them on the listen socket while a connection waited in the backlog (otpnet sets no option the kernel already copied, and must not assume a copy that predates the change)");
  for (bool on : {false, true}) {
    auto ls = listen({inet::nodelay{on}, inet::keepalive{on}});
    auto [s, peer] = accept_peer(ls);
    BOOST_TEST(kernel_option_of_accepted(peer, IPPROTO_TCP, TCP_NODELAY)
               == (on ? 1 : 0));
    BOOST_TEST(kernel_option_of_accepted(peer, SOL_SOCKET, SO_KEEPALIVE)
               == (on ? 1 : 0));
  }
  // A connection in the backlog got the options of its time; setopts on
  // the listen socket changes them before the accept.
  auto ls = listen({inet::nodelay{false}, inet::keepalive{false}});
  auto early = raw_peer::connect(port_of(ls));
  BOOST_REQUIRE(early);
  BOOST_REQUIRE(inet::setopts(self(), ls,
                              {inet::nodelay{true}, inet::keepalive{true}}));
  auto s = gen_tcp::accept(self(), ls, budget);
  BOOST_REQUIRE(s);
  BOOST_TEST(kernel_option_of_accepted(*early, IPPROTO_TCP, TCP_NODELAY)
             == 1);
  BOOST_TEST(kernel_option_of_accepted(*early, SOL_SOCKET, SO_KEEPALIVE)
             == 1);
}

BOOST_AUTO_TEST_CASE(accepted_socket_inherits_the_listen_options) {
  BOOST_TEST_MESSAGE("Ensure that an accepted socket has the listen socket's options");
  auto ls = listen({inet::packet(2), inet::nodelay{true}, inet::exit_on_close{false},
                    inet::active(false), inet::packet_size{1000},
                    inet::show_econnreset{true}, inet::list});
  auto [s, peer] = accept_peer(ls);
  auto opts = inet::getopts(self(), s,
                            {n::packet, n::nodelay, n::exit_on_close, n::active,
                             n::packet_size, n::show_econnreset, n::mode});
  BOOST_REQUIRE(opts);
  BOOST_TEST(render(*opts)
             == "{packet,2}{nodelay,true}{exit_on_close,false}{active,false}"
                "{packet_size,1000}{show_econnreset,true}{mode,list}");
}

BOOST_AUTO_TEST_CASE(setopts_then_getopts_returns_the_values) {
  BOOST_TEST_MESSAGE("Ensure that each gen_tcp option set with setopts is read back by getopts");
  auto ls = listen();
  auto [s, peer] = accept_peer(ls);
  BOOST_REQUIRE(inet::setopts(self(), s,
                              {inet::packet(net::packet_type::line),
                               inet::packet_size{512}, inet::line_delimiter{'|'},
                               inet::binary, inet::nodelay{true},
                               inet::keepalive{true}, inet::reuseaddr{true},
                               inet::buffer{4096}, inet::exit_on_close{false},
                               inet::active(7)}));
  auto opts = inet::getopts(self(), s,
                            {n::packet, n::packet_size, n::line_delimiter, n::mode,
                             n::nodelay, n::keepalive, n::reuseaddr, n::buffer,
                             n::exit_on_close, n::active});
  BOOST_REQUIRE(opts);
  BOOST_TEST(render(*opts)
             == "{packet,line}{packet_size,512}{line_delimiter,124}{mode,binary}"
                "{nodelay,true}{keepalive,true}{reuseaddr,true}{buffer,4096}"
                "{exit_on_close,false}{active,7}");
}

BOOST_AUTO_TEST_CASE(kernel_buffer_sizes_are_read_from_the_kernel) {
  BOOST_TEST_MESSAGE("Ensure that recbuf/sndbuf are applied and getopts reports what the kernel uses");
  auto ls = listen();
  auto [s, peer] = accept_peer(ls);
  BOOST_REQUIRE(inet::setopts(self(), s, {inet::recbuf{16384}, inet::sndbuf{16384}}));
  auto opts = inet::getopts(self(), s, {n::recbuf, n::sndbuf});
  BOOST_REQUIRE(opts);
  // Linux doubles the requested size for its bookkeeping.
  BOOST_TEST(render(*opts) == "{recbuf,32768}{sndbuf,32768}");
}

BOOST_AUTO_TEST_CASE(bad_options_are_einval_and_change_nothing) {
  BOOST_TEST_MESSAGE("Ensure that a bad value or a creation-only option in setopts is einval and the socket keeps its options");
  auto ls = listen({inet::packet(4)});
  auto [s, peer] = accept_peer(ls);
  for (auto bad : std::vector<inet::option>{
         inet::packet(3), inet::packet(static_cast<net::packet_type>(14)),
         inet::packet_size{-1}, inet::line_delimiter{256},
         inet::buffer{-1}, inet::recbuf{-5}, inet::backlog{5},
         inet::ip{inet::ip_address::loopback_v4()}}) {
    auto r = inet::setopts(self(), s, {inet::nodelay{true}, bad});
    BOOST_TEST((r.error() == errc::einval), inet::to_string(bad));
  }
  auto opts = inet::getopts(self(), s, {n::packet, n::nodelay});
  BOOST_REQUIRE(opts);
  BOOST_TEST(render(*opts) == "{packet,4}{nodelay,false}");
  auto r = inet::getopts(self(), s, {n::port});
  BOOST_TEST((r.error() == errc::einval));
}

BOOST_AUTO_TEST_CASE(listen_socket_setopts_apply_to_later_accepts) {
  BOOST_TEST_MESSAGE("Ensure that setopts on a listen socket changes what later accepted sockets inherit");
  auto ls = listen({inet::packet(1)});
  BOOST_REQUIRE(inet::setopts(self(), ls, {inet::packet(4), inet::active(false)}));
  auto [s, peer] = accept_peer(ls);
  auto opts = inet::getopts(self(), s, {n::packet, n::active});
  BOOST_REQUIRE(opts);
  BOOST_TEST(render(*opts) == "{packet,4}{active,false}");
}

BOOST_AUTO_TEST_CASE(accepted_sockets_change_only_their_own_options) {
  BOOST_TEST_MESSAGE("Ensure that a listen socket and the sockets it "
                     "accepted, which share one option record until one "
                     "changes its own, stay independent: setopts on one "
                     "accepted socket changes neither its sibling nor the "
                     "listen socket (in otpnet's record and in the kernel), "
                     "and setopts on the listen socket leaves the sockets "
                     "it accepted before as they were");
  auto ls = listen({inet::packet(2), inet::nodelay(false)});
  auto [a, peer_a] = accept_peer(ls);
  auto [b, peer_b] = accept_peer(ls);
  auto both = gen_tcp::option_list{inet::packet(4), inet::nodelay(true)};
  BOOST_REQUIRE(inet::setopts(self(), a, both));
  auto text = [&](const otpnet::socket& s) {
    return opts_text(inet::getopts(self(), s, {n::packet, n::nodelay}));
  };
  BOOST_TEST(text(a) == "{packet,4}{nodelay,true}");
  BOOST_TEST(text(b) == "{packet,2}{nodelay,false}");
  BOOST_TEST(text(ls) == "{packet,2}{nodelay,false}");
  BOOST_TEST(kernel_option_of_accepted(peer_a, IPPROTO_TCP, TCP_NODELAY)
             == 1);
  BOOST_TEST(kernel_option_of_accepted(peer_b, IPPROTO_TCP, TCP_NODELAY)
             == 0);
  // b still knows its kernel value as the listen socket's: setting what a
  // changed, it must reach the kernel too.
  BOOST_REQUIRE(inet::setopts(self(), b, both));
  BOOST_TEST(kernel_option_of_accepted(peer_b, IPPROTO_TCP, TCP_NODELAY)
             == 1);
  BOOST_REQUIRE(inet::setopts(self(), ls, {inet::packet(1)}));
  BOOST_TEST(text(a) == "{packet,4}{nodelay,true}");
  BOOST_TEST(text(b) == "{packet,4}{nodelay,true}");
  auto [c, peer_c] = accept_peer(ls);
  BOOST_TEST(text(c) == "{packet,1}{nodelay,false}");
  BOOST_TEST(kernel_option_of_accepted(peer_c, IPPROTO_TCP, TCP_NODELAY)
             == 0);
}

BOOST_AUTO_TEST_CASE(listen_socket_active_n_values_add_up) {
  BOOST_TEST_MESSAGE("Ensure that {active,N} values set on a listen socket add up, and an overflow is einval, as on a connected socket");
  auto ls = listen({inet::active(false)});
  BOOST_REQUIRE(inet::setopts(self(), ls, {inet::active(2), inet::active(3)}));
  auto r = inet::setopts(self(), ls, {inet::active(32767)});
  BOOST_TEST((r.error() == errc::einval));
  auto [s, peer] = accept_peer(ls);
  auto opts = inet::getopts(self(), s, {n::active});
  BOOST_REQUIRE(opts);
  BOOST_TEST(render(*opts) == "{active,5}");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(exclusiveaddruse_suite, loopback_fixture)

BOOST_AUTO_TEST_CASE(exclusiveaddruse_is_taken_and_has_no_effect) {
  BOOST_TEST_MESSAGE("Ensure that {exclusiveaddruse, true}, Windows-only "
                     "and silently ignored elsewhere (spec), is taken by "
                     "listen, setopts and gen_udp::open, that another "
                     "socket still binds the same port with reuseaddr and "
                     "reuseport, and that getopts answers false");
  gen_tcp::option_list shared{inet::reuseaddr(true), inet::reuseport(true)};
  auto first = shared;
  first.push_back(inet::exclusiveaddruse(true));
  auto ls = listen(first);
  auto again = shared;
  again.push_back(inet::ip{lo4});
  auto second = gen_tcp::listen(self(), port_of(ls), again);
  BOOST_TEST(why(second) == "ok"); // nothing made the port exclusive
  BOOST_TEST(opts_text(inet::getopts(self(), ls, {n::exclusiveaddruse}))
             == "{exclusiveaddruse,false}");
  BOOST_TEST(why(inet::setopts(self(), ls, {inet::exclusiveaddruse(true)}))
             == "ok");
  auto u = gen_udp::open(self(), 0, {inet::exclusiveaddruse(true)});
  BOOST_TEST(why(u) == "ok");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(header_deliver_suite, loopback_fixture)

BOOST_AUTO_TEST_CASE(header_is_read_back_and_changes_no_byte) {
  BOOST_TEST_MESSAGE("Ensure that {header, Size} (Erlang's [B1..BSize | "
                     "Rest] term shape) is taken by listen, setopts and "
                     "gen_udp::open, inherited by accepted sockets and read "
                     "back by getopts, that payloads keep every byte, and "
                     "that a size outside 0..2^32-1 is einval");
  auto ls = listen({inet::header(2)});
  auto [s, peer] = accept_peer(ls);
  BOOST_TEST(opts_text(inet::getopts(self(), s, {n::header, n::deliver}))
             == "{header,2}{deliver,term}");
  BOOST_REQUIRE(peer.write("abcdef"));
  BOOST_TEST(expect_bytes(6) == "abcdef");
  BOOST_TEST(why(inet::setopts(self(), s, {inet::header(0xffffffff)}))
             == "ok");
  BOOST_TEST(why(inet::setopts(self(), s, {inet::header(-1)})) == "einval");
  BOOST_TEST(why(inet::setopts(self(), s, {inet::header(0x100000000)}))
             == "einval");
  BOOST_TEST(opts_text(inet::getopts(self(), s, {n::header}))
             == "{header,4294967295}");
  BOOST_REQUIRE(peer.write("x"));
  BOOST_TEST(expect_bytes(1) == "x");
  auto u = gen_udp::open(self(), 0, {inet::ip{lo4}, inet::header(1)});
  BOOST_REQUIRE_MESSAGE(u, why(u));
  BOOST_TEST(opts_text(inet::getopts(self(), *u, {n::header, n::deliver}))
             == "{header,1}{deliver,term}");
  BOOST_REQUIRE(gen_udp::send(self(), *u, lo4, port_of(*u), binary{"hello"}));
  BOOST_TEST(expect<udp_msg>().data.to_string() == "hello");
}

BOOST_AUTO_TEST_CASE(deliver_term_is_taken_and_port_is_einval) {
  BOOST_TEST_MESSAGE("Ensure that {deliver, term}, the one message shape "
                     "otpnet has, is taken, and that {deliver, port} is "
                     "einval in listen and in setopts, where the rest of "
                     "the list is not applied either");
  BOOST_TEST(why(gen_tcp::listen(self(), 0, {inet::ip{lo4},
                                             inet::deliver(
                                               inet::deliver_kind::port)}))
             == "einval");
  auto ls = listen({inet::deliver(inet::deliver_kind::term)});
  auto [s, peer] = accept_peer(ls);
  BOOST_TEST(why(inet::setopts(self(), s,
                               {inet::active(false),
                                inet::deliver(inet::deliver_kind::port)}))
             == "einval");
  BOOST_TEST(opts_text(inet::getopts(self(), s, {n::active, n::deliver}))
             == "{active,true}{deliver,term}");
  BOOST_REQUIRE(peer.write("still"));
  BOOST_TEST(expect_bytes(5) == "still");
}

BOOST_AUTO_TEST_SUITE_END()
