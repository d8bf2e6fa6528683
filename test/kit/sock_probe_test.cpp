// Probes and expectations with the socket module: a probe records the
// select and abort messages of its nowait calls, on the simulated network
// and on real loopback alike.

#include "kit/kit_support.hpp"

#include <otpnet/sock.hpp>

using namespace otpnet;
using namespace otpnet::testing;
using namespace otpnet::kit_test;

BOOST_AUTO_TEST_SUITE(sock_probes)

BOOST_AUTO_TEST_CASE_TEMPLATE(a_probe_records_select_and_abort, Fixture,
                              both_fixtures) {
  BOOST_TEST_MESSAGE("Ensure that a probe making nowait calls records "
                     "{'$socket', S, select, Handle} when the call may be "
                     "made again and {'$socket', S, abort, {Handle, closed}} "
                     "when its socket closes (fixture: "
                     << Fixture::kind << ")");
  Fixture fx;
  auto owner = fx.make_probe("owner");
  auto l = owner.template start<sock::socket>(
                  [](caf::event_based_actor* self) {
                    return sock::open(self, sock::domain::inet,
                                      sock::type::stream);
                  },
                  "open")
             .get();
  BOOST_REQUIRE(l);
  auto lo = inet::socket_address{inet::ip_address::loopback_v4(), 0};
  BOOST_REQUIRE(owner.template start<void>(
                       [l = *l, lo](caf::event_based_actor* self) {
                         return sock::bind(self, l, lo);
                       },
                       "bind")
                  .get());
  BOOST_REQUIRE(owner.template start<void>(
                       [l = *l](caf::event_based_actor* self) {
                         return sock::listen(self, l);
                       },
                       "listen")
                  .get());
  auto name = owner.template start<inet::socket_address>(
                     [l = *l](caf::event_based_actor* self) {
                       return sock::sockname(self, l);
                     },
                     "sockname")
                .get();
  BOOST_REQUIRE(name);
  auto accept_nowait = [&] {
    return owner
      .template start<sock::select_result<sock::socket>>(
        [l = *l](caf::event_based_actor* self) {
          return sock::accept(self, l, sock::nowait);
        },
        "accept(nowait)")
      .get();
  };
  auto a = accept_nowait();
  BOOST_REQUIRE(a && !a->completed());
  auto peer = fx.connect_peer(name->port);
  expect_messages(owner, {sock_select(*l, *a->select)});
  auto s = accept_nowait();
  BOOST_REQUIRE(s && s->completed());
  auto r = owner
             .template start<sock::select_result<binary>>(
               [s = s->value](caf::event_based_actor* self) {
                 return sock::recv(self, s, 0, sock::nowait);
               },
               "recv(nowait)")
             .get();
  BOOST_REQUIRE(r && !r->completed());
  BOOST_REQUIRE(owner.template start<void>(
                       [s = s->value](caf::event_based_actor* self) {
                         return sock::close(self, s);
                       },
                       "close")
                  .get());
  expect_messages(owner, {sock_abort(s->value, *r->select)});
  auto text = owner.messages().back().text;
  BOOST_TEST(text
             == "{'$socket'," + sock::to_string(s->value) + ",abort,{"
                  + std::to_string(r->select->handle) + ",closed}}");
  BOOST_REQUIRE(owner.template start<void>(
                       [l = *l](caf::event_based_actor* self) {
                         return sock::close(self, l);
                       },
                       "close")
                  .get());
}

BOOST_AUTO_TEST_SUITE_END()
