#include <boost/test/unit_test.hpp>

#include <string_view>
#include <vector>

#include "net/inet_printers.hpp"
#include "otpnet/inet/options.hpp"

using namespace std::literals;
using otpnet::inet::ip4_address;
using otpnet::inet::ip6_address;
using otpnet::inet::ip_address;
using otpnet::inet::option;
using otpnet::inet::option_name;
using otpnet::net::packet_type;

namespace inet = otpnet::inet;

BOOST_AUTO_TEST_SUITE(options_suite)

namespace {

// What Linux answers for an accepted socket whose SYN had TTL 9, TOS 32.
inet::ancillary_data syn_data() {
  inet::ancillary_data x;
  x.set(inet::ancillary_kind::ttl, 9);
  x.set(inet::ancillary_kind::tos, 32);
  return x;
}

} // namespace

BOOST_AUTO_TEST_CASE(options_read_like_erlang) {
  BOOST_TEST_MESSAGE("Ensure that options are written as in Erlang, with "
                     "braces or parentheses, and keep the value given");
  std::vector<option> opts{inet::active(inet::once), inet::packet(2),
                           inet::binary,             inet::nodelay{true},
                           inet::nodelay(false),     inet::inet6,
                           inet::linger{true, 5},    inet::recbuf(1 << 20),
                           inet::send_timeout(inet::infinity)};
  BOOST_TEST(opts.size() == 9u);
  BOOST_TEST(std::get<inet::nodelay>(opts[3]).value);
  BOOST_TEST(!std::get<inet::nodelay>(opts[4]).value);
  BOOST_TEST(std::get<inet::recbuf>(opts[7]).value == 1 << 20);
  BOOST_TEST(!std::get<inet::send_timeout>(opts[8]).ms.has_value());
  // Out-of-range values stay representable so normalisation can reject them.
  BOOST_TEST(inet::active(40000).n == 40000);
  BOOST_TEST(inet::active(-40000).n == -40000);
  BOOST_TEST(inet::port(-1).value == -1);
  BOOST_TEST(inet::active(~0ull).n > 32767); // saturates, never wraps
}

BOOST_AUTO_TEST_CASE(active_and_packet_constructors_map_erlang_values) {
  BOOST_TEST_MESSAGE("Ensure that active(true|false|once|N) and "
                     "packet(0|1|2|4|type) pick the right kind, and other "
                     "packet integers are marked invalid");
  BOOST_TEST((inet::active(true).kind == inet::active_kind::always));
  BOOST_TEST((inet::active(false).kind == inet::active_kind::passive));
  BOOST_TEST((inet::active(inet::once).kind == inet::active_kind::once));
  BOOST_TEST((inet::active(0).kind == inet::active_kind::n));
  BOOST_TEST((inet::active{} == inet::active(true)));
  BOOST_TEST((inet::active(3) != inet::active(4)));
  BOOST_TEST((inet::packet(0).type == packet_type::raw));
  BOOST_TEST((inet::packet(1).type == packet_type::p1));
  BOOST_TEST((inet::packet(2).type == packet_type::p2));
  BOOST_TEST((inet::packet(4).type == packet_type::p4));
  BOOST_TEST((inet::packet(packet_type::line).type == packet_type::line));
  for (int bad : {-1, 3, 5, 8, 1000})
    BOOST_TEST(!inet::packet(bad).valid);
  BOOST_TEST(inet::packet(2).valid);
}

BOOST_AUTO_TEST_CASE(option_names_round_trip) {
  BOOST_TEST_MESSAGE("Ensure that every option_name has its Erlang spelling "
                     "and option_name_from_string inverts to_string");
  for (size_t i = 0; i < inet::option_name_count; ++i) {
    auto name = static_cast<option_name>(i);
    auto text = inet::to_string(name);
    BOOST_TEST(text != "unknown");
    auto back = inet::option_name_from_string(text);
    BOOST_TEST_REQUIRE(back.has_value());
    BOOST_TEST(*back == name);
  }
  BOOST_TEST(inet::to_string(option_name::high_msgq_watermark)
             == "high_msgq_watermark");
  BOOST_TEST(inet::to_string(option_name::send_timeout_close)
             == "send_timeout_close");
  BOOST_TEST(!inet::option_name_from_string("nope").has_value());
  BOOST_TEST(!inet::option_name_from_string("").has_value());
  BOOST_TEST(!inet::option_name_from_string("Active").has_value());
  BOOST_TEST(inet::to_string(static_cast<option_name>(200)) == "unknown");
}

BOOST_AUTO_TEST_CASE(name_of_follows_the_variant_order) {
  BOOST_TEST_MESSAGE("Ensure that name_of returns the key of each option");
  BOOST_TEST(inet::name_of(inet::active(true)) == option_name::active);
  BOOST_TEST(inet::name_of(inet::binary) == option_name::mode);
  BOOST_TEST(inet::name_of(inet::inet6) == option_name::family);
  BOOST_TEST(inet::name_of(inet::ifaddr{ip_address{}}) == option_name::ifaddr);
  BOOST_TEST(inet::name_of(inet::priority(1)) == option_name::priority);
  BOOST_TEST(inet::name_of(inet::linger(false, 0)) == option_name::linger);
}

BOOST_AUTO_TEST_CASE(to_string_renders_erlang_terms) {
  BOOST_TEST_MESSAGE("Ensure that to_string(option) prints Erlang term "
                     "syntax, e.g. {active,once} and {linger,{true,5}}");
  struct render_case {
    option opt;
    std::string_view text;
  };
  std::vector<render_case> cases = {
    {inet::active(true), "{active,true}"},
    {inet::active(false), "{active,false}"},
    {inet::active(inet::once), "{active,once}"},
    {inet::active(5), "{active,5}"},
    {inet::active(-32768), "{active,-32768}"},
    {inet::packet(0), "{packet,0}"},
    {inet::packet(packet_type::raw), "{packet,0}"},
    {inet::packet(1), "{packet,1}"},
    {inet::packet(2), "{packet,2}"},
    {inet::packet(4), "{packet,4}"},
    {inet::packet(packet_type::line), "{packet,line}"},
    {inet::packet(packet_type::http_bin), "{packet,http_bin}"},
    {inet::packet(3), "{packet,3}"},
    {inet::packet_size(1024), "{packet_size,1024}"},
    {inet::line_delimiter('\n'), "{line_delimiter,10}"},
    {inet::binary, "{mode,binary}"},
    {inet::list, "{mode,list}"},
    {inet::nodelay(true), "{nodelay,true}"},
    {inet::keepalive(false), "{keepalive,false}"},
    {inet::reuseaddr(true), "{reuseaddr,true}"},
    {inet::backlog(128), "{backlog,128}"},
    {inet::recbuf(8192), "{recbuf,8192}"},
    {inet::sndbuf(8192), "{sndbuf,8192}"},
    {inet::buffer(1460), "{buffer,1460}"},
    {inet::exit_on_close(false), "{exit_on_close,false}"},
    {inet::high_watermark(8192), "{high_watermark,8192}"},
    {inet::low_watermark(4096), "{low_watermark,4096}"},
    {inet::high_msgq_watermark(8192), "{high_msgq_watermark,8192}"},
    {inet::low_msgq_watermark(4096), "{low_msgq_watermark,4096}"},
    {inet::send_timeout(5000), "{send_timeout,5000}"},
    {inet::send_timeout(inet::infinity), "{send_timeout,infinity}"},
    {inet::send_timeout_close(true), "{send_timeout_close,true}"},
    {inet::delay_send(true), "{delay_send,true}"},
    {inet::linger(true, 5), "{linger,{true,5}}"},
    {inet::linger(false, 0), "{linger,{false,0}}"},
    {inet::show_econnreset(true), "{show_econnreset,true}"},
    {inet::ip(ip_address::loopback_v4()), "{ip,{127,0,0,1}}"},
    {inet::ip(ip_address::loopback_v6()), "{ip,{0,0,0,0,0,0,0,1}}"},
    {inet::ifaddr(ip4_address{{10, 1, 2, 3}}), "{ifaddr,{10,1,2,3}}"},
    {inet::ip(ip6_address{{0xfe80, 0, 0, 0, 0, 0, 0, 0xffff}}),
     "{ip,{65152,0,0,0,0,0,0,65535}}"},
    {inet::port(8080), "{port,8080}"},
    {inet::inet, "inet"},
    {inet::inet6, "inet6"},
    {inet::ipv6_v6only(true), "{ipv6_v6only,true}"},
    {inet::tos(16), "{tos,16}"},
    {inet::priority(6), "{priority,6}"},
    {inet::nopush(true), "{nopush,true}"},
    {inet::user_timeout(30000), "{user_timeout,30000}"},
    {inet::tclass(-1), "{tclass,-1}"},
    {inet::reuseport_lb(true), "{reuseport_lb,true}"},
    {inet::exclusiveaddruse(true), "{exclusiveaddruse,true}"},
    {inet::header(2), "{header,2}"},
    {inet::deliver(inet::deliver_kind::term), "{deliver,term}"},
    {inet::deliver(inet::deliver_kind::port), "{deliver,port}"},
    {inet::read_packets(5), "{read_packets,5}"},
    {inet::bind_to_device("lo"), "{bind_to_device,<<\"lo\">>}"},
    {inet::bind_to_device(""), "{bind_to_device,<<>>}"},
    {inet::read_ahead(false), "{read_ahead,false}"},
    // raw: the shell's binaries, bytes in decimal unless all printable.
    {inet::raw(6, 8, std::string("\x1e\0\0\0", 4)), "{raw,6,8,<<30,0,0,0>>}"},
    {inet::raw(1, 25, "lo"), "{raw,1,25,<<\"lo\">>}"},
    {inet::raw(-1, 0, ""), "{raw,-1,0,<<>>}"},
    {inet::raw(0, 1, "a\xff"), "{raw,0,1,<<97,255>>}"},
    {inet::recvtos(true), "{recvtos,true}"},
    {inet::recvttl(false), "{recvttl,false}"},
    {inet::recvtclass(true), "{recvtclass,true}"},
    {inet::ttl(64), "{ttl,64}"},
    {inet::ttl(-1), "{ttl,-1}"},
    {inet::pktoptions{}, "{pktoptions,[]}"},
    {inet::pktoptions{syn_data()}, "{pktoptions,[{ttl,9},{tos,32}]}"},
    {inet::bind_to_device(std::string("a\"\0", 3)),
     "{bind_to_device,<<\"a\\\"\\x00\">>}"},
  };
  for (const auto& c : cases)
    BOOST_TEST(inet::to_string(c.opt) == c.text);
}

BOOST_AUTO_TEST_SUITE_END()
