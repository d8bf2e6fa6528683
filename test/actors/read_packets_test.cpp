// {read_packets, N} on a UDP socket over a scripted datagram transport: the
// socket reads at most N datagrams per readiness notification (the one the
// notification brought plus N - 1 more) before it waits again. The script
// logs every wait and read, so the count per turn is exact, whatever the
// timing.

#include <algorithm>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include <caf/all.hpp>

#include <otpnet/gen_udp.hpp>
#include <otpnet/inet.hpp>
#include <otpnet/runtime.hpp>

#include "support/loopback.hpp"

using namespace otpnet;
using namespace otpnet::test;

namespace {

/// Datagrams the test queues; 'W' logs a wait (async_receive), 'A' the
/// datagram that wait got, 'T' one read at once (try_receive).
class scripted_udp : public datagram_transport {
public:
  void queue(std::string data) {
    std::unique_lock<std::mutex> lk{mu_};
    queued_.push_back(std::move(data));
    if (pending_)
      complete(lk);
  }

  std::string log() const {
    std::lock_guard<std::mutex> lk{mu_};
    return log_;
  }

  void async_receive(size_t, receive_handler h) override {
    std::unique_lock<std::mutex> lk{mu_};
    log_ += 'W';
    pending_ = std::move(h);
    if (!queued_.empty())
      complete(lk);
  }

  errc try_receive(size_t, inet::socket_address& from, binary& out) override {
    std::lock_guard<std::mutex> lk{mu_};
    if (queued_.empty())
      return errc::eagain;
    log_ += 'T';
    from = sender();
    out = binary{queued_.front()};
    queued_.pop_front();
    return errc::ok;
  }

  errc try_send(const std::optional<inet::socket_address>&,
                const binary&) override {
    return errc::ok;
  }

  void async_send(std::optional<inet::socket_address>, binary,
                  send_handler h) override {
    h(errc::ok);
  }

  errc connect(const inet::socket_address&) override {
    return errc::ok;
  }

  errc apply_options(const net::socket_options&) override {
    return errc::ok;
  }

  net::result<size_t> recbuf() const override {
    return size_t{65536};
  }

  net::result<size_t> sndbuf() const override {
    return size_t{65536};
  }

  net::result<inet::socket_address> sockname() const override {
    return sender();
  }

  net::result<inet::socket_address> peername() const override {
    return errc::enotconn;
  }

  void close() override {
    std::lock_guard<std::mutex> lk{mu_};
    pending_ = {};
  }

private:
  static inet::socket_address sender() {
    return {inet::ip_address::loopback_v4(), 4000};
  }

  // The handler only sends the actor a message: calling it here, from the
  // actor's own call or the test's thread, is as good as from an event loop.
  void complete(std::unique_lock<std::mutex>& lk) {
    log_ += 'A';
    auto data = binary{queued_.front()};
    queued_.pop_front();
    auto h = std::move(pending_);
    pending_ = {};
    lk.unlock();
    h(errc::ok, sender(), std::move(data));
  }

  mutable std::mutex mu_;
  std::deque<std::string> queued_;
  receive_handler pending_;
  std::string log_;
};

class scripted_factory : public transport_factory {
public:
  std::shared_ptr<scripted_udp> udp = std::make_shared<scripted_udp>();

  stream_transport_ptr make_tcp_transport() override {
    return nullptr;
  }

  net::result<listen_transport_ptr>
  open_tcp_listener(uint16_t, const net::socket_options&) override {
    return errc::eafnosupport;
  }

  net::result<datagram_transport_ptr>
  open_udp(uint16_t, const net::socket_options&) override {
    return datagram_transport_ptr{udp};
  }
};

struct scripted_fixture {
  runtime_config cfg;
  std::shared_ptr<scripted_factory> net = std::make_shared<scripted_factory>();
  std::unique_ptr<runtime> rt;
  std::unique_ptr<caf::scoped_actor> self;

  scripted_fixture() {
    cfg.set("scheduler.max-threads", 2);
    cfg.set("logger.verbosity", caf::atom("quiet"));
    cfg.transports = net;
    rt = std::make_unique<runtime>(cfg);
    self = std::make_unique<caf::scoped_actor>(rt->system());
  }

  ~scripted_fixture() {
    self.reset();
    rt.reset();
  }

  /// Queues `n` datagrams on a passive socket with {read_packets, reads},
  /// turns it active and returns the datagrams the owner got, in order.
  std::vector<std::string> run(int64_t reads, int n) {
    auto s = gen_udp::open(*self, 0, {inet::active(false),
                                      inet::read_packets(reads)});
    BOOST_REQUIRE_MESSAGE(s, "open failed: " << why(s));
    for (int i = 0; i < n; ++i)
      net->udp->queue(std::to_string(i));
    BOOST_REQUIRE(inet::setopts(*self, *s, {inet::active(true)}));
    std::vector<std::string> got;
    for (int i = 0; i < n; ++i)
      (*self)->receive(
        [&](udp_msg& m) { got.push_back(m.data.to_string()); },
        caf::after(budget) >> [&] { got.push_back("<timeout>"); });
    // A round trip: the turn that delivered the last one has ended.
    BOOST_REQUIRE(static_cast<bool>(
      inet::getopts(*self, *s, {inet::option_name::read_packets})));
    return got;
  }

  /// The reads of each turn, split at the waits: "TTWATTWA" -> {2, 3, 1}.
  std::vector<size_t> reads_per_turn() const {
    std::vector<size_t> out{0};
    for (char c : net->udp->log()) {
      if (c == 'W')
        out.push_back(0);
      else
        ++out.back();
    }
    return out;
  }
};

std::vector<std::string> numbers(int n) {
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i)
    out.push_back(std::to_string(i));
  return out;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(read_packets_suite, scripted_fixture)

BOOST_AUTO_TEST_CASE(read_packets_one_waits_after_every_datagram) {
  BOOST_TEST_MESSAGE("Ensure that with {read_packets, 1} and 20 datagrams "
                     "queued, all arrive in order and the socket waits for "
                     "a notification after each one");
  BOOST_TEST(run(1, 20) == numbers(20));
  auto turns = reads_per_turn();
  BOOST_TEST(*std::max_element(turns.begin(), turns.end()) == 1u);
  BOOST_TEST(net->udp->log().find("TT") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(read_packets_three_reads_three_per_notification) {
  BOOST_TEST_MESSAGE("Ensure that with {read_packets, 3} every turn reads "
                     "3 datagrams: 3 at once when turned active, then the "
                     "notification's own plus 2 more");
  BOOST_TEST(run(3, 20) == numbers(20));
  auto turns = reads_per_turn();
  // 20 = 3 + 5 * 3 + 2, then the wait that finds nothing.
  std::vector<size_t> want{3, 3, 3, 3, 3, 3, 2, 0};
  BOOST_TEST(turns == want, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(read_packets_64_reads_a_whole_backlog_in_one_turn) {
  BOOST_TEST_MESSAGE("Ensure that with {read_packets, 64} the 20 queued "
                     "datagrams are read in one turn, in order, more than "
                     "the default 5");
  BOOST_TEST(run(64, 20) == numbers(20));
  std::vector<size_t> want{20, 0};
  BOOST_TEST(reads_per_turn() == want, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(read_packets_defaults_to_five_and_reads_back) {
  BOOST_TEST_MESSAGE("Ensure that a UDP socket reads 5 per turn by "
                     "default, getopts reports {read_packets,5}, setopts "
                     "changes it, and 0 is einval (as in OTP 25)");
  auto s = gen_udp::open(*self, 0, {inet::active(false)});
  BOOST_REQUIRE(s);
  auto get = [&] {
    auto r = inet::getopts(*self, *s, {inet::option_name::read_packets});
    return r && r->size() == 1 ? inet::to_string(r->front()) : "error";
  };
  BOOST_TEST(get() == "{read_packets,5}");
  BOOST_TEST(why(inet::setopts(*self, *s, {inet::read_packets(0)}))
             == "einval");
  BOOST_REQUIRE(inet::setopts(*self, *s, {inet::read_packets(2)}));
  BOOST_TEST(get() == "{read_packets,2}");
  for (int i = 0; i < 12; ++i)
    net->udp->queue(std::to_string(i));
  BOOST_REQUIRE(inet::setopts(*self, *s, {inet::read_packets(5),
                                          inet::active(true)}));
  for (int i = 0; i < 12; ++i)
    (*self)->receive([](udp_msg&) {}, caf::after(budget) >> [] {
      BOOST_FAIL("a datagram is missing");
    });
  BOOST_REQUIRE(static_cast<bool>(
    inet::getopts(*self, *s, {inet::option_name::read_packets})));
  std::vector<size_t> want{5, 5, 2, 0};
  BOOST_TEST(reads_per_turn() == want, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
