// The socket actor's own turn on a worker (actors/src/tcp_socket_resume.cpp):
// its rounds skip CAF's empty stream queues, yet whatever lands in them is
// still handled as CAF would.

#include <boost/test/unit_test.hpp>

#include <caf/event_based_actor.hpp>
#include <caf/mailbox_element.hpp>
#include <caf/message_id.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/upstream_msg.hpp>

#include "support/loopback.hpp"

using namespace otpnet;
using otpnet::test::budget;

BOOST_AUTO_TEST_SUITE(socket_turn_suite)

BOOST_AUTO_TEST_CASE(a_stray_stream_message_does_not_keep_the_worker) {
  BOOST_TEST_MESSAGE("Ensure that a CAF stream message in a socket actor's mailbox is consumed (CAF's full round) and the socket gives its worker back: with one worker, another actor still answers, and the socket still serves its peer");
  runtime_config cfg;
  cfg.set("scheduler.max-threads", 1);
  cfg.set("logger.verbosity", caf::atom("quiet"));
  runtime rt{cfg};
  caf::scoped_actor me{rt.system()};
  auto ls = gen_tcp::listen(me, 0, {inet::ip{inet::ip_address::loopback_v4()},
                                    inet::active(false)});
  BOOST_REQUIRE(ls);
  auto port = inet::port(me, *ls);
  BOOST_REQUIRE(port);
  auto peer = test::raw_peer::connect(*port);
  BOOST_REQUIRE(peer);
  auto s = gen_tcp::accept(me, *ls, budget);
  BOOST_REQUIRE(s);
  // An ack for a stream the socket never opened, in the upstream queue.
  auto ack = caf::make<caf::upstream_msg::ack_batch>(
    caf::stream_slots{1, 2}, caf::actor_addr{}, 1, 1, 0, 1);
  auto mid = caf::make_message_id().with_category(
    caf::message_id::upstream_message_category);
  // No sender: CAF answers a stray ack with forced_drop to the sender, and a
  // blocking actor's mailbox has no queue for that category (LeakSanitizer
  // found the dropped answer, and the socket it references, leaked).
  s->actor()->enqueue(caf::make_mailbox_element(nullptr, mid, {},
                        caf::make_message(std::move(ack))),
                      nullptr);
  // Left in its queue, the message would keep the socket's turn looping on
  // the only worker, and this actor would never run.
  // With an argument: CAF 0.17 binds a null reference when it spawns a
  // function without any (UBSan reports it).
  auto echo = rt.system().spawn(
    [](caf::event_based_actor*, int offset) -> caf::behavior {
      return {[offset](int x) { return x + offset; }};
    },
    0);
  bool answered = false;
  me->request(echo, budget, 7)
    .receive([&](int x) { answered = x == 7; }, [](caf::error&) {});
  BOOST_TEST(answered);
  BOOST_REQUIRE(peer->write("after"));
  auto r = gen_tcp::recv(me, *s, 5, budget);
  BOOST_REQUIRE(r);
  BOOST_TEST(r->view() == "after");
  me->send_exit(echo, caf::exit_reason::user_shutdown);
  BOOST_REQUIRE(gen_tcp::close(me, *s));
  BOOST_REQUIRE(gen_tcp::close(me, *ls));
}

BOOST_AUTO_TEST_SUITE_END()
