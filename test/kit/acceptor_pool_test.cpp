// The acceptor of samples/acceptor_pool under EMFILE: accepting must back
// off instead of spinning, and existing connections must keep working.

#include "common/pool_acceptor.hpp"

#include <chrono>

#include <caf/exit_reason.hpp>

#include "kit/kit_support.hpp"

using namespace otpnet::testing;
using namespace otpnet::kit_test;
using namespace std::chrono_literals;
namespace samples = otpnet::samples;
namespace inet = otpnet::inet;
using otpnet::errc;

BOOST_FIXTURE_TEST_SUITE(acceptor_pool, deterministic_fixture)

BOOST_AUTO_TEST_CASE(emfile_on_accept_backs_off_and_connections_keep_working) {
  BOOST_TEST_MESSAGE("Ensure that while accept fails with emfile the pool's acceptors retry at a bounded rate, served connections keep echoing, and accepting resumes afterwards");
  constexpr int pool = 3;
  auto owner = make_probe("listen owner");
  auto reg = std::make_shared<samples::actor_registry>();
  auto ls = owner.listen(0, {inet::binary, inet::active(false),
                             inet::exit_on_close(false)});
  BOOST_REQUIRE(ls);
  auto port = *owner.port(*ls);
  for (int i = 0; i < pool; ++i)
    reg->add(spawn(samples::pool_acceptor, samples::acceptor_args{*ls, inet::active(inet::once),
                                           reg}));
  run();
  auto p1 = connect_peer(port);
  p1.send("one");
  expect_peer_received(p1, "one");
  // Out of file descriptors from now on. A spinning acceptor would keep
  // run() from ever settling (the fixture fails after step_limit steps).
  net().fail_accepts(port, errc::emfile, simulated_network::forever);
  auto p2 = connect_peer(port);
  run();
  auto first = net().failed_accepts(port);
  BOOST_TEST(first == size_t(pool)); // each waiting acceptor got emfile once
  advance(1s);
  auto in_a_second = net().failed_accepts(port) - first;
  BOOST_TEST_MESSAGE("failed accepts in one simulated second: " << in_a_second);
  BOOST_TEST(in_a_second >= size_t(pool));        // it keeps trying...
  BOOST_TEST(in_a_second <= size_t(pool) * 11u);  // ...every 100 ms at most
  // The connection served before keeps working meanwhile.
  p1.send("still here");
  expect_peer_received(p1, "still here");
  // Descriptors are back: the waiting connection is accepted on the next
  // retry and served.
  net().clear_accept_failures(port);
  advance(100ms);
  BOOST_TEST(net().accepted(port) == 2u);
  p2.send("two");
  expect_peer_received(p2, "two");
  reg->exit_all(caf::exit_reason::user_shutdown);
}

BOOST_AUTO_TEST_SUITE_END()
