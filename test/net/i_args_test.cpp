// inet:i/0..2's arguments as text (otpnet/inet/i_args.hpp).

#include <boost/test/unit_test.hpp>

#include <otpnet/inet/i_args.hpp>

using namespace otpnet::inet;
using F = i_field;
using P = socket_protocol;

namespace {

std::vector<P> all_protocols() {
  return {P::tcp, P::udp, P::sctp};
}

/// Fields and show_ports flags, comparable in BOOST_TEST.
std::vector<std::string> flat(const std::vector<i_item>& xs) {
  std::vector<std::string> out;
  for (const auto& x : xs)
    out.push_back(std::to_string(static_cast<int>(x.field))
                  + (x.show_ports ? "+ports" : ""));
  return out;
}

std::string why(const otpnet::net::result<i_args>& r) {
  return r ? "ok" : std::string{to_atom(r.error())};
}

std::vector<int> protos(const std::vector<P>& xs) {
  std::vector<int> out;
  for (auto x : xs)
    out.push_back(static_cast<int>(x));
  return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(i_args_suite)

BOOST_AUTO_TEST_CASE(the_arities_of_i_read_as_erlang_calls_them) {
  BOOST_TEST_MESSAGE("Ensure that '', PROTO, show_ports, an option list and "
                     "PROTO with either map to i/0..2's protocols and "
                     "columns");
  auto i0 = parse_i_args("");
  BOOST_REQUIRE(i0);
  BOOST_TEST(protos(i0->protocols) == protos(all_protocols()));
  BOOST_TEST(flat(i0->items) == flat(all_i_items()));
  auto tcp = parse_i_args("tcp");
  BOOST_REQUIRE(tcp);
  BOOST_TEST(protos(tcp->protocols) == std::vector<int>{int(P::tcp)});
  BOOST_TEST(flat(tcp->items) == flat(all_i_items()));
  auto sp = parse_i_args("show_ports");
  BOOST_REQUIRE(sp);
  BOOST_TEST(protos(sp->protocols) == protos(all_protocols()));
  BOOST_TEST(flat(sp->items) == flat(all_i_items(true)));
  auto udp_sp = parse_i_args(" udp   show_ports ");
  BOOST_REQUIRE(udp_sp);
  BOOST_TEST(protos(udp_sp->protocols) == std::vector<int>{int(P::udp)});
  BOOST_TEST(flat(udp_sp->items) == flat(all_i_items(true)));
  auto list = parse_i_args("sctp [port, {local_address,true}, state,"
                           " {foreign_address, false}]");
  BOOST_REQUIRE(list);
  BOOST_TEST(protos(list->protocols) == std::vector<int>{int(P::sctp)});
  BOOST_TEST(flat(list->items)
             == flat({F::port, {F::local_address, true}, F::state,
                      {F::foreign_address, false}}));
  auto bare = parse_i_args("owner,owner,type");
  BOOST_REQUIRE(bare);
  BOOST_TEST(protos(bare->protocols) == protos(all_protocols()));
  BOOST_TEST(flat(bare->items) == flat({F::owner, F::owner, F::type}));
  auto every = parse_i_args("[port,module,recv,sent,owner,local_address,"
                            "foreign_address,state,type]");
  BOOST_REQUIRE(every);
  BOOST_TEST(flat(every->items) == flat(all_i_items()));
}

BOOST_AUTO_TEST_CASE(anything_else_is_einval) {
  BOOST_TEST_MESSAGE("Ensure that unknown protocols or columns, empty or "
                     "unbalanced lists, a flag on the wrong column and extra "
                     "words are einval");
  for (auto bad : {"tcp udp", "TCP", "show_ports tcp", "tcp show_ports x",
                   "[]", "tcp []", "[port", "port]", "[port,]", ",port",
                   "port,,state", "{port,true}", "{local_address}",
                   "{local_address,yes}", "{local_address,true",
                   "local_address,true}", "{{local_address,true}}",
                   "[{local_address,true},{state}]", "show_ports,port",
                   "ip", "port state", "tcp [port] [state]", "\x01"})
    BOOST_TEST(why(parse_i_args(bad)) == "einval", "'" << bad << "'");
}

BOOST_AUTO_TEST_SUITE_END()
