#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "net/inet_printers.hpp"
#include "otpnet/net/get_option.hpp"
#include "otpnet/net/normalize_options.hpp"

using namespace std::literals;
using otpnet::errc;
using otpnet::inet::ip4_address;
using otpnet::inet::ip6_address;
using otpnet::inet::ip_address;
using otpnet::inet::option;
using otpnet::inet::option_name;
using otpnet::net::option_operation;
using otpnet::net::packet_type;
using otpnet::net::socket_options;

namespace inet = otpnet::inet;
namespace net = otpnet::net;

namespace {

constexpr int64_t int32_max = std::numeric_limits<int32_t>::max();
constexpr int64_t int64_max = std::numeric_limits<int64_t>::max();
constexpr int64_t int64_min = std::numeric_limits<int64_t>::min();

const ip_address v4_addr = ip4_address{{10, 1, 2, 3}};
const ip_address v6_addr = ip6_address{{0x2001, 0xdb8, 0, 0, 0, 0, 0, 1}};
const ip_address group_v4 = ip4_address{{239, 1, 2, 3}};
const ip_address group_v6 = ip6_address{{0xff02, 0, 0, 0, 0, 0, 0, 0x123}};

// One accepted value per option and what it must do to the record.
struct good_case {
  option opt;
  std::function<bool(const socket_options&)> check;
};

std::vector<good_case> good_cases() {
  using so = socket_options;
  return {
    {inet::active(false),
     [](const so& x) { return x.active == inet::active(false); }},
    {inet::active(inet::once),
     [](const so& x) { return x.active == inet::active(inet::once); }},
    {inet::active(-32768),
     [](const so& x) { return x.active == inet::active(-32768); }},
    {inet::active(32767),
     [](const so& x) { return x.active == inet::active(32767); }},
    {inet::packet(0), [](const so& x) { return x.packet == packet_type::raw; }},
    {inet::packet(4), [](const so& x) { return x.packet == packet_type::p4; }},
    {inet::packet(packet_type::tpkt),
     [](const so& x) { return x.packet == packet_type::tpkt; }},
    {inet::packet(packet_type::http_bin),
     [](const so& x) { return x.packet == packet_type::http_bin; }},
    {inet::packet(packet_type::httph),
     [](const so& x) { return x.packet == packet_type::httph; }},
    {inet::packet_size(0), [](const so& x) { return x.packet_size == 0; }},
    {inet::packet_size(0xffffffff),
     [](const so& x) { return x.packet_size == 0xffffffffu; }},
    {inet::line_delimiter(0),
     [](const so& x) { return x.line_delimiter == 0; }},
    {inet::line_delimiter(255),
     [](const so& x) { return x.line_delimiter == 255; }},
    {inet::list,
     [](const so& x) { return x.mode == inet::mode_kind::list; }},
    {inet::header(0), [](const so& x) { return x.header == 0; }},
    {inet::header(0xffffffff),
     [](const so& x) { return x.header == 0xffffffffu; }},
    {inet::deliver(inet::deliver_kind::term),
     [](const so& x) { return x == so{}; }},
    {inet::nodelay(true), [](const so& x) { return x.nodelay; }},
    {inet::keepalive(true), [](const so& x) { return x.keepalive; }},
    {inet::reuseaddr(true), [](const so& x) { return x.reuseaddr; }},
    {inet::dontroute(true), [](const so& x) { return x.dontroute; }},
    {inet::reuseport(true), [](const so& x) { return x.reuseport; }},
    {inet::keepidle(1), [](const so& x) { return x.keepidle == 1; }},
    {inet::keepintvl(int32_max),
     [](const so& x) { return x.keepintvl == int32_max; }},
    {inet::keepcnt(9), [](const so& x) { return x.keepcnt == 9; }},
    {inet::nopush(true), [](const so& x) { return x.nopush; }},
    {inet::user_timeout(0), [](const so& x) { return x.user_timeout == 0; }},
    {inet::user_timeout(int32_max),
     [](const so& x) { return x.user_timeout == int32_max; }},
    {inet::tclass(-1), [](const so& x) { return x.tclass == -1; }},
    {inet::tclass(255), [](const so& x) { return x.tclass == 255; }},
    {inet::reuseport_lb(true), [](const so& x) { return x.reuseport; }},
    {inet::bind_to_device("lo"),
     [](const so& x) { return x.bind_to_device == "lo"; }},
    {inet::bind_to_device(std::string(15, 'x')),
     [](const so& x) { return x.bind_to_device.size() == 15; }},
    {inet::read_ahead(false), [](const so& x) { return !x.read_ahead; }},
    {inet::backlog(0), [](const so& x) { return x.backlog == 0; }},
    {inet::backlog(int32_max),
     [](const so& x) { return x.backlog == int32_max; }},
    {inet::recbuf(0), [](const so& x) { return x.recbuf == 0u; }},
    {inet::sndbuf(1 << 20), [](const so& x) { return x.sndbuf == 1u << 20; }},
    {inet::buffer(1460), [](const so& x) { return x.buffer == 1460; }},
    {inet::buffer(0), [](const so& x) { return x.buffer == 1; }},
    {inet::exit_on_close(false),
     [](const so& x) { return !x.exit_on_close; }},
    {inet::high_watermark(65536),
     [](const so& x) { return x.high_watermark == 65536; }},
    {inet::low_watermark(0), [](const so& x) { return x.low_watermark == 0; }},
    {inet::high_msgq_watermark(1),
     [](const so& x) {
       return x.high_msgq_watermark == 1 && x.low_msgq_watermark == 1;
     }},
    {inet::low_msgq_watermark(1),
     [](const so& x) { return x.low_msgq_watermark == 1; }},
    {inet::send_timeout(0),
     [](const so& x) { return x.send_timeout == 0ms; }},
    {inet::send_timeout(int32_max),
     [](const so& x) {
       return x.send_timeout == std::chrono::milliseconds{int32_max};
     }},
    {inet::send_timeout(inet::infinity),
     [](const so& x) { return !x.send_timeout; }},
    {inet::send_timeout_close(true),
     [](const so& x) { return x.send_timeout_close; }},
    {inet::delay_send(true), [](const so& x) { return x.delay_send; }},
    {inet::linger(true, 0),
     [](const so& x) { return x.linger == inet::linger(true, 0); }},
    {inet::linger(true, 30),
     [](const so& x) { return x.linger == inet::linger(true, 30); }},
    {inet::show_econnreset(true),
     [](const so& x) { return x.show_econnreset; }},
    {inet::ip(v4_addr), [](const so& x) { return x.ip == v4_addr; }},
    {inet::ifaddr(v4_addr), [](const so& x) { return x.ip == v4_addr; }},
    {inet::ip(v6_addr),
     [](const so& x) {
       return x.ip == v6_addr && x.family == inet::family_kind::inet6;
     }},
    {inet::port(0), [](const so& x) { return x.port == 0; }},
    {inet::port(65535), [](const so& x) { return x.port == 65535; }},
    {inet::inet6,
     [](const so& x) { return x.family == inet::family_kind::inet6; }},
    {inet::inet,
     [](const so& x) { return x.family == inet::family_kind::inet; }},
    {inet::ipv6_v6only(true),
     [](const so& x) { return x.ipv6_v6only == true; }},
    {inet::tos(0x10), [](const so& x) { return x.tos == 0x10; }},
    {inet::priority(6), [](const so& x) { return x.priority == 6; }},
    {inet::ttl(1), [](const so& x) { return x.ttl == 1; }},
    {inet::ttl(255), [](const so& x) { return x.ttl == 255; }},
    {inet::ttl(-1), [](const so& x) { return x.ttl == -1; }},
  };
}

// Values every operation rejects with einval.
std::vector<option> bad_values() {
  return {
    inet::active(-32769),
    inet::active(32768),
    inet::active(int64_max),
    inet::packet(3),
    inet::packet(-1),
    inet::packet(8),
    inet::packet_size(-1),
    inet::packet_size(0x100000000),
    inet::line_delimiter(-1),
    inet::line_delimiter(256),
    inet::backlog(-1),
    inet::backlog(int32_max + 1),
    inet::recbuf(-1),
    inet::recbuf(int64_min),
    inet::sndbuf(-1),
    inet::sndbuf(int32_max + 1),
    inet::buffer(-1),
    inet::high_watermark(-1),
    inet::high_watermark(int32_max + 1),
    inet::low_watermark(-1),
    inet::high_msgq_watermark(0),
    inet::high_msgq_watermark(-5),
    inet::low_msgq_watermark(0),
    inet::low_msgq_watermark(int32_max + 1),
    inet::send_timeout(-1),
    inet::send_timeout(int32_max + 1),
    inet::linger(true, -1),
    inet::linger(false, -1),
    inet::linger(true, int32_max + 1),
    inet::port(-1),
    inet::port(65536),
    inet::tos(-1),
    inet::priority(-1),
    inet::priority(int32_max + 1),
    inet::keepidle(0),
    inet::keepintvl(-1),
    inet::keepcnt(int32_max + 1),
    inet::user_timeout(-1),
    inet::user_timeout(int32_max + 1),
    inet::tclass(-2),
    inet::tclass(256),
    inet::ttl(0),
    inet::ttl(-2),
    inet::ttl(256),
    inet::ttl(int64_min),
    inet::bind_to_device(std::string(16, 'x')),
    inet::bind_to_device(std::string("l\0o", 3)),
    inet::raw(int32_max + 1, 8, "abcd"),
    inet::raw(6, int64_min, "abcd"),
    inet::header(-1),
    inet::header(0x100000000),
    inet::deliver(inet::deliver_kind::port),
    inet::deliver(static_cast<inet::deliver_kind>(7)),
  };
}

// A valid option for each name, to probe the allow-lists.
option sample(option_name name) {
  switch (name) {
    case option_name::active:
      return inet::active(inet::once);
    case option_name::packet:
      return inet::packet(2);
    case option_name::packet_size:
      return inet::packet_size(100);
    case option_name::line_delimiter:
      return inet::line_delimiter('\r');
    case option_name::mode:
      return inet::list;
    case option_name::nodelay:
      return inet::nodelay(true);
    case option_name::keepalive:
      return inet::keepalive(true);
    case option_name::reuseaddr:
      return inet::reuseaddr(true);
    case option_name::backlog:
      return inet::backlog(10);
    case option_name::recbuf:
      return inet::recbuf(1000);
    case option_name::sndbuf:
      return inet::sndbuf(1000);
    case option_name::buffer:
      return inet::buffer(1000);
    case option_name::exit_on_close:
      return inet::exit_on_close(false);
    case option_name::high_watermark:
      return inet::high_watermark(10000);
    case option_name::low_watermark:
      return inet::low_watermark(100);
    case option_name::high_msgq_watermark:
      return inet::high_msgq_watermark(10000);
    case option_name::low_msgq_watermark:
      return inet::low_msgq_watermark(100);
    case option_name::send_timeout:
      return inet::send_timeout(100);
    case option_name::send_timeout_close:
      return inet::send_timeout_close(true);
    case option_name::delay_send:
      return inet::delay_send(true);
    case option_name::linger:
      return inet::linger(true, 1);
    case option_name::show_econnreset:
      return inet::show_econnreset(true);
    case option_name::ip:
      return inet::ip(v4_addr);
    case option_name::ifaddr:
      return inet::ifaddr(v4_addr);
    case option_name::port:
      return inet::port(1234);
    case option_name::family:
      return inet::inet;
    case option_name::ipv6_v6only:
      return inet::ipv6_v6only(true);
    case option_name::tos:
      return inet::tos(1);
    case option_name::priority:
      return inet::priority(1);
    case option_name::broadcast:
      return inet::broadcast(true);
    case option_name::dontroute:
      return inet::dontroute(true);
    case option_name::reuseport:
      return inet::reuseport(true);
    case option_name::keepidle:
      return inet::keepidle(60);
    case option_name::keepintvl:
      return inet::keepintvl(10);
    case option_name::keepcnt:
      return inet::keepcnt(5);
    case option_name::nopush:
      return inet::nopush(true);
    case option_name::user_timeout:
      return inet::user_timeout(1000);
    case option_name::tclass:
      return inet::tclass(8);
    case option_name::reuseport_lb:
      return inet::reuseport_lb(true);
    case option_name::read_packets:
      return inet::read_packets(16);
    case option_name::bind_to_device:
      return inet::bind_to_device("lo");
    case option_name::raw:
      return inet::raw(6, 8, std::string(4, '\0'));
    case option_name::read_ahead:
      return inet::read_ahead(false);
    case option_name::recvtos:
      return inet::recvtos(true);
    case option_name::recvttl:
      return inet::recvttl(true);
    case option_name::recvtclass:
      return inet::recvtclass(true);
    case option_name::ttl:
      return inet::ttl(9);
    case option_name::pktoptions:
      return inet::pktoptions{};
    case option_name::add_membership:
      return inet::add_membership({group_v4, ip_address::loopback_v4()});
    case option_name::drop_membership:
      return inet::drop_membership({group_v4, ip_address::any_v4()});
    case option_name::multicast_if:
      return inet::multicast_if(ip_address::loopback_v4());
    case option_name::multicast_loop:
      return inet::multicast_loop(false);
    case option_name::multicast_ttl:
      return inet::multicast_ttl(4);
    case option_name::netns:
      return inet::netns("/proc/self/ns/net");
    case option_name::exclusiveaddruse:
      return inet::exclusiveaddruse(true);
    case option_name::header:
      return inet::header(2);
    case option_name::deliver:
      return inet::deliver(inet::deliver_kind::term);
  }
  return inet::active(true);
}

/// A list holding `opt` that its socket's family allows: recvtclass only
/// exists on IPv6 sockets.
std::vector<option> on_its_family(const option& opt) {
  if (inet::name_of(opt) == option_name::recvtclass)
    return {inet::inet6, opt};
  return {opt};
}

/// A record of the family `opt` needs (see on_its_family).
socket_options record_for(const option& opt) {
  socket_options x;
  if (inet::name_of(opt) == option_name::recvtclass)
    x.family = inet::family_kind::inet6;
  return x;
}

std::string_view error_of(const net::result<socket_options>& r) {
  return otpnet::to_atom(r.error());
}

std::string_view error_of(const net::result<net::setopts_delta>& r) {
  return otpnet::to_atom(r.error());
}

bool is_membership(option_name name) {
  return name == option_name::add_membership
         || name == option_name::drop_membership;
}

bool is_multicast(option_name name) {
  return is_membership(name) || name == option_name::multicast_if
         || name == option_name::multicast_loop
         || name == option_name::multicast_ttl;
}

// Options no list but getopts' takes.
bool read_only(option_name name) {
  return name == option_name::pktoptions;
}

bool creation_only(option_name name) {
  switch (name) {
    case option_name::backlog:
    case option_name::ip:
    case option_name::ifaddr:
    case option_name::port:
    case option_name::family:
    case option_name::ipv6_v6only:
    case option_name::netns:
      return true;
    default:
      return false;
  }
}

} // namespace

BOOST_AUTO_TEST_SUITE(normalize_options_suite)

BOOST_AUTO_TEST_CASE(defaults_equal_the_spec) {
  BOOST_TEST_MESSAGE("Ensure that socket_options{} holds the spec's defaults "
                     "(and otpnet's binary mode) and that an empty list "
                     "normalises to it");
  socket_options x;
  BOOST_TEST(x.active == inet::active(true));
  BOOST_TEST((x.packet == packet_type::raw));
  BOOST_TEST(x.packet_size == 0u);
  BOOST_TEST(x.line_delimiter == '\n');
  BOOST_TEST((x.mode == inet::mode_kind::binary));
  BOOST_TEST(!x.nodelay);
  BOOST_TEST(!x.keepalive);
  BOOST_TEST(!x.reuseaddr);
  BOOST_TEST(x.backlog == 5);
  BOOST_TEST(!x.recbuf.has_value());
  BOOST_TEST(!x.sndbuf.has_value());
  BOOST_TEST(x.buffer == 65536u);
  BOOST_TEST(x.exit_on_close);
  BOOST_TEST(x.high_watermark == 8192u);
  BOOST_TEST(x.low_watermark == 4096u);
  BOOST_TEST(x.high_msgq_watermark == 8192u);
  BOOST_TEST(x.low_msgq_watermark == 4096u);
  BOOST_TEST(!x.send_timeout.has_value());
  BOOST_TEST(!x.send_timeout_close);
  BOOST_TEST(!x.delay_send);
  BOOST_TEST((x.linger == inet::linger(false, 0)));
  BOOST_TEST(!x.show_econnreset);
  BOOST_TEST(!x.ip.has_value());
  BOOST_TEST(x.port == 0);
  BOOST_TEST((x.family == inet::family_kind::inet));
  BOOST_TEST(!x.ipv6_v6only.has_value());
  BOOST_TEST(!x.tos.has_value());
  BOOST_TEST(!x.priority.has_value());
  BOOST_TEST(!x.ttl.has_value());
  BOOST_TEST(x.read_ahead);
  auto listen = net::normalize_listen_options({});
  BOOST_TEST_REQUIRE(listen.has_value());
  BOOST_TEST((*listen == x));
  auto connect = net::normalize_connect_options({});
  BOOST_TEST_REQUIRE(connect.has_value());
  BOOST_TEST((*connect == x));
}

BOOST_AUTO_TEST_CASE(every_option_is_accepted_with_a_good_value) {
  BOOST_TEST_MESSAGE("Ensure that each option with a valid value is applied "
                     "to the record by listen (and by connect and setopts "
                     "where allowed)");
  for (const auto& c : good_cases()) {
    BOOST_TEST_CONTEXT("option " << inet::to_string(c.opt)) {
      auto name = inet::name_of(c.opt);
      auto listen = net::normalize_listen_options({c.opt});
      BOOST_TEST_REQUIRE(listen.has_value());
      BOOST_TEST(c.check(*listen));
      if (name != option_name::backlog) {
        auto connect = net::normalize_connect_options({c.opt});
        BOOST_TEST_REQUIRE(connect.has_value());
        BOOST_TEST(c.check(*connect));
      }
      if (!creation_only(name) && name != option_name::active) {
        auto set = net::apply_setopts(socket_options{}, {c.opt});
        BOOST_TEST_REQUIRE(set.has_value());
        BOOST_TEST(c.check(set->next));
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(every_bad_value_is_einval) {
  BOOST_TEST_MESSAGE("Ensure that out-of-range values are rejected with "
                     "einval by every operation that allows the option");
  for (const auto& opt : bad_values()) {
    BOOST_TEST_CONTEXT("option " << inet::to_string(opt)) {
      auto name = inet::name_of(opt);
      BOOST_TEST(error_of(net::normalize_listen_options({opt})) == "einval");
      if (name != option_name::backlog)
        BOOST_TEST(error_of(net::normalize_connect_options({opt}))
                   == "einval");
      if (!creation_only(name))
        BOOST_TEST(error_of(net::apply_setopts(socket_options{}, {opt}))
                   == "einval");
      // A bad value anywhere in the list spoils the whole list.
      auto mixed = net::normalize_listen_options(
        {inet::nodelay(true), opt, inet::packet(2)});
      BOOST_TEST(error_of(mixed) == "einval");
    }
  }
}

BOOST_AUTO_TEST_CASE(allow_lists_follow_the_operation) {
  BOOST_TEST_MESSAGE("Ensure that listen takes every option, connect all "
                     "but backlog, setopts/getopts none of ip, ifaddr, port, "
                     "family, backlog, ipv6_v6only, netns (getopts reads "
                     "ipv6_v6only and netns) and that pktoptions is "
                     "getopts' alone");
  for (size_t i = 0; i < inet::option_name_count; ++i) {
    auto name = static_cast<option_name>(i);
    BOOST_TEST_CONTEXT("option " << name) {
      BOOST_TEST(net::allowed(option_operation::listen, name)
                 == !read_only(name));
      BOOST_TEST(net::allowed(option_operation::connect, name)
                 == (name != option_name::backlog && !read_only(name)));
      BOOST_TEST(net::allowed(option_operation::setopts, name)
                 == (!creation_only(name) && !read_only(name)));
      BOOST_TEST(net::allowed(option_operation::getopts, name)
                 == ((!creation_only(name)
                      || name == option_name::ipv6_v6only
                      || name == option_name::netns)
                     && name != option_name::raw && !is_membership(name)));
      // The functions enforce exactly the allow-lists (and TCP's refuse
      // broadcast, read_packets and the multicast options, UDP's alone).
      auto opt = sample(name);
      auto tcp = net::tcp_allowed(name);
      BOOST_TEST(tcp == (name != option_name::broadcast
                         && name != option_name::read_packets
                         && !is_multicast(name)));
      BOOST_TEST(net::normalize_listen_options(on_its_family(opt)).has_value()
                 == (tcp && !read_only(name)));
      BOOST_TEST(net::normalize_connect_options(on_its_family(opt))
                   .has_value()
                 == (tcp && net::allowed(option_operation::connect, name)));
      auto set = net::apply_setopts(record_for(opt), {opt});
      BOOST_TEST(set.has_value()
                 == (tcp && net::allowed(option_operation::setopts, name)));
      if (!set)
        BOOST_TEST(error_of(set) == "einval");
    }
  }
  BOOST_TEST(!net::allowed(option_operation::listen,
                           static_cast<option_name>(200)));
}

BOOST_AUTO_TEST_CASE(multicast_options_follow_gen_udp) {
  BOOST_TEST_MESSAGE("Ensure that gen_udp's multicast options are checked "
                     "for their socket's family and range, memberships kept "
                     "in order as actions, and that setopts reports its own "
                     "memberships without touching the open-time list");
  using inet::membership;
  auto lo4 = ip_address::loopback_v4();
  auto any4 = ip_address::any_v4();
  auto open = net::normalize_udp_options(
    {inet::add_membership(membership{group_v4, lo4}),
     inet::multicast_if(lo4), inet::multicast_loop(false),
     inet::multicast_ttl(-1), inet::multicast_ttl(255),
     inet::drop_membership(membership{group_v4, any4, 3})});
  BOOST_REQUIRE(open.has_value());
  BOOST_TEST(open->memberships.size() == 2u);
  BOOST_TEST((open->memberships[0]
              == net::membership_change{
                inet::add_membership(membership{group_v4, lo4})}));
  BOOST_TEST((open->memberships[1]
              == net::membership_change{
                inet::drop_membership(membership{group_v4, any4, 3})}));
  BOOST_TEST((open->multicast_if == inet::multicast_if(lo4)));
  BOOST_TEST((open->multicast_loop == std::optional<bool>{false}));
  BOOST_TEST((open->multicast_ttl == std::optional<int32_t>{255}));
  auto delta = net::apply_udp_setopts(
    *open, {inet::drop_membership(membership{group_v4, lo4}),
            inet::multicast_if(2)});
  BOOST_REQUIRE(delta.has_value());
  BOOST_TEST(delta->memberships.size() == 1u);
  BOOST_TEST((delta->next.memberships == open->memberships));
  BOOST_TEST((delta->next.multicast_if == inet::multicast_if(2)));
  // IPv6: a group with an interface index; the interface is an index.
  auto v6 = net::normalize_udp_options(
    {inet::inet6, inet::add_membership(membership{group_v6, 0}),
     inet::multicast_if(1), inet::multicast_ttl(7)});
  BOOST_REQUIRE(v6.has_value());
  BOOST_TEST(v6->memberships.size() == 1u);
  // Refused, each alone and within a good list: the other family's group
  // or interface address, IPv4 without an interface or IPv6 with one, an
  // index or TTL out of range.
  std::vector<std::vector<option>> bad{
    {inet::add_membership(membership{group_v6, 0})},
    {inet::inet6, inet::add_membership(membership{group_v4, lo4})},
    {inet::add_membership(membership{group_v4, 0})},
    {inet::inet6, inet::add_membership(membership{group_v6, lo4})},
    {inet::inet6,
     inet::drop_membership(membership{group_v6, ip_address::any_v6(), 1})},
    {inet::add_membership(membership{group_v4, lo4, -1})},
    {inet::add_membership(membership{group_v4, lo4, int32_max + 1})},
    {inet::inet6, inet::multicast_if(ip_address::loopback_v6())},
    {inet::inet6, inet::multicast_if(lo4)},
    {inet::multicast_if(ip_address::loopback_v6())},
    {inet::multicast_if(-1)},
    {inet::multicast_ttl(256)},
    {inet::multicast_ttl(-2)},
  };
  for (const auto& list : bad) {
    auto r = net::normalize_udp_options(list);
    BOOST_TEST_CONTEXT(inet::to_string(list.back())) {
      BOOST_TEST((!r && r.error() == errc::einval));
      auto s = net::apply_udp_setopts(
        list.size() > 1 ? *v6 : *open, {inet::multicast_loop(true),
                                        list.back()});
      BOOST_TEST((!s && s.error() == errc::einval));
    }
  }
  // UDP's alone: TCP refuses every one.
  for (size_t i = 0; i < inet::option_name_count; ++i) {
    auto name = static_cast<option_name>(i);
    if (!is_multicast(name))
      continue;
    BOOST_TEST_CONTEXT("option " << name) {
      BOOST_TEST(!net::normalize_connect_options({sample(name)}));
      BOOST_TEST(!net::apply_setopts(socket_options{}, {sample(name)}));
    }
  }
}

BOOST_AUTO_TEST_CASE(a_later_option_overrides_an_earlier_one) {
  BOOST_TEST_MESSAGE("Ensure that the last value of an option wins, "
                     "including shorthands and ip/ifaddr aliases");
  auto r = net::normalize_connect_options({
    inet::packet(1),
    inet::binary,
    inet::active(inet::once),
    inet::ip(v4_addr),
    inet::port(1),
    inet::packet(2),
    inet::list,
    inet::active(false),
    inet::ifaddr(ip_address::loopback_v4()),
    inet::port(2),
    inet::send_timeout(5),
    inet::send_timeout(inet::infinity),
    inet::linger(true, 9),
    inet::linger(false, 0),
  });
  BOOST_TEST_REQUIRE(r.has_value());
  BOOST_TEST((r->packet == packet_type::p2));
  BOOST_TEST((r->mode == inet::mode_kind::list));
  BOOST_TEST(r->active == inet::active(false));
  BOOST_TEST((r->ip == ip_address::loopback_v4()));
  BOOST_TEST(r->port == 2);
  BOOST_TEST(!r->send_timeout.has_value());
  BOOST_TEST((r->linger == inet::linger(false, 0)));
}

BOOST_AUTO_TEST_CASE(family_follows_atoms_then_the_ip_address) {
  BOOST_TEST_MESSAGE("Ensure that the last inet/inet6 atom sets the family, "
                     "an IPv6 {ip,A} implies inet6 otherwise, and a "
                     "contradicting address is einval");
  using fk = inet::family_kind;
  struct family_case {
    std::vector<option> opts;
    bool ok;
    fk family;
  };
  std::vector<family_case> cases = {
    {{}, true, fk::inet},
    {{inet::inet6}, true, fk::inet6},
    {{inet::inet6, inet::inet}, true, fk::inet},
    {{inet::inet, inet::inet6}, true, fk::inet6},
    {{inet::ip(v6_addr)}, true, fk::inet6},
    {{inet::ifaddr(v6_addr)}, true, fk::inet6},
    {{inet::ip(v4_addr)}, true, fk::inet},
    {{inet::ip(v6_addr), inet::ip(v4_addr)}, true, fk::inet},
    {{inet::inet6, inet::ip(v6_addr)}, true, fk::inet6},
    {{inet::ip(v6_addr), inet::inet6}, true, fk::inet6},
    {{inet::inet6, inet::ip(v4_addr)}, false, fk::inet},
    {{inet::ip(v6_addr), inet::inet}, false, fk::inet},
  };
  for (const auto& c : cases) {
    auto r = net::normalize_listen_options(c.opts);
    BOOST_TEST(r.has_value() == c.ok);
    if (r.has_value())
      BOOST_TEST((r->family == c.family));
    else
      BOOST_TEST(error_of(r) == "einval");
  }
  // Without a family or ip in the list, the defaults decide.
  socket_options v6_defaults;
  v6_defaults.family = fk::inet6;
  auto r = net::normalize_connect_options({inet::nodelay(true)}, v6_defaults);
  BOOST_TEST_REQUIRE(r.has_value());
  BOOST_TEST((r->family == fk::inet6));
  // ... and a default address must agree with an explicit family.
  socket_options bound = v6_defaults;
  bound.ip = v6_addr;
  BOOST_TEST(error_of(net::normalize_connect_options({inet::inet}, bound))
             == "einval");
}

BOOST_AUTO_TEST_CASE(watermarks_drag_their_partner_like_inet_drv) {
  BOOST_TEST_MESSAGE("Ensure that a high mark below low lowers low, and a "
                     "low mark above high raises high, in list order");
  struct wm_case {
    std::vector<option> opts;
    uint32_t high;
    uint32_t low;
  };
  std::vector<wm_case> socket_cases = {
    {{inet::high_watermark(1000)}, 1000, 1000},
    {{inet::low_watermark(10000)}, 10000, 10000},
    {{inet::high_watermark(20000), inet::low_watermark(10000)}, 20000, 10000},
    {{inet::low_watermark(10000), inet::high_watermark(5000)}, 5000, 5000},
    {{inet::high_watermark(5000), inet::low_watermark(10000)}, 10000, 10000},
    {{inet::high_watermark(0)}, 0, 0},
  };
  for (const auto& c : socket_cases) {
    auto r = net::normalize_listen_options(c.opts);
    BOOST_TEST_REQUIRE(r.has_value());
    BOOST_TEST(r->high_watermark == c.high);
    BOOST_TEST(r->low_watermark == c.low);
  }
  std::vector<wm_case> msgq_cases = {
    {{inet::high_msgq_watermark(1000)}, 1000, 1000},
    {{inet::low_msgq_watermark(10000)}, 10000, 10000},
    {{inet::low_msgq_watermark(10000), inet::high_msgq_watermark(5000)}, 5000,
     5000},
  };
  for (const auto& c : msgq_cases) {
    auto r = net::apply_setopts(socket_options{}, c.opts);
    BOOST_TEST_REQUIRE(r.has_value());
    BOOST_TEST(r->next.high_msgq_watermark == c.high);
    BOOST_TEST(r->next.low_msgq_watermark == c.low);
  }
}

BOOST_AUTO_TEST_CASE(recbuf_raises_buffer) {
  BOOST_TEST_MESSAGE("Ensure that setting recbuf raises buffer to at least "
                     "recbuf, and a later buffer option still wins");
  auto big = net::normalize_listen_options({inet::recbuf(100000)});
  BOOST_TEST_REQUIRE(big.has_value());
  BOOST_TEST(big->buffer == 100000u);
  auto small = net::normalize_listen_options({inet::recbuf(1000)});
  BOOST_TEST_REQUIRE(small.has_value());
  BOOST_TEST(small->buffer == 65536u);
  auto later = net::normalize_listen_options(
    {inet::recbuf(100000), inet::buffer(2048)});
  BOOST_TEST_REQUIRE(later.has_value());
  BOOST_TEST(later->buffer == 2048u);
}

BOOST_AUTO_TEST_CASE(defaults_argument_is_the_base_of_normalisation) {
  BOOST_TEST_MESSAGE("Ensure that options apply over the given defaults "
                     "(the inet_default_*_options idea)");
  socket_options defaults;
  defaults.delay_send = true;
  defaults.packet = packet_type::line;
  auto same = net::normalize_connect_options({}, defaults);
  BOOST_TEST_REQUIRE(same.has_value());
  BOOST_TEST((*same == defaults));
  auto changed = net::normalize_connect_options({inet::packet(4)}, defaults);
  BOOST_TEST_REQUIRE(changed.has_value());
  BOOST_TEST(changed->delay_send);
  BOOST_TEST((changed->packet == packet_type::p4));
}

BOOST_AUTO_TEST_CASE(setopts_reports_every_active_change_in_order) {
  BOOST_TEST_MESSAGE("Ensure that setopts lists each {active,_} in order for "
                     "the socket actor, since {active,N} values add up, and "
                     "leaves the record's active untouched");
  socket_options current;
  current.active = inet::active(false);
  auto r = net::apply_setopts(current, {inet::active(2), inet::nodelay(true),
                                        inet::active(3),
                                        inet::active(inet::once)});
  BOOST_TEST_REQUIRE(r.has_value());
  std::vector<inet::active> expected{inet::active(2), inet::active(3),
                                     inet::active(inet::once)};
  BOOST_TEST(r->active == expected, boost::test_tools::per_element());
  BOOST_TEST(r->next.active == inet::active(false));
  BOOST_TEST(r->next.nodelay);
  auto none = net::apply_setopts(current, {inet::packet(2)});
  BOOST_TEST_REQUIRE(none.has_value());
  BOOST_TEST(none->active.empty());
  BOOST_TEST(error_of(net::apply_setopts(current, {inet::active(40000)}))
             == "einval");
}

BOOST_AUTO_TEST_CASE(setopts_is_all_or_nothing_and_keeps_other_fields) {
  BOOST_TEST_MESSAGE("Ensure that setopts changes only the options given "
                     "and rejects the whole list on one bad entry");
  socket_options current;
  current.packet = packet_type::p2;
  current.port = 4000;
  current.ip = v6_addr;
  current.family = inet::family_kind::inet6;
  current.backlog = 100;
  auto r = net::apply_setopts(current, {inet::nodelay(true)});
  BOOST_TEST_REQUIRE(r.has_value());
  socket_options expected = current;
  expected.nodelay = true;
  BOOST_TEST((r->next == expected));
  BOOST_TEST(error_of(net::apply_setopts(
               current, {inet::nodelay(true), inet::packet(3)}))
             == "einval");
  BOOST_TEST(error_of(net::apply_setopts(
               current, {inet::nodelay(true), inet::port(1)}))
             == "einval");
  BOOST_TEST(error_of(net::apply_setopts(current, {inet::backlog(1)}))
             == "einval");
}

BOOST_AUTO_TEST_CASE(get_option_reads_the_record) {
  BOOST_TEST_MESSAGE("Ensure that get_option renders the record as getopts "
                     "would, with nullopt for values the OS owns");
  socket_options x;
  auto text = [&x](option_name n) {
    auto o = net::get_option(x, n);
    return o ? inet::to_string(*o) : "(none)"s;
  };
  BOOST_TEST(text(option_name::active) == "{active,true}");
  BOOST_TEST(text(option_name::packet) == "{packet,0}");
  BOOST_TEST(text(option_name::mode) == "{mode,binary}");
  BOOST_TEST(text(option_name::line_delimiter) == "{line_delimiter,10}");
  BOOST_TEST(text(option_name::header) == "{header,0}");
  BOOST_TEST(text(option_name::deliver) == "{deliver,term}");
  BOOST_TEST(text(option_name::send_timeout) == "{send_timeout,infinity}");
  BOOST_TEST(text(option_name::linger) == "{linger,{false,0}}");
  BOOST_TEST(text(option_name::high_watermark) == "{high_watermark,8192}");
  BOOST_TEST(text(option_name::buffer) == "{buffer,65536}");
  BOOST_TEST(text(option_name::family) == "inet");
  BOOST_TEST(text(option_name::recbuf) == "(none)");
  BOOST_TEST(text(option_name::sndbuf) == "(none)");
  BOOST_TEST(text(option_name::ip) == "(none)");
  BOOST_TEST(text(option_name::tos) == "(none)");
  BOOST_TEST(text(option_name::ipv6_v6only) == "(none)");
  BOOST_TEST(text(option_name::ttl) == "(none)");
  // No kernel behind a record: no ancillary data (a transport reads the
  // kernel's instead).
  BOOST_TEST(text(option_name::pktoptions) == "{pktoptions,[]}");
  x.recbuf = 4096;
  x.ttl = -1;
  x.send_timeout = 250ms;
  x.ip = ip_address::loopback_v4();
  x.ipv6_v6only = true;
  BOOST_TEST(text(option_name::recbuf) == "{recbuf,4096}");
  BOOST_TEST(text(option_name::ipv6_v6only) == "{ipv6_v6only,true}");
  BOOST_TEST(text(option_name::send_timeout) == "{send_timeout,250}");
  BOOST_TEST(text(option_name::ifaddr) == "{ifaddr,{127,0,0,1}}");
  BOOST_TEST(text(option_name::ttl) == "{ttl,-1}");
  BOOST_TEST(!net::get_option(x, static_cast<option_name>(200)));
}

BOOST_AUTO_TEST_CASE(get_option_round_trips_through_setopts) {
  BOOST_TEST_MESSAGE("Ensure that setting what get_option returns leaves a "
                     "record unchanged, for every setopts key");
  socket_options x;
  x.packet = packet_type::line;
  x.packet_size = 1000;
  x.recbuf = 2000;
  x.sndbuf = 3000;
  x.buffer = 4000;
  x.send_timeout = 5000ms;
  x.linger = inet::linger(true, 7);
  x.tos = 8;
  x.priority = 9;
  x.high_watermark = 100;
  x.low_watermark = 50;
  x.dontroute = true;
  x.keepidle = 30;
  x.keepintvl = 5;
  x.keepcnt = 3;
  x.nopush = true;
  x.user_timeout = 1500;
  x.tclass = 32;
  x.ttl = 12;
  x.bind_to_device = "lo";
  x.read_ahead = false;
  x.family = inet::family_kind::inet6; // which has recvtclass
  x.recvtos = true;
  x.recvtclass = true;
  for (size_t i = 0; i < inet::option_name_count; ++i) {
    auto name = static_cast<option_name>(i);
    if (!net::allowed(option_operation::setopts, name)
        || !net::tcp_allowed(name) || name == option_name::active
        || name == option_name::raw) // no value by name
      continue;
    BOOST_TEST_CONTEXT("option " << name) {
      auto opt = net::get_option(x, name);
      BOOST_TEST_REQUIRE(opt.has_value());
      BOOST_TEST(inet::name_of(*opt) == name);
      auto r = net::apply_setopts(x, {*opt});
      BOOST_TEST_REQUIRE(r.has_value());
      BOOST_TEST((r->next == x));
    }
  }
}

BOOST_AUTO_TEST_CASE(udp_sockets_take_only_udp_options) {
  BOOST_TEST_MESSAGE("Ensure that gen_udp:open and setopts on a UDP socket "
                     "accept OTP's udp_options and refuse framing and TCP "
                     "options with einval, leaving the record unchanged");
  std::vector<option_name> udp{
    option_name::active, option_name::mode, option_name::reuseaddr,
    option_name::recbuf, option_name::sndbuf, option_name::buffer,
    option_name::high_msgq_watermark, option_name::low_msgq_watermark,
    option_name::ip, option_name::ifaddr, option_name::port,
    option_name::family, option_name::ipv6_v6only, option_name::tos,
    option_name::priority, option_name::broadcast, option_name::dontroute,
    option_name::reuseport, option_name::tclass, option_name::reuseport_lb,
    option_name::read_packets, option_name::bind_to_device, option_name::raw,
    option_name::recvtos, option_name::recvttl, option_name::recvtclass,
    option_name::ttl, option_name::add_membership,
    option_name::drop_membership, option_name::multicast_if,
    option_name::multicast_loop, option_name::multicast_ttl,
    option_name::netns, option_name::exclusiveaddruse, option_name::header,
    option_name::deliver};
  for (size_t i = 0; i < inet::option_name_count; ++i) {
    auto name = static_cast<option_name>(i);
    bool expected = std::find(udp.begin(), udp.end(), name) != udp.end();
    BOOST_TEST_CONTEXT("option " << name) {
      BOOST_TEST(net::udp_allowed(name) == expected);
    }
  }
  auto ok = net::normalize_udp_options(
    {inet::active(inet::once), inet::recbuf(4096), inet::reuseaddr(true),
     inet::broadcast(true)});
  BOOST_REQUIRE(ok.has_value());
  BOOST_TEST(ok->broadcast);
  BOOST_TEST((ok->recbuf == std::optional<uint32_t>{4096}));
  for (option bad : {option{inet::packet(2)}, option{inet::nodelay(true)},
                     option{inet::high_watermark(10)},
                     option{inet::backlog(5)},
                     option{inet::send_timeout(10)},
                     option{inet::keepidle(10)}, option{inet::nopush(true)},
                     option{inet::user_timeout(10)}}) {
    BOOST_TEST_CONTEXT(inet::to_string(bad)) {
      BOOST_TEST((net::normalize_udp_options({bad}).error() == errc::einval));
      BOOST_TEST((net::apply_udp_setopts(*ok, {inet::active(false), bad})
                    .error()
                  == errc::einval));
    }
  }
  auto delta = net::apply_udp_setopts(*ok, {inet::active(false),
                                            inet::sndbuf(8192)});
  BOOST_REQUIRE(delta.has_value());
  BOOST_TEST(delta->active.size() == 1u);
  BOOST_TEST((delta->next.sndbuf == std::optional<uint32_t>{8192}));
}

BOOST_AUTO_TEST_CASE(read_packets_is_udp_only_and_at_least_one) {
  BOOST_TEST_MESSAGE("Ensure that {read_packets, N} defaults to 5, takes "
                     "1..INT32_MAX on gen_udp:open and UDP setopts, and is "
                     "einval below 1 (OTP 25: 0 is einval), above, and on "
                     "any TCP socket");
  BOOST_TEST(socket_options{}.read_packets == 5u);
  for (int64_t good : {int64_t{1}, int64_t{64}, int32_max}) {
    auto r = net::normalize_udp_options({inet::read_packets(good)});
    BOOST_REQUIRE(r.has_value());
    BOOST_TEST(r->read_packets == static_cast<uint32_t>(good));
    auto d = net::apply_udp_setopts(socket_options{},
                                    {inet::read_packets(good)});
    BOOST_REQUIRE(d.has_value());
    BOOST_TEST(d->next.read_packets == static_cast<uint32_t>(good));
  }
  for (int64_t bad : {int64_t{0}, int64_t{-1}, int32_max + 1}) {
    BOOST_TEST_CONTEXT("read_packets " << bad) {
      BOOST_TEST(error_of(net::normalize_udp_options(
                   {inet::read_packets(bad)}))
                 == "einval");
      BOOST_TEST(error_of(net::apply_udp_setopts(
                   socket_options{}, {inet::read_packets(bad)}))
                 == "einval");
    }
  }
  BOOST_TEST(error_of(net::normalize_listen_options({inet::read_packets(5)}))
             == "einval");
  BOOST_TEST(error_of(net::normalize_connect_options({inet::read_packets(5)}))
             == "einval");
  BOOST_TEST(error_of(net::apply_setopts(socket_options{},
                                         {inet::read_packets(5)}))
             == "einval");
}

BOOST_AUTO_TEST_CASE(reuseport_and_reuseport_lb_are_one_switch) {
  BOOST_TEST_MESSAGE("Ensure that reuseport and reuseport_lb set the same "
                     "field (Linux's one SO_REUSEPORT), last one wins, and "
                     "get_option reads it under either name");
  auto on = net::normalize_udp_options({inet::reuseport_lb(true)});
  BOOST_REQUIRE(on.has_value());
  BOOST_TEST(on->reuseport);
  BOOST_TEST(inet::to_string(*net::get_option(*on, option_name::reuseport))
             == "{reuseport,true}");
  auto off = net::apply_setopts(*on, {inet::reuseport(false)});
  BOOST_REQUIRE(off.has_value());
  BOOST_TEST(inet::to_string(*net::get_option(off->next,
                                              option_name::reuseport_lb))
             == "{reuseport_lb,false}");
  auto last = net::normalize_listen_options(
    {inet::reuseport(true), inet::reuseport_lb(false)});
  BOOST_REQUIRE(last.has_value());
  BOOST_TEST(!last->reuseport);
}

BOOST_AUTO_TEST_CASE(bind_to_device_takes_interface_names) {
  BOOST_TEST_MESSAGE("Ensure that bind_to_device takes a name of at most "
                     "15 bytes (IFNAMSIZ - 1) without NUL, on listen, "
                     "connect, gen_udp:open and setopts (as OTP 25), and "
                     "that the empty name (no device) is the default");
  BOOST_TEST(socket_options{}.bind_to_device.empty());
  auto r = net::normalize_connect_options({inet::bind_to_device("eth0")});
  BOOST_REQUIRE(r.has_value());
  BOOST_TEST(r->bind_to_device == "eth0");
  auto u = net::normalize_udp_options({inet::bind_to_device("lo")});
  BOOST_REQUIRE(u.has_value());
  BOOST_TEST(u->bind_to_device == "lo");
  auto d = net::apply_setopts(*r, {inet::bind_to_device("")});
  BOOST_REQUIRE(d.has_value());
  BOOST_TEST(d->next.bind_to_device.empty());
  for (auto bad : {std::string(16, 'x'), std::string(1000, 'y'),
                   std::string("lo\0", 3)}) {
    BOOST_TEST(error_of(net::normalize_udp_options({inet::bind_to_device(
                 bad)}))
               == "einval");
    BOOST_TEST(error_of(net::apply_setopts(*r, {inet::bind_to_device(bad)}))
               == "einval");
  }
  BOOST_TEST(inet::to_string(inet::bind_to_device("lo"))
             == "{bind_to_device,<<\"lo\">>}");
  BOOST_TEST(inet::to_string(inet::bind_to_device(""))
             == "{bind_to_device,<<>>}");
}

BOOST_AUTO_TEST_CASE(netns_is_given_where_a_socket_is_created) {
  BOOST_TEST_MESSAGE("Ensure that netns is taken by listen, connect and "
                     "gen_udp:open, refused by setopts (a socket stays in "
                     "the namespace it was created in) and with a NUL in "
                     "its path (no file name), read back by getopts only "
                     "when given, and printed as OTP 25 prints it");
  BOOST_TEST(!socket_options{}.netns.has_value());
  auto path = std::string{"/var/run/netns/blue"};
  auto l = net::normalize_listen_options({inet::netns(path)});
  BOOST_REQUIRE(l.has_value());
  BOOST_TEST((l->netns == std::optional<std::string>{path}));
  auto c = net::normalize_connect_options({inet::netns(path)});
  BOOST_REQUIRE(c.has_value());
  BOOST_TEST((c->netns == std::optional<std::string>{path}));
  auto u = net::normalize_udp_options({inet::netns(path)});
  BOOST_REQUIRE(u.has_value());
  BOOST_TEST((u->netns == std::optional<std::string>{path}));
  // The kernel says whether a path names a namespace (enoent, einval).
  BOOST_TEST(net::normalize_listen_options({inet::netns("")}).has_value());
  BOOST_TEST(error_of(net::normalize_listen_options(
               {inet::netns(std::string("/a\0b", 4))}))
             == "einval");
  BOOST_TEST(error_of(net::apply_setopts(*c, {inet::netns(path)}))
             == "einval");
  BOOST_TEST(error_of(net::apply_udp_setopts(*u, {inet::netns(path)}))
             == "einval");
  BOOST_TEST(net::allowed(net::option_operation::getopts, option_name::netns));
  auto got = net::get_option(*l, option_name::netns);
  BOOST_REQUIRE(got.has_value());
  BOOST_TEST(inet::to_string(*got) == "{netns,\"/var/run/netns/blue\"}");
  BOOST_TEST(!net::get_option(socket_options{}, option_name::netns));
}

BOOST_AUTO_TEST_CASE(raw_options_accumulate_in_list_order) {
  BOOST_TEST_MESSAGE("Ensure that {raw, P, O, Bin} options are kept as "
                     "given and in order at open (two with the same number "
                     "both stay: each is one setsockopt), that setopts "
                     "hands its own to the actor in setopts_delta::raw "
                     "leaving the open-time list alone, and that numbers "
                     "outside a C int are einval");
  inet::raw linger2{6, 8, std::string("\x1e\0\0\0", 4)};
  inet::raw linger2b{6, 8, std::string("\x1f\0\0\0", 4)};
  inet::raw rcvbuf{1, 8, std::string("\0\x10\0\0", 4)};
  auto open = net::normalize_connect_options(
    {linger2, inet::nodelay(true), rcvbuf, linger2b});
  BOOST_TEST_REQUIRE(open.has_value());
  BOOST_TEST((open->raw == std::vector<inet::raw>{linger2, rcvbuf, linger2b}));
  BOOST_TEST(open->nodelay);
  auto udp = net::normalize_udp_options({rcvbuf});
  BOOST_TEST_REQUIRE(udp.has_value());
  BOOST_TEST((udp->raw == std::vector<inet::raw>{rcvbuf}));
  auto set = net::apply_setopts(*open, {linger2b, inet::packet(2), linger2});
  BOOST_TEST_REQUIRE(set.has_value());
  BOOST_TEST((set->raw == std::vector<inet::raw>{linger2b, linger2}));
  BOOST_TEST((set->next.raw == open->raw));
  BOOST_TEST((set->next.packet == packet_type::p2));
  auto udp_set = net::apply_udp_setopts(*udp, {linger2});
  BOOST_TEST_REQUIRE(udp_set.has_value());
  BOOST_TEST((udp_set->raw == std::vector<inet::raw>{linger2}));
  // Negative numbers fit an int: the kernel decides about them.
  BOOST_TEST(
    net::normalize_listen_options({inet::raw(-1, -2, "")}).has_value());
  BOOST_TEST(error_of(net::apply_setopts(*open, {inet::raw(6, int32_max + 1,
                                                           "")}))
             == "einval");
  BOOST_TEST(error_of(net::normalize_udp_options(
               {inet::raw(int64_min, 8, "")}))
             == "einval");
}

BOOST_AUTO_TEST_CASE(raw_requests_are_checked_before_reading) {
  BOOST_TEST_MESSAGE("Ensure that a getopts raw request takes a size or an "
                     "input of 0..65535 bytes and numbers that fit a C int, "
                     "and is einval otherwise, as OTP answers");
  using inet::raw_request;
  BOOST_TEST((net::check_raw_request(raw_request{6, 8, 4}) == errc::ok));
  BOOST_TEST((net::check_raw_request(raw_request{6, 8, 0}) == errc::ok));
  BOOST_TEST(
    (net::check_raw_request(raw_request{6, 8, inet::max_raw_size})
     == errc::ok));
  BOOST_TEST((net::check_raw_request(raw_request{-1, -1, 4}) == errc::ok));
  BOOST_TEST(
    (net::check_raw_request(raw_request{6, 8, std::string(92, 'x')})
     == errc::ok));
  BOOST_TEST((net::check_raw_request(raw_request{6, 8, -1}) == errc::einval));
  BOOST_TEST(
    (net::check_raw_request(raw_request{6, 8, inet::max_raw_size + 1})
     == errc::einval));
  BOOST_TEST((net::check_raw_request(raw_request{
                6, 8, std::string(inet::max_raw_size + 1, 'x')})
              == errc::einval));
  BOOST_TEST(
    (net::check_raw_request(raw_request{int32_max + 1, 8, 4}) == errc::einval));
  BOOST_TEST(
    (net::check_raw_request(raw_request{6, int64_min, 4}) == errc::einval));
  BOOST_TEST(inet::max_raw_size == 65535);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(recv_ancillary_options_are_flags_and_recvtclass_ipv6) {
  BOOST_TEST_MESSAGE("Ensure that recvtos, recvttl and recvtclass are off by "
                     "default, set their own field (last one wins) on UDP "
                     "and TCP sockets, and that recvtclass, either value, "
                     "is einval on an IPv4 socket at open and in setopts, "
                     "as in OTP 25, whatever the order of inet6 in the list");
  socket_options d;
  BOOST_TEST(!d.recvtos);
  BOOST_TEST(!d.recvttl);
  BOOST_TEST(!d.recvtclass);
  BOOST_TEST(!d.wants_ancillary());
  auto u = net::normalize_udp_options(
    {inet::recvtos(true), inet::recvttl(true), inet::recvtos(false)});
  BOOST_REQUIRE(u.has_value());
  BOOST_TEST(!u->recvtos);
  BOOST_TEST(u->recvttl);
  BOOST_TEST(!u->recvtclass);
  BOOST_TEST(u->wants_ancillary());
  auto t = net::normalize_listen_options({inet::recvtos(true)});
  BOOST_REQUIRE(t.has_value());
  BOOST_TEST(t->recvtos);
  BOOST_TEST(t->wants_ancillary());
  // recvtclass wants an IPv6 socket, wherever the list says so.
  for (auto opts : std::vector<std::vector<option>>{
         {inet::recvtclass(true), inet::inet6},
         {inet::inet6, inet::recvtclass(true)},
         {inet::ip(v6_addr), inet::recvtclass(true)}}) {
    auto r = net::normalize_udp_options(opts);
    BOOST_REQUIRE(r.has_value());
    BOOST_TEST(r->recvtclass);
    BOOST_TEST(r->wants_ancillary());
  }
  for (auto opts : std::vector<std::vector<option>>{
         {inet::recvtclass(true)},
         {inet::recvtclass(false)},
         {inet::inet6, inet::recvtclass(true), inet::inet},
         {inet::ip(v4_addr), inet::recvtclass(false)}}) {
    BOOST_TEST(error_of(net::normalize_udp_options(opts)) == "einval");
    BOOST_TEST(error_of(net::normalize_listen_options(opts)) == "einval");
  }
  BOOST_TEST(error_of(net::apply_udp_setopts(*u, {inet::recvtclass(false)}))
             == "einval");
  BOOST_TEST(error_of(net::apply_setopts(*t, {inet::recvtclass(true)}))
             == "einval");
  socket_options v6;
  v6.family = inet::family_kind::inet6;
  auto on = net::apply_udp_setopts(v6, {inet::recvtclass(true)});
  BOOST_REQUIRE(on.has_value());
  BOOST_TEST(on->next.recvtclass);
  auto off = net::apply_udp_setopts(on->next, {inet::recvtclass(false)});
  BOOST_REQUIRE(off.has_value());
  BOOST_TEST(!off->next.recvtclass);
  BOOST_TEST(!off->next.wants_ancillary());
}
