// otpnet::inspection: the answers to "i ..." and "info N" requests, and the
// endpoint that serves them over loopback (one request line per
// connection, the answer, then close).

#include <chrono>
#include <string>
#include <thread>

#include <boost/test/unit_test.hpp>

#include <otpnet/gen_udp.hpp>
#include <otpnet/inspection.hpp>
#include <otpnet/sock.hpp>
#include <otpnet/sock_info.hpp>

#include "support/loopback.hpp"

using namespace otpnet;
using namespace otpnet::test;
using inet::i_field;
using inet::socket_protocol;

namespace {

struct inspection_fixture : loopback_fixture {
  std::string answer(const std::string& request) {
    return inspection::answer(self(), request);
  }

  std::string table(socket_protocol p,
                    const std::vector<inet::i_item>& items
                    = inet::all_i_items()) {
    return inet::format_i(self(), p, items);
  }

  uint16_t serve() {
    auto port = inspection::serve(self(), 0);
    BOOST_REQUIRE_MESSAGE(port, "serve failed: " << why(port));
    return *port;
  }

  /// One request over a fresh connection: the whole answer.
  std::string ask(uint16_t port, const std::string& line) {
    auto peer = raw_peer::connect(port);
    BOOST_REQUIRE(peer);
    BOOST_REQUIRE(peer->write(line));
    auto text = peer->read_to_eof();
    BOOST_REQUIRE_MESSAGE(text, "no answer to " << line);
    return *text;
  }
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(inspection_suite, inspection_fixture)

BOOST_AUTO_TEST_CASE(i_answers_inet_i_for_the_protocols_asked) {
  BOOST_TEST_MESSAGE("Ensure that 'i ARGS' answers inet:i's table with the "
                     "protocols and columns ARGS name, as format_i does");
  auto ls = listen();
  auto u = gen_udp::open(self(), 0,
                         {inet::ip{inet::ip_address::loopback_v4()}});
  BOOST_REQUIRE(u);
  auto tcp = table(socket_protocol::tcp);
  auto udp = table(socket_protocol::udp);
  BOOST_TEST(tcp.find("localhost:" + std::to_string(port_of(ls)))
             != std::string::npos);
  BOOST_TEST(!udp.empty());
  BOOST_TEST(answer("i") == tcp + udp);
  BOOST_TEST(answer("  i  ") == tcp + udp);
  BOOST_TEST(answer("i tcp") == tcp);
  BOOST_TEST(answer("i udp") == udp);
  BOOST_TEST(answer("i sctp").empty());
  BOOST_TEST(answer("i tcp [port, state]")
             == table(socket_protocol::tcp, {i_field::port, i_field::state}));
  BOOST_TEST(answer("i show_ports")
             == table(socket_protocol::tcp, inet::all_i_items(true))
                  + table(socket_protocol::udp, inet::all_i_items(true)));
  BOOST_TEST(answer("i udp {local_address,true},owner")
             == table(socket_protocol::udp,
                      {{i_field::local_address, true}, i_field::owner}));
}

BOOST_AUTO_TEST_CASE(info_answers_the_info_map_of_a_socket_by_number) {
  BOOST_TEST_MESSAGE("Ensure that 'info N' answers inet:info/1 of the socket "
                     "numbered N in the table (socket:info/1 for the socket "
                     "module's sockets), enoent for no such socket");
  auto ls = listen();
  auto x = inet::info(self(), ls);
  BOOST_REQUIRE(x);
  BOOST_TEST(answer("info " + std::to_string(ls.id()))
             == inet::to_string(*x) + "\n");
  auto m = sock::open(self(), sock::domain::inet, sock::type::stream);
  BOOST_REQUIRE(m);
  auto mx = sock::info(self(), *m);
  BOOST_REQUIRE(mx);
  BOOST_TEST(answer("info " + std::to_string(m->id()))
             == sock::to_string(*mx) + "\n");
  // The test actor is no socket.
  BOOST_TEST(answer("info " + std::to_string(self()->id()))
             == "{error,enoent}\n");
  BOOST_REQUIRE(gen_tcp::close(self(), ls));
  BOOST_TEST(answer("info " + std::to_string(ls.id())) == "{error,enoent}\n");
}

BOOST_AUTO_TEST_CASE(bad_requests_answer_einval) {
  BOOST_TEST_MESSAGE("Ensure that a request that is not 'i ARGS' or 'info "
                     "N' is answered {error,einval}");
  for (std::string bad : {"", "I", "inet", "i bogus", "i tcp udp",
                          "i [port", "i []", "info", "info x", "info 1 2",
                          "info -1", "info 99999999999999999999999",
                          "info\t", "i\x01", "x i"})
    BOOST_TEST(answer(bad) == "{error,einval}\n", "request '" << bad << "'");
}

BOOST_AUTO_TEST_CASE(the_endpoint_answers_each_connection_once) {
  BOOST_TEST_MESSAGE("Ensure that the endpoint answers one request line per "
                     "connection and closes it, lists itself, and goes on "
                     "after a client that sent too long a line");
  auto ls = listen();
  auto port = serve();
  auto first = ask(port, "i tcp [port,local_address]\n");
  BOOST_TEST(first.rfind("Port Local Address", 0) == 0, first);
  BOOST_TEST(first.find(std::to_string(ls.id()) + " ") != std::string::npos);
  // Its own listen socket and the connection being answered.
  auto here = "localhost:" + std::to_string(port);
  auto own = first.find(here);
  BOOST_TEST(own != std::string::npos);
  BOOST_TEST(first.find(here, own + 1) != std::string::npos);
  BOOST_TEST(ask(port, "info " + std::to_string(ls.id()) + "\n")
             == answer("info " + std::to_string(ls.id())));
  BOOST_TEST(ask(port, "nonsense\r\n") == "{error,einval}\n");
  // Longer than any request: dropped without an answer.
  BOOST_TEST(ask(port, std::string(5000, 'i') + "\n").empty());
  BOOST_TEST(ask(port, "i sctp\n").empty());
  BOOST_TEST(ask(port, "info 0\n") == "{error,enoent}\n");
}

BOOST_AUTO_TEST_CASE(clients_that_neither_ask_nor_read_do_not_hold_it) {
  BOOST_TEST_MESSAGE("Ensure that a client that sends no request is "
                     "dropped after the request limit, that one that does "
                     "not read a long answer is closed after the send limit "
                     "without it, and that the next client is answered");
  using namespace std::chrono_literals;
  inspection::limits lim{200ms, 200ms};
  // Small enough that the answer below cannot all be queued (loopback's
  // own send buffers grow to megabytes and would take it).
  lim.send_buffer = 4096;
  auto port = inspection::serve(self(), inet::ip_address::loopback_v4(), 0,
                                lim);
  BOOST_REQUIRE(port);
  // A wide table (about 70 KB) for a client with a small receive buffer.
  std::vector<otpnet::socket> many;
  for (int i = 0; i < 100; ++i)
    many.push_back(listen());
  std::string wide = "i tcp [";
  for (int i = 0; i < 45; ++i)
    wide += "{local_address,true},";
  wide += "port]";
  auto full = answer(wide).size();
  BOOST_REQUIRE_GT(full, 60000u);
  auto silent = raw_peer::connect(*port);
  BOOST_REQUIRE(silent);
  auto stuck = raw_peer::connect(*port, false, 1024);
  BOOST_REQUIRE(stuck);
  BOOST_REQUIRE(stuck->write(wide + "\n"));
  BOOST_TEST(ask(*port, "i sctp\n").empty());
  BOOST_TEST(silent->read_eof());
  // The endpoint gave up on `stuck`: what reached it ends early (with a
  // reset, or EOF, depending on what was still unsent at the close).
  auto got = stuck->count_to_close();
  BOOST_REQUIRE(got);
  BOOST_TEST(*got < full / 2);
}

BOOST_AUTO_TEST_CASE(serve_with_a_bad_send_buffer_fails_and_leaves_nothing) {
  BOOST_TEST_MESSAGE("Ensure that a negative send buffer limit is refused "
                     "with einval and leaves no socket behind");
  inspection::limits lim;
  lim.send_buffer = -1;
  auto before = rt->open_sockets();
  auto res = inspection::serve(self(), inet::ip_address::loopback_v4(), 0,
                               lim);
  BOOST_TEST(why(res) == "einval");
  BOOST_TEST(rt->open_sockets() == before);
}

BOOST_AUTO_TEST_CASE(the_endpoint_ends_when_its_socket_closes) {
  BOOST_TEST_MESSAGE("Ensure that close_all_sockets ends the endpoint: its "
                     "port refuses connections and no socket is left");
  auto port = serve();
  BOOST_TEST(rt->open_sockets() == 1u);
  rt->close_all_sockets();
  // close_all_sockets only starts the closing: wait (bounded) for its end.
  auto deadline = std::chrono::steady_clock::now() + budget;
  bool refused = false;
  while (!refused && std::chrono::steady_clock::now() < deadline)
    refused = !raw_peer::connect(port);
  BOOST_TEST(refused);
  while (rt->open_sockets() != 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::yield();
  BOOST_TEST(rt->open_sockets() == 0u);
}

BOOST_AUTO_TEST_CASE(serve_on_a_taken_port_fails_and_leaves_nothing) {
  BOOST_TEST_MESSAGE("Ensure that serve on a port in use returns eaddrinuse "
                     "and leaves no socket behind");
  auto ls = listen();
  auto before = rt->open_sockets();
  auto res = inspection::serve(self(), port_of(ls));
  BOOST_TEST(why(res) == "eaddrinuse");
  BOOST_TEST(rt->open_sockets() == before);
}

BOOST_AUTO_TEST_CASE(serve_on_ipv6_loopback) {
  BOOST_TEST_MESSAGE("Ensure that the endpoint serves on ::1 when asked");
  auto port = inspection::serve(self(), inet::ip_address::loopback_v6(), 0);
  BOOST_REQUIRE_MESSAGE(port, "serve failed: " << why(port));
  auto peer = raw_peer::connect(*port, true);
  BOOST_REQUIRE(peer);
  BOOST_REQUIRE(peer->write("i tcp [module]\n"));
  auto text = peer->read_to_eof();
  BOOST_REQUIRE(text);
  BOOST_TEST(text->find("inet6_tcp") != std::string::npos, *text);
}

BOOST_AUTO_TEST_SUITE_END()
