// inet:getstat on real sockets: what counts as a received and a sent
// packet (replaying an OTP 25 session: the same packets gave the same
// figures there), send_pend, listen sockets and bad names.

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>

#include "support/loopback.hpp"

using namespace otpnet;
using namespace otpnet::test;
using namespace std::chrono_literals;
using inet::stat_option;

namespace {

/// "name=value ..." of a getstat answer.
std::string render(const inet::stat_values& v) {
  std::string out;
  for (auto& [o, x] : v)
    out += std::string{inet::to_string(o)} + "=" + std::to_string(x) + " ";
  return out;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(getstat_suite, loopback_fixture)

BOOST_AUTO_TEST_CASE(packets_count_with_their_headers_as_in_otp) {
  BOOST_TEST_MESSAGE("Ensure that {packet,2} sends of 3, 5, 10 and 0 bytes "
                     "give OTP 25's figures on both ends, in getstat/1's "
                     "order");
  auto ls = listen({inet::packet(2), inet::active(false)});
  auto c = gen_tcp::connect(self(), "127.0.0.1", port_of(ls),
                            {inet::packet(2), inet::active(false)}, budget);
  BOOST_REQUIRE(c);
  auto s = gen_tcp::accept(self(), ls, budget);
  BOOST_REQUIRE(s);
  auto fresh = inet::getstat(self(), *c);
  BOOST_REQUIRE(fresh);
  BOOST_TEST(render(*fresh)
             == "recv_avg=0 recv_cnt=0 recv_dvi=0 recv_max=0 recv_oct=0 "
                "send_avg=0 send_cnt=0 send_pend=0 send_max=0 send_oct=0 ");
  for (size_t n : {3, 5, 10, 0})
    BOOST_REQUIRE(gen_tcp::send(self(), *c, binary{std::string(n, 'x')}));
  for (int i = 0; i < 4; ++i)
    BOOST_REQUIRE(gen_tcp::recv(self(), *s, 0, budget));
  auto sent = inet::getstat(self(), *c);
  BOOST_REQUIRE(sent);
  BOOST_TEST(render(*sent)
             == "recv_avg=0 recv_cnt=0 recv_dvi=0 recv_max=0 recv_oct=0 "
                "send_avg=6 send_cnt=4 send_pend=0 send_max=12 send_oct=26 ");
  auto got = inet::getstat(self(), *s);
  BOOST_REQUIRE(got);
  BOOST_TEST(render(*got)
             == "recv_avg=6 recv_cnt=4 recv_dvi=0 recv_max=12 recv_oct=26 "
                "send_avg=0 send_cnt=0 send_pend=0 send_max=0 send_oct=0 ");
}

BOOST_AUTO_TEST_CASE(every_delivery_counts_once) {
  BOOST_TEST_MESSAGE("Ensure that raw recv(N) and recv(0), active messages, "
                     "lines and http lines each count once with their "
                     "length (OTP 25: +2, +8; +1, +3; +2, +6; +2, +18)");
  auto ls = listen({inet::active(false)});
  auto [s, peer] = accept_peer(ls);
  auto counts = [&] {
    auto v = inet::getstat(self(), s,
                           {stat_option::recv_cnt, stat_option::recv_oct});
    BOOST_REQUIRE(v);
    return render(*v);
  };
  BOOST_REQUIRE(peer.write("abcdefgh"));
  BOOST_TEST(gen_tcp::recv(self(), s, 3, budget)->view() == "abc");
  BOOST_TEST(gen_tcp::recv(self(), s, 5, budget)->view() == "defgh");
  BOOST_TEST(counts() == "recv_cnt=2 recv_oct=8 ");
  BOOST_REQUIRE(inet::setopts(self(), s, {inet::active(true)}));
  BOOST_REQUIRE(peer.write("abc"));
  BOOST_TEST(expect_bytes(3) == "abc");
  BOOST_TEST(counts() == "recv_cnt=3 recv_oct=11 ");
  BOOST_REQUIRE(inet::setopts(self(), s, {inet::packet(net::packet_type::line)}));
  BOOST_REQUIRE(peer.write("l1\nl2\n"));
  expect<tcp_msg>();
  expect<tcp_msg>();
  BOOST_TEST(counts() == "recv_cnt=5 recv_oct=17 ");
  BOOST_REQUIRE(
    inet::setopts(self(), s, {inet::packet(net::packet_type::http_bin)}));
  BOOST_REQUIRE(peer.write("GET / HTTP/1.1\r\n\r\n"));
  expect<http_msg>();
  expect<http_msg>();
  BOOST_TEST(counts() == "recv_cnt=7 recv_oct=35 ");
}

BOOST_AUTO_TEST_CASE(send_pend_is_what_waits_to_be_written) {
  BOOST_TEST_MESSAGE("Ensure that send_pend shows the bytes queued behind a "
                     "peer that does not read, and falls to 0 once it has "
                     "read them");
  constexpr size_t size = 4 << 20;
  auto ls = listen({inet::sndbuf{4096}});
  auto peer = raw_peer::connect(port_of(ls), false, 4096);
  BOOST_REQUIRE(peer);
  auto s = gen_tcp::accept(self(), ls, budget);
  BOOST_REQUIRE(s);
  // One send is accepted whole even past the high watermark.
  BOOST_REQUIRE(gen_tcp::send(self(), *s, binary{std::string(size, 'p')}));
  auto pend = [&] {
    auto v = inet::getstat(self(), *s, {stat_option::send_pend});
    BOOST_REQUIRE(v);
    return v->front().second;
  };
  auto queued = pend();
  BOOST_TEST_MESSAGE("queued behind the peer: " << queued);
  BOOST_TEST(queued > 0u);
  BOOST_TEST(queued <= size);
  auto sent = inet::getstat(self(), *s, {stat_option::send_oct});
  BOOST_TEST(sent->front().second == size);
  BOOST_REQUIRE(peer->read_exact(size, 30s));
  // The peer has every byte, so the writes are done; the socket learns so
  // from its event loop: ask until it has (bounded).
  auto deadline = std::chrono::steady_clock::now() + budget;
  while (pend() != 0 && std::chrono::steady_clock::now() < deadline) {
    // nop
  }
  BOOST_TEST(pend() == 0u);
}

BOOST_AUTO_TEST_CASE(a_listen_socket_reports_zeros) {
  BOOST_TEST_MESSAGE("Ensure that getstat on a listen socket is every "
                     "statistic at 0, as in OTP");
  auto ls = listen();
  auto v = inet::getstat(self(), ls);
  BOOST_REQUIRE(v);
  BOOST_TEST(v->size() == inet::all_stat_options.size());
  for (auto& [o, x] : *v)
    BOOST_TEST(x == 0u, inet::to_string(o));
}

BOOST_AUTO_TEST_CASE(a_bad_name_is_einval_and_a_closed_socket_closed) {
  BOOST_TEST_MESSAGE("Ensure that a name outside the enum is einval (the "
                     "socket works on), an empty list is empty, and a closed "
                     "socket answers closed");
  auto ls = listen({inet::active(false)});
  auto [s, peer] = accept_peer(ls);
  auto bad = inet::getstat(self(), s,
                           {stat_option::recv_cnt,
                            static_cast<stat_option>(42)});
  BOOST_TEST((bad.error() == errc::einval));
  auto none = inet::getstat(self(), s, {});
  BOOST_REQUIRE(none);
  BOOST_TEST(none->empty());
  BOOST_REQUIRE(peer.write("x"));
  BOOST_REQUIRE(gen_tcp::recv(self(), s, 1, budget));
  BOOST_REQUIRE(gen_tcp::close(self(), s));
  // closed, like every otpnet call on a closed socket (OTP 25: einval).
  auto closed = inet::getstat(self(), s);
  BOOST_TEST((closed.error() == errc::closed));
}

BOOST_AUTO_TEST_SUITE_END()
