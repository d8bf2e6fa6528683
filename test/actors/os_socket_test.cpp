// The Asio os_socket (runtime/src/asio_os_socket.hpp) over real sockets on
// loopback, driven directly, without a socket actor.

#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <boost/test/unit_test.hpp>

#include <caf/atom.hpp>

#include "otpnet/runtime.hpp"
#include "otpnet/runtime/os_socket.hpp"

#include "net/inet_printers.hpp"

using namespace otpnet;
using namespace std::literals;

namespace {

constexpr auto budget = std::chrono::seconds{5};

using readiness = os_socket::readiness;

struct wait_result {
  errc err;
  std::thread::id thread;
};

struct connected {
  os_socket_ptr client;
  os_socket_ptr server;
};

struct os_socket_fixture {
  runtime_config cfg;
  std::unique_ptr<runtime> rt;
  std::vector<os_socket_ptr> opened; // closed by the destructor

  os_socket_fixture() {
    cfg.set("scheduler.max-threads", 2);
    cfg.set("logger.verbosity", caf::atom("quiet"));
    rt = std::make_unique<runtime>(cfg);
  }

  ~os_socket_fixture() {
    for (auto& s : opened)
      s->close();
    opened.clear();
    rt.reset();
  }

  os_socket_ptr keep(os_socket_ptr s) {
    opened.push_back(s);
    return s;
  }

  net::result<os_socket_ptr> try_open(sock::domain d, sock::type t) {
    auto p = t == sock::type::stream ? sock::protocol::tcp
                                     : sock::protocol::udp;
    auto s = open_os_socket(*rt, d, t, p);
    if (s)
      keep(*s);
    return s;
  }

  os_socket_ptr open(sock::type t, sock::domain d = sock::domain::inet) {
    auto s = try_open(d, t);
    BOOST_REQUIRE_MESSAGE(s, "open_os_socket failed: " << to_atom(s.error()));
    return *s;
  }

  static inet::socket_address name_of(const os_socket& s) {
    auto name = s.sockname();
    BOOST_REQUIRE_MESSAGE(name, "sockname failed: " << to_atom(name.error()));
    return *name;
  }

  static inet::ip_address loopback(sock::domain d) {
    return d == sock::domain::inet6 ? inet::ip_address::loopback_v6()
                                    : inet::ip_address::loopback_v4();
  }

  /// A bound socket of `t` on the loopback of `d`, at an ephemeral port.
  os_socket_ptr bound(sock::type t, sock::domain d = sock::domain::inet) {
    auto s = open(t, d);
    BOOST_REQUIRE(to_atom(s->bind({loopback(d), 0})) == "ok");
    return s;
  }

  os_socket_ptr listener(sock::domain d = sock::domain::inet) {
    auto s = bound(sock::type::stream, d);
    BOOST_REQUIRE(to_atom(s->listen(16)) == "ok");
    return s;
  }

  /// Starts a wait; the future is ready once it completes.
  static std::future<wait_result> start_wait(os_socket& s, readiness r) {
    auto p = std::make_shared<std::promise<wait_result>>();
    auto f = p->get_future();
    s.async_wait(r, [p](errc err) {
      p->set_value(wait_result{err, std::this_thread::get_id()});
    });
    return f;
  }

  static wait_result await(std::future<wait_result>& f) {
    BOOST_REQUIRE_MESSAGE(f.wait_for(budget) == std::future_status::ready,
                          "async_wait did not complete");
    return f.get();
  }

  static errc wait_for(os_socket& s, readiness r) {
    auto f = start_wait(s, r);
    return await(f).err;
  }

  /// recv after waiting for readability while it says eagain.
  static errc recv_wait(os_socket& s, size_t max_bytes, binary& out) {
    for (;;) {
      auto err = s.recv(max_bytes, out);
      if (err != errc::eagain)
        return err;
      BOOST_REQUIRE(to_atom(wait_for(s, readiness::read)) == "ok");
    }
  }

  /// A TCP connection through the socket calls alone, as the socket
  /// module makes one: connect, wait, connect_result; wait, accept.
  connected connect_pair(sock::domain d = sock::domain::inet) {
    auto l = listener(d);
    std::shared_ptr<os_socket> accepted;
    BOOST_TEST(to_atom(l->accept(accepted)) == "eagain");
    auto c = open(sock::type::stream, d);
    auto err = c->connect(name_of(*l));
    BOOST_CHECK_MESSAGE(err == errc::einprogress || err == errc::ok,
                        "connect: " << to_atom(err));
    BOOST_TEST(to_atom(wait_for(*c, readiness::write)) == "ok");
    BOOST_TEST(to_atom(c->connect_result()) == "ok");
    BOOST_TEST(to_atom(wait_for(*l, readiness::read)) == "ok");
    BOOST_REQUIRE(to_atom(l->accept(accepted)) == "ok");
    BOOST_REQUIRE(accepted != nullptr);
    keep(accepted);
    l->close();
    return {c, accepted};
  }

  static errc send_all(os_socket& s, std::string_view data) {
    size_t written = 0;
    auto err = s.send(reinterpret_cast<const uint8_t*>(data.data()),
                      data.size(), written);
    if (err == errc::ok && written != data.size())
      return errc::eagain; // not expected for the few bytes sent here
    return err;
  }
};

char pattern(size_t i) {
  return static_cast<char>(i % 251);
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(os_socket_suite, os_socket_fixture)

BOOST_AUTO_TEST_CASE(connect_accept_and_round_trip) {
  auto [c, s] = connect_pair();
  BOOST_TEST(name_of(*c).addr == inet::ip_address::loopback_v4());
  BOOST_TEST(*c->peername() == name_of(*s));
  BOOST_TEST(*s->peername() == name_of(*c));
  binary got;
  BOOST_TEST(to_atom(s->recv(100, got)) == "eagain");
  BOOST_TEST(to_atom(send_all(*c, "ping")) == "ok");
  BOOST_TEST(to_atom(recv_wait(*s, 100, got)) == "ok");
  BOOST_TEST(got.view() == "ping");
  BOOST_TEST(to_atom(send_all(*s, "pong")) == "ok");
  BOOST_TEST(to_atom(recv_wait(*c, 100, got)) == "ok");
  BOOST_TEST(got.view() == "pong");
}

BOOST_AUTO_TEST_CASE(read_wait_fires_once_the_peer_sends) {
  auto [c, s] = connect_pair();
  binary got;
  BOOST_TEST(to_atom(s->recv(100, got)) == "eagain");
  auto f = start_wait(*s, readiness::read);
  BOOST_TEST((f.wait_for(0s) != std::future_status::ready));
  BOOST_TEST(to_atom(send_all(*c, "hello")) == "ok");
  BOOST_TEST(to_atom(await(f).err) == "ok");
  BOOST_TEST(to_atom(s->recv(3, got)) == "ok"); // at most max_bytes
  BOOST_TEST(got.view() == "hel");
  BOOST_TEST(to_atom(s->recv(100, got)) == "ok");
  BOOST_TEST(got.view() == "lo");
}

BOOST_AUTO_TEST_CASE(recv_says_closed_after_the_peer_shuts_down_writing) {
  auto [c, s] = connect_pair();
  BOOST_TEST(to_atom(send_all(*c, "last")) == "ok");
  BOOST_TEST(to_atom(c->shutdown(os_socket::shutdown_how::write)) == "ok");
  binary got;
  BOOST_TEST(to_atom(recv_wait(*s, 100, got)) == "ok");
  BOOST_TEST(got.view() == "last");
  BOOST_TEST(to_atom(recv_wait(*s, 100, got)) == "closed");
  // The other direction still works.
  BOOST_TEST(to_atom(send_all(*s, "reply")) == "ok");
  BOOST_TEST(to_atom(recv_wait(*c, 100, got)) == "ok");
  BOOST_TEST(got.view() == "reply");
}

BOOST_AUTO_TEST_CASE(connect_to_a_closed_port_is_refused) {
  // Bound but not listening: the port is ours, and refuses connections.
  auto target = bound(sock::type::stream);
  auto c = open(sock::type::stream);
  auto err = c->connect(name_of(*target));
  if (err == errc::einprogress) {
    BOOST_TEST(to_atom(wait_for(*c, readiness::write)) == "ok");
    err = c->connect_result();
  }
  BOOST_TEST(to_atom(err) == "econnrefused");
}

BOOST_AUTO_TEST_CASE(a_full_send_buffer_writes_partially_then_says_eagain) {
  auto pair = connect_pair();
  auto& c = pair.client;
  auto& s = pair.server;
  // Small buffers (no autotuning), so that one large send overfills them.
  BOOST_TEST(to_atom(c->setopt({sock::level::socket, sock::name::sndbuf},
                               8192))
             == "ok");
  BOOST_TEST(to_atom(s->setopt({sock::level::socket, sock::name::rcvbuf},
                               8192))
             == "ok");
  std::string chunk(1 << 20, '\0');
  size_t sent = 0;
  size_t written = 0;
  auto send_chunk = [&] {
    for (size_t i = 0; i < chunk.size(); ++i)
      chunk[i] = pattern(sent + i);
    auto err = c->send(reinterpret_cast<const uint8_t*>(chunk.data()),
                       chunk.size(), written);
    if (err == errc::ok)
      sent += written;
    return err;
  };
  BOOST_TEST(to_atom(send_chunk()) == "ok");
  BOOST_TEST(written > 0);
  BOOST_TEST(written < chunk.size());
  auto err = errc::ok;
  for (int i = 0; i < 100 && err == errc::ok; ++i)
    err = send_chunk();
  BOOST_TEST(to_atom(err) == "eagain");
  // Not checked to be pending: ACKs still in flight may free room.
  auto writable = start_wait(*c, readiness::write);
  // Drain; the bytes arrive in order, large reads included.
  size_t received = 0;
  bool in_order = true;
  binary got;
  while (received < sent) {
    BOOST_REQUIRE(to_atom(recv_wait(*s, 1 << 20, got)) == "ok");
    for (size_t i = 0; i < got.size() && in_order; ++i)
      in_order = got.data()[i] == pattern(received + i);
    received += got.size();
  }
  BOOST_TEST(in_order);
  BOOST_TEST(received == sent);
  BOOST_TEST(to_atom(await(writable).err) == "ok");
  BOOST_TEST(to_atom(s->recv(100, got)) == "eagain");
}

BOOST_AUTO_TEST_CASE(datagrams_come_with_their_sender) {
  auto a = bound(sock::type::dgram);
  auto b = bound(sock::type::dgram);
  inet::socket_address from;
  binary got;
  BOOST_TEST(to_atom(b->recvfrom(1500, from, got)) == "eagain");
  auto readable = start_wait(*b, readiness::read);
  BOOST_TEST(to_atom(a->sendto(binary{"datagram"}, name_of(*b))) == "ok");
  BOOST_TEST(to_atom(await(readable).err) == "ok");
  BOOST_TEST(to_atom(b->recvfrom(1500, from, got)) == "ok");
  BOOST_TEST(from == name_of(*a));
  BOOST_TEST(got.view() == "datagram");
  // An empty datagram is data, not the end of anything.
  BOOST_TEST(to_atom(a->sendto(binary{}, name_of(*b))) == "ok");
  BOOST_TEST(to_atom(wait_for(*b, readiness::read)) == "ok");
  got = binary{"stale"};
  BOOST_TEST(to_atom(b->recv(1500, got)) == "ok");
  BOOST_TEST(got.empty());
  // A longer datagram is cut to max_bytes.
  BOOST_TEST(to_atom(a->sendto(binary{"0123456789"}, name_of(*b))) == "ok");
  BOOST_TEST(to_atom(wait_for(*b, readiness::read)) == "ok");
  BOOST_TEST(to_atom(b->recvfrom(4, from, got)) == "ok");
  BOOST_TEST(got.view() == "0123");
}

BOOST_AUTO_TEST_CASE(close_completes_a_wait_and_later_calls_say_closed) {
  auto l = listener();
  auto pending = start_wait(*l, readiness::read);
  l->close();
  BOOST_TEST(to_atom(await(pending).err) == "closed");
  l->close(); // idempotent
  std::shared_ptr<os_socket> accepted;
  BOOST_TEST(to_atom(l->accept(accepted)) == "closed");
  BOOST_TEST(to_atom(l->listen(1)) == "closed");
  BOOST_TEST(to_atom(l->bind({inet::ip_address::loopback_v4(), 0}))
             == "closed");
  BOOST_TEST(to_atom(l->sockname().error()) == "closed");
  BOOST_TEST(
    to_atom(l->getopt({sock::level::socket, sock::name::type}).error())
    == "closed");
  binary got;
  BOOST_TEST(to_atom(l->recv(10, got)) == "closed");
  // A wait after close completes with closed, from the event loop.
  auto late = start_wait(*l, readiness::write);
  auto r = await(late);
  BOOST_TEST(to_atom(r.err) == "closed");
  BOOST_TEST((r.thread != std::this_thread::get_id()));
}

BOOST_AUTO_TEST_CASE(options_round_trip) {
  auto [c, s] = connect_pair();
  using sock::level;
  using sock::name;
  auto get = [](os_socket& x, sock::option o) {
    auto v = x.getopt(o);
    BOOST_REQUIRE_MESSAGE(v, "getopt failed: " << to_atom(v.error()));
    return *v;
  };
  sock::option nodelay{level::tcp, name::nodelay};
  BOOST_TEST(std::get<bool>(get(*c, nodelay)) == false);
  BOOST_TEST(to_atom(c->setopt(nodelay, true)) == "ok");
  BOOST_TEST(std::get<bool>(get(*c, nodelay)) == true);

  sock::option reuseaddr{level::socket, name::reuseaddr};
  BOOST_TEST(to_atom(c->setopt(reuseaddr, true)) == "ok");
  BOOST_TEST(std::get<bool>(get(*c, reuseaddr)) == true);

  sock::option linger{level::socket, name::linger};
  BOOST_TEST(to_atom(c->setopt(linger, sock::linger{true, 7})) == "ok");
  auto l = std::get<sock::linger>(get(*c, linger));
  BOOST_TEST(l.onoff == true);
  BOOST_TEST(l.seconds == 7);

  sock::option rcvbuf{level::socket, name::rcvbuf};
  BOOST_TEST(to_atom(c->setopt(rcvbuf, 32768)) == "ok");
  BOOST_TEST(std::get<int>(get(*c, rcvbuf)) >= 32768);

  BOOST_TEST((std::get<sock::type>(get(*c, {level::socket, name::type}))
              == sock::type::stream));
  BOOST_TEST((std::get<sock::domain>(get(*c, {level::socket, name::domain}))
              == sock::domain::inet));
  BOOST_TEST(
    (std::get<sock::protocol>(get(*c, {level::socket, name::protocol}))
     == sock::protocol::tcp));
  BOOST_TEST(std::get<bool>(get(*s, {level::socket, name::acceptconn}))
             == false);

  auto u = open(sock::type::dgram);
  BOOST_TEST((std::get<sock::type>(get(*u, {level::socket, name::type}))
              == sock::type::dgram));
  BOOST_TEST(
    (std::get<sock::protocol>(get(*u, {level::socket, name::protocol}))
     == sock::protocol::udp));

  // Level otp is the actor's; read-only options cannot be set; a value of
  // the wrong kind is refused.
  BOOST_TEST(to_atom(c->setopt({level::otp, name::rcvbuf}, 4096)) == "einval");
  BOOST_TEST(to_atom(c->getopt({level::otp, name::use_registry}).error())
             == "einval");
  BOOST_TEST(to_atom(c->setopt({level::socket, name::type}, 1)) == "einval");
  BOOST_TEST(to_atom(c->setopt(nodelay, 1)) == "einval");
  // An ipv6-level option on an inet socket: the kernel's answer (Linux's
  // ip_setsockopt and ip_getsockopt differ), named as OTP 25 names them.
  sock::option hops{level::ipv6, name::unicast_hops};
  BOOST_TEST(to_atom(c->setopt(hops, 5)) == "enoprotoopt");
  BOOST_TEST(to_atom(c->getopt(hops).error()) == "enotsup");
}

BOOST_AUTO_TEST_CASE(an_address_of_the_other_family_is_refused) {
  auto t = open(sock::type::stream);
  inet::socket_address v6{inet::ip_address::loopback_v6(), 9};
  BOOST_TEST(to_atom(t->bind(v6)) == "eafnosupport");
  BOOST_TEST(to_atom(t->connect(v6)) == "eafnosupport");
  auto u = open(sock::type::dgram);
  BOOST_TEST(to_atom(u->sendto(binary{"x"}, v6)) == "eafnosupport");
  auto u6 = try_open(sock::domain::inet6, sock::type::dgram);
  if (u6) {
    inet::socket_address v4{inet::ip_address::loopback_v4(), 9};
    BOOST_TEST(to_atom((*u6)->sendto(binary{"x"}, v4)) == "eafnosupport");
  }
}

BOOST_AUTO_TEST_CASE(ipv6_loopback_works) {
  auto probe = try_open(sock::domain::inet6, sock::type::stream);
  if (!probe
      || (*probe)->bind({inet::ip_address::loopback_v6(), 0}) != errc::ok) {
    BOOST_TEST_MESSAGE("skipped: no IPv6 loopback");
    return;
  }
  auto [c, s] = connect_pair(sock::domain::inet6);
  BOOST_TEST(name_of(*c).addr == inet::ip_address::loopback_v6());
  BOOST_TEST(*s->peername() == name_of(*c));
  BOOST_TEST(to_atom(send_all(*c, "six")) == "ok");
  binary got;
  BOOST_TEST(to_atom(recv_wait(*s, 100, got)) == "ok");
  BOOST_TEST(got.view() == "six");
}

BOOST_AUTO_TEST_SUITE_END()
