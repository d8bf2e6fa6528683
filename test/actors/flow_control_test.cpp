// Flow control and closing: watermarks that suspend senders, send
// time-outs, linger, reading flow control, resets.

#include <boost/test/unit_test.hpp>

#include <map>

#include "support/loopback.hpp"

using namespace otpnet;
using namespace otpnet::test;
using namespace std::chrono_literals;

namespace {

/// A self-continuing step for an actor: the step itself holds only a weak
/// reference to its own function (no reference cycle, no leak); the
/// actor's behavior keeps the strong one for as long as the actor lives.
using step_fn = std::shared_ptr<std::function<void()>>;

/// Sends `count` packets of `size` bytes, one after the other with .await,
/// reporting each completion as ("sent", index); answers "ping" only
/// between sends (an awaiting actor handles nothing else).
caf::behavior paced_sender(caf::event_based_actor* self, otpnet::socket s,
                           caf::actor report_to, int count, size_t size) {
  auto next = std::make_shared<int>(0);
  auto step = std::make_shared<std::function<void()>>();
  std::weak_ptr<std::function<void()>> again = step;
  *step = [=] {
    if (*next == count)
      return;
    auto i = (*next)++;
    gen_tcp::send(self, s, binary{pattern_bytes(size_t(i) * size, size)})
      .await([=](caf::expected<void> r) {
        self->send(report_to, std::string{r ? "sent" : "failed"}, i);
        if (auto f = again.lock())
          (*f)();
      });
  };
  (*step)();
  return {
    [=](std::string& ping) {
      (void)step; // owned by the behavior
      self->send(report_to, std::string{"pong"}, *next);
      (void)ping;
    },
  };
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(flow_control_suite, loopback_fixture)

BOOST_AUTO_TEST_CASE(sender_is_suspended_at_high_watermark_and_resumed_in_order) {
  BOOST_TEST_MESSAGE("Ensure that a sender to a peer that does not read is suspended (handles no message) and resumes, in order, once the peer reads");
  constexpr int count = 256;
  constexpr size_t size = 4096;
  auto ls = listen({inet::sndbuf{4096}});
  auto peer = raw_peer::connect(port_of(ls), false, 4096);
  BOOST_REQUIRE(peer);
  auto s = gen_tcp::accept(self(), ls, budget);
  BOOST_REQUIRE(s);
  auto me = caf::actor_cast<caf::actor>(self());
  auto sender = sys().spawn(paced_sender, *s, me, count, size);
  // Collect completions until the sender stops making progress.
  int completed = 0;
  for (bool progress = true; progress;) {
    progress = false;
    self()->receive(
      [&](std::string& tag, int i) {
        BOOST_REQUIRE(tag == "sent");
        BOOST_REQUIRE(i == completed);
        ++completed;
        progress = true;
      },
      caf::after(300ms) >> [] {});
  }
  // Everything the kernel and otpnet may hold: both kernel buffers (the
  // kernel doubles what is asked and loopback may grant more), the
  // high watermark and the packet that made the socket busy.
  BOOST_TEST_MESSAGE("sends completed before the peer read: " << completed);
  BOOST_TEST(completed < count);
  BOOST_TEST(size_t(completed) * size <= 1024u * 1024u);
  // A suspended sender answers nothing until its send completes.
  self()->send(sender, std::string{"ping"});
  auto got = peer->read_exact(size_t(count) * size, 30s);
  BOOST_REQUIRE(got);
  BOOST_TEST((*got == pattern_bytes(0, size_t(count) * size)));
  int pong_at = -1;
  while (completed < count || pong_at < 0) {
    std::string tag;
    int i = -1;
    self()->receive([&](std::string& t, int x) { tag = t; i = x; },
                    caf::after(budget) >> [&] { tag = "timeout"; });
    BOOST_REQUIRE(tag != "timeout");
    if (tag == "pong") {
      pong_at = i;
    } else {
      BOOST_REQUIRE(tag == "sent");
      BOOST_REQUIRE(i == completed);
      ++completed;
    }
  }
  // The ping was handled only after the send it was suspended in.
  BOOST_TEST(pong_at > 0);
  self()->send_exit(sender, caf::exit_reason::user_shutdown);
}

BOOST_AUTO_TEST_CASE(three_senders_never_interleave_inside_a_packet) {
  BOOST_TEST_MESSAGE("Ensure that three concurrent senders on one {packet,2} socket produce whole packets, each sender's in order");
  auto ls = listen({inet::packet(2), inet::sndbuf{4096}});
  auto peer = raw_peer::connect(port_of(ls), false, 4096);
  BOOST_REQUIRE(peer);
  auto s = gen_tcp::accept(self(), ls, budget);
  BOOST_REQUIRE(s);
  constexpr int per_sender = 200;
  std::vector<caf::actor> senders;
  for (int k = 0; k < 3; ++k)
    senders.push_back(sys().spawn(
      [](caf::event_based_actor* self, otpnet::socket s, int k) {
        auto i = std::make_shared<int>(0);
        step_fn step = std::make_shared<std::function<void()>>();
        std::weak_ptr<std::function<void()>> again = step;
        *step = [=] {
          if (*i == per_sender)
            return;
          // Packets of different sizes so that a torn packet would show.
          std::string body = std::to_string(k) + ":" + std::to_string(*i) + ":";
          body.append(size_t(500 + 700 * k), char('a' + k));
          ++*i;
          gen_tcp::send(self, s, binary{body}).await([=](caf::expected<void> r) {
            auto f = again.lock();
            if (r && f)
              (*f)();
          });
        };
        (*step)();
        return caf::behavior{[step](int) { (void)step; }};
      },
      *s, k));
  std::map<int, int> next_seq;
  for (int n = 0; n < 3 * per_sender; ++n) {
    auto hdr = peer->read_exact(2, 30s);
    BOOST_REQUIRE(hdr);
    size_t len = (uint8_t((*hdr)[0]) << 8) | uint8_t((*hdr)[1]);
    auto body = peer->read_exact(len, 30s);
    BOOST_REQUIRE(body);
    auto c1 = body->find(':');
    auto c2 = body->find(':', c1 + 1);
    BOOST_REQUIRE(c2 != std::string::npos);
    int k = std::stoi(body->substr(0, c1));
    int seq = std::stoi(body->substr(c1 + 1, c2 - c1 - 1));
    BOOST_REQUIRE(seq == next_seq[k]);
    ++next_seq[k];
    BOOST_REQUIRE(len == c2 + 1 + size_t(500 + 700 * k));
    BOOST_REQUIRE(body->find_first_not_of(char('a' + k), c2 + 1) == std::string::npos);
  }
  for (int k = 0; k < 3; ++k)
    BOOST_TEST(next_seq[k] == per_sender);
  for (auto& a : senders)
    self()->send_exit(a, caf::exit_reason::user_shutdown);
}

BOOST_AUTO_TEST_CASE(send_timeout_against_a_peer_that_never_reads) {
  BOOST_TEST_MESSAGE("Ensure that {send_timeout,T} makes a send that cannot complete return timeout");
  auto ls = listen({inet::sndbuf{4096}, inet::send_timeout{50}});
  auto peer = raw_peer::connect(port_of(ls), false, 4096);
  BOOST_REQUIRE(peer);
  auto s = gen_tcp::accept(self(), ls, budget);
  BOOST_REQUIRE(s);
  std::string chunk(8192, 'x');
  caf::expected<void> r;
  int sent = 0;
  for (; sent < 10000; ++sent) {
    r = gen_tcp::send(self(), *s, binary{chunk});
    if (!r)
      break;
  }
  BOOST_REQUIRE(!r);
  BOOST_TEST_MESSAGE("sends before the time-out: " << sent);
  BOOST_TEST((r.error() == errc::timeout));
  // Without send_timeout_close the socket stays usable.
  auto opts = inet::getopts(self(), *s, {inet::option_name::send_timeout});
  BOOST_TEST(static_cast<bool>(opts));
}

BOOST_AUTO_TEST_CASE(send_timeout_close_closes_the_socket) {
  BOOST_TEST_MESSAGE("Ensure that with {send_timeout_close,true} a send time-out closes the socket");
  auto ls = listen({inet::sndbuf{4096}, inet::send_timeout{50},
                    inet::send_timeout_close{true}});
  auto peer = raw_peer::connect(port_of(ls), false, 4096);
  BOOST_REQUIRE(peer);
  auto s = gen_tcp::accept(self(), ls, budget);
  BOOST_REQUIRE(s);
  auto ref = inet::monitor(self(), *s);
  caf::expected<void> r;
  for (int i = 0; i < 10000; ++i) {
    r = gen_tcp::send(self(), *s, binary{std::string(8192, 'y')});
    if (!r)
      break;
  }
  BOOST_REQUIRE(!r);
  BOOST_TEST((r.error() == errc::timeout));
  auto down = expect<inet_down_msg>();
  BOOST_TEST((down.ref == ref));
  BOOST_TEST((down.info == errc::timeout));
  BOOST_TEST((gen_tcp::send(self(), *s, binary{"z"}).error() == errc::closed));
}

BOOST_AUTO_TEST_CASE(linger_zero_close_resets_the_connection) {
  BOOST_TEST_MESSAGE("Ensure that close with {linger,{true,0}} sends RST: the peer sees econnreset");
  auto ls = listen({inet::linger{true, 0}});
  auto [s, peer] = accept_peer(ls);
  BOOST_REQUIRE(gen_tcp::close(self(), s));
  BOOST_TEST(peer.read_reset());
}

BOOST_AUTO_TEST_CASE(linger_false_close_flushes_in_the_background) {
  BOOST_TEST_MESSAGE("Ensure that close returns at once and queued data is still delivered (linger off)");
  auto ls = listen({inet::sndbuf{4096}});
  auto peer = raw_peer::connect(port_of(ls), false, 4096);
  BOOST_REQUIRE(peer);
  auto s = gen_tcp::accept(self(), ls, budget);
  BOOST_REQUIRE(s);
  auto data = pattern_bytes(0, 2 << 20);
  BOOST_REQUIRE(gen_tcp::send(self(), *s, binary{data}));
  BOOST_REQUIRE(gen_tcp::close(self(), *s));
  auto got = peer->read_exact(data.size(), 30s);
  BOOST_REQUIRE(got);
  BOOST_TEST((*got == data));
  BOOST_TEST(peer->read_eof());
}

BOOST_AUTO_TEST_CASE(flush_after_close_survives_the_owners_death) {
  BOOST_TEST_MESSAGE("Ensure that data queued before close still reaches the peer when the owner quits right after close");
  auto ls = listen({inet::sndbuf{4096}});
  auto peer = raw_peer::connect(port_of(ls), false, 4096);
  BOOST_REQUIRE(peer);
  auto data = pattern_bytes(3, 2 << 20);
  auto owner = sys().spawn(
    [](caf::event_based_actor* self, otpnet::socket ls, std::string data) {
      gen_tcp::accept(self, ls, budget).await([=](caf::expected<otpnet::socket> s) {
        if (!s)
          return self->quit();
        gen_tcp::send(self, *s, binary{data}).await([=](caf::expected<void>) {
          gen_tcp::close(self, *s).await([=](caf::expected<void>) { self->quit(); });
        });
      });
      return caf::behavior{[](int) {}};
    },
    ls, data);
  self()->wait_for(owner);
  auto got = peer->read_exact(data.size(), 30s);
  BOOST_REQUIRE(got);
  BOOST_TEST((*got == data));
  BOOST_TEST(peer->read_eof());
}

BOOST_AUTO_TEST_CASE(linger_timeout_close_waits_for_the_flush) {
  BOOST_TEST_MESSAGE("Ensure that close with {linger,{true,T}} returns only after queued data is written");
  auto ls = listen({inet::linger{true, 10}});
  auto [s, peer] = accept_peer(ls);
  auto data = pattern_bytes(7, 4 << 20);
  BOOST_REQUIRE(gen_tcp::send(self(), s, binary{data}));
  std::thread reader([&peer, &data] {
    auto got = peer.read_exact(data.size(), 30s);
    BOOST_CHECK(got && *got == data);
  });
  BOOST_REQUIRE(gen_tcp::close(self(), s));
  reader.join();
  BOOST_TEST(peer.read_eof());
}

BOOST_AUTO_TEST_CASE(passive_socket_reads_nothing_it_was_not_asked_for) {
  BOOST_TEST_MESSAGE("Ensure that a passive socket leaves data in the kernel, so TCP flow control stops the peer");
  auto ls = listen({inet::active(false), inet::recbuf{4096}});
  auto [s, peer] = accept_peer(ls);
  constexpr size_t attempt = 64u << 20;
  auto pushed = peer.push_until_blocked(attempt, pattern);
  BOOST_TEST_MESSAGE("bytes the peer could push: " << pushed);
  BOOST_TEST(pushed < attempt);
  BOOST_TEST(pushed <= 8u << 20);
  // And nothing is lost: everything pushed comes out, in order.
  std::string got;
  while (got.size() < pushed) {
    auto r = gen_tcp::recv(self(), s, 0, budget);
    BOOST_REQUIRE(r);
    got += r->to_string();
  }
  BOOST_TEST((got == pattern_bytes(0, pushed)));
}

BOOST_AUTO_TEST_CASE(show_econnreset_makes_recv_and_send_report_it) {
  BOOST_TEST_MESSAGE("Ensure that with show_econnreset recv returns econnreset after an RST, and send too");
  auto ls = listen({inet::active(false), inet::show_econnreset{true},
                    inet::exit_on_close{false}});
  auto [s, peer] = accept_peer(ls);
  peer.reset();
  auto r = gen_tcp::recv(self(), s, 0, budget);
  BOOST_REQUIRE(!r);
  BOOST_TEST((r.error() == errc::econnreset));
  auto w = gen_tcp::send(self(), s, binary{"x"});
  BOOST_REQUIRE(!w);
  BOOST_TEST((w.error() == errc::econnreset));
}

BOOST_AUTO_TEST_CASE(delay_send_delivers_everything_in_order) {
  BOOST_TEST_MESSAGE("Ensure that {delay_send,true} queues sends and still delivers every byte in order");
  auto ls = listen({inet::delay_send{true}});
  auto [s, peer] = accept_peer(ls);
  std::string all;
  for (int i = 0; i < 100; ++i) {
    auto piece = std::to_string(i) + ",";
    all += piece;
    BOOST_REQUIRE(gen_tcp::send(self(), s, binary{piece}));
  }
  BOOST_TEST(peer.read_exact(all.size()).value_or("") == all);
}

BOOST_AUTO_TEST_CASE(flow_control_options_round_trip_through_getopts) {
  BOOST_TEST_MESSAGE("Ensure that every flow-control option is settable, readable and validated");
  auto ls = listen();
  auto [s, peer] = accept_peer(ls);
  BOOST_REQUIRE(inet::setopts(self(), s,
                              {inet::high_watermark{65536}, inet::low_watermark{1024},
                               inet::high_msgq_watermark{32768},
                               inet::low_msgq_watermark{2048}, inet::send_timeout{250},
                               inet::send_timeout_close{true}, inet::delay_send{true},
                               inet::linger{true, 3}, inet::show_econnreset{true},
                               inet::exit_on_close{false}}));
  using n = inet::option_name;
  auto opts = inet::getopts(self(), s,
                            {n::high_watermark, n::low_watermark,
                             n::high_msgq_watermark, n::low_msgq_watermark,
                             n::send_timeout, n::send_timeout_close, n::delay_send,
                             n::linger, n::show_econnreset, n::exit_on_close});
  BOOST_REQUIRE(opts);
  std::string text;
  for (auto& o : *opts)
    text += inet::to_string(o);
  BOOST_TEST(text
             == "{high_watermark,65536}{low_watermark,1024}"
                "{high_msgq_watermark,32768}{low_msgq_watermark,2048}"
                "{send_timeout,250}{send_timeout_close,true}{delay_send,true}"
                "{linger,{true,3}}{show_econnreset,true}{exit_on_close,false}");
  for (auto bad : std::vector<inet::option>{
         inet::high_watermark{-1}, inet::low_msgq_watermark{0},
         inet::send_timeout{-5}, inet::linger{true, -1}}) {
    auto r = inet::setopts(self(), s, {bad});
    BOOST_TEST((r.error() == errc::einval), inet::to_string(bad));
  }
}

BOOST_AUTO_TEST_SUITE_END()
