// The socket module (otpnet::sock) on the simulated network: its calls
// with simulated peers, and a schedule exploration of the nowait rules.
// Two readers share one socket, each looping recv(nowait) -> select
// message -> recv, some of their waits cancelled and re-made, while a peer
// sends a stream in random pieces; then the owner closes the socket.
// Whatever the interleaving: every byte reaches exactly one reader once
// (each read a run of consecutive bytes), no reader is told of a handle it
// is not waiting for (only a select already on its way when the reader
// cancelled may come late, and is ignored), cancel of a waiting call never
// fails, and on close every reader still waiting gets an abort message
// (also for a wait whose select came but whose next call the close
// overtook: it still held the direction, and OTP aborts it too). Half the
// runs close at a random point instead, racing the readers' calls and the
// peer's data: then no byte comes twice, and every reader is told of the
// close (an abort, or closed to a call).

#include <algorithm>
#include <utility>
#include <functional>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <caf/allowed_unsafe_message_type.hpp>

#include <otpnet/sock.hpp>

#include "kit/kit_support.hpp"

using namespace otpnet;
using namespace otpnet::testing;
using namespace otpnet::kit_test;

namespace {

/// A closure for an actor to run: how the test makes event-based calls.
struct job {
  std::function<void(caf::event_based_actor*)> run;
};

} // namespace

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(job)

namespace {

using go_atom = caf::atom_constant<caf::atom("go")>;
using cancel_atom = caf::atom_constant<caf::atom("cancel")>;

// The unused int: CAF 0.17 trips UBSan spawning a function without
// arguments (test/support/spawn.hpp).
caf::behavior runner(caf::event_based_actor* self, int) {
  return {
    [self](job& j) { j.run(self); },
    // The tests that use a runner read results, not select messages.
    [](sock::select_msg&) {},
  };
}

/// Runs `call(self)` (a pending) in `who` and the system until nothing
/// moves; the result, or nullopt if none came.
template <class T, class Call>
std::optional<caf::expected<T>> run_call(deterministic_fixture& fx,
                                         const caf::actor& who, Call call) {
  std::optional<caf::expected<T>> out;
  caf::anon_send(who, job{[&out, call](caf::event_based_actor* self) {
                   call(self).then(
                     [&out](caf::expected<T> x) { out = std::move(x); });
                 }});
  fx.run();
  return out;
}

/// The answer of a call of `who` that returns nothing: "ok", the error's
/// atom, or "none" if no answer came.
template <class Call>
std::string outcome(deterministic_fixture& fx, const caf::actor& who,
                    Call call) {
  auto r = run_call<void>(fx, who, call);
  if (!r)
    return "none";
  return *r ? std::string{"ok"} : std::string{to_atom(errc_of(r->error()))};
}

/// sock::recv(S, N) in `who` as text: "<bytes>", the error's atom, or
/// "none" if no answer came.
std::string recv_text(deterministic_fixture& fx, const caf::actor& who,
                      const sock::socket& s, size_t n) {
  auto r = run_call<binary>(fx, who, [s, n](auto* self) {
    return sock::recv(self, s, n, infinity);
  });
  if (!r)
    return "none";
  return *r ? "<" + (*r)->to_string() + ">"
            : std::string{to_atom(errc_of(r->error()))};
}

/// Local sockets of one type on the simulated network, all of one actor:
/// a listener on a name, a client connected to it, the accepted end.
struct local_connection {
  sock::socket l;
  sock::socket c;
  sock::socket s;
};

local_connection connect_local(deterministic_fixture& fx,
                               const caf::actor& who, sock::type t,
                               const std::string& path) {
  auto file = inet::local_socket_address(path);
  auto open = [&] {
    auto r = run_call<sock::socket>(fx, who, [t](auto* self) {
      return sock::open(self, sock::domain::local, t);
    });
    BOOST_REQUIRE(r && *r);
    return **r;
  };
  auto l = open();
  BOOST_REQUIRE(outcome(fx, who, [l, file](auto* self) {
                  return sock::bind(self, l, file);
                })
                == "ok");
  BOOST_REQUIRE(outcome(fx, who, [l](auto* self) {
                  return sock::listen(self, l);
                })
                == "ok");
  auto c = open();
  BOOST_REQUIRE(outcome(fx, who, [c, file](auto* self) {
                  return sock::connect(self, c, file, infinity);
                })
                == "ok");
  auto a = run_call<sock::socket>(fx, who, [l](auto* self) {
    return sock::accept(self, l, infinity);
  });
  BOOST_REQUIRE(a && *a);
  return {l, c, **a};
}

/// A listening socket of `owner` on the simulated network, a peer
/// connected to it, and the accepted socket.
struct sim_connection {
  sock::socket ls;
  sock::socket s;
  simulated_peer peer;
};

sim_connection open_sim_connection(deterministic_fixture& fx,
                                   const caf::actor& owner) {
  auto ls = run_call<sock::socket>(fx, owner, [](auto* self) {
    return sock::open(self, sock::domain::inet, sock::type::stream);
  });
  BOOST_REQUIRE(ls && *ls);
  auto lo = inet::socket_address{inet::ip_address::loopback_v4(), 0};
  auto l = **ls;
  BOOST_REQUIRE(run_call<void>(fx, owner, [l, lo](auto* self) {
                  return sock::bind(self, l, lo);
                }).value());
  BOOST_REQUIRE(run_call<void>(fx, owner, [l](auto* self) {
                  return sock::listen(self, l);
                }).value());
  auto name = run_call<inet::socket_address>(fx, owner, [l](auto* self) {
    return sock::sockname(self, l);
  });
  BOOST_REQUIRE(name && *name);
  auto peer = fx.connect_peer((*name)->port);
  auto s = run_call<sock::socket>(fx, owner, [l](auto* self) {
    return sock::accept(self, l, infinity);
  });
  BOOST_REQUIRE(s && *s);
  return {l, **s, peer};
}

/// What one reader saw.
struct reader_log {
  std::vector<std::string> chunks;
  sock::select_handle pending = 0; // the nowait call it waits on
  std::set<sock::select_handle> cancelled;
  std::set<sock::select_handle> seen;
  size_t stale_selects = 0; // for a handle it had cancelled
  size_t bogus = 0;         // select or abort it must never get
  size_t cancel_failures = 0;
  size_t cancels = 0;
  bool aborted = false;
  bool told_closed = false;
  std::string why;
};

void bogus(reader_log& log, const std::string& what) {
  ++log.bogus;
  if (log.why.empty())
    log.why = what;
}

/// Loops recv(0, nowait); on cancel_atom withdraws its wait and makes a
/// new one.
caf::behavior reader(caf::event_based_actor* self, sock::socket s,
                     reader_log* log) {
  auto call = std::make_shared<std::function<void()>>();
  // Holds only a weak reference to itself (no cycle): the behaviour owns
  // `call`.
  std::weak_ptr<std::function<void()>> weak = call;
  *call = [self, s, log, weak] {
    sock::recv(self, s, 0, sock::nowait)
      .then([self, log, weak](caf::expected<sock::select_result<binary>> r) {
        if (!r) {
          log->told_closed = errc_of(r.error()) == errc::closed;
          if (!log->told_closed)
            bogus(*log, "recv failed: " + to_string(r.error()));
          return;
        }
        if (r->completed()) {
          log->chunks.push_back(r->value.to_string());
          if (auto again = weak.lock())
            (*again)();
          return;
        }
        log->pending = r->select->handle;
      });
  };
  return {
    [call](go_atom) { (*call)(); },
    [self, s, log, call](cancel_atom) {
      if (log->pending == 0)
        return; // not waiting, or a cancel already on its way
      auto h = std::exchange(log->pending, 0);
      log->cancelled.insert(h);
      sock::cancel(self, s, {sock::select_tag::recv, h})
        .then([log, call](caf::expected<void> r) {
          if (!r) {
            if (errc_of(r.error()) == errc::closed) {
              log->told_closed = true;
              return;
            }
            ++log->cancel_failures;
            bogus(*log, "cancel failed: " + to_string(r.error()));
            return;
          }
          ++log->cancels;
          (*call)();
        });
    },
    [log, call](sock::select_msg& m) {
      if (m.handle == log->pending && log->seen.insert(m.handle).second) {
        log->pending = 0;
        (*call)();
      } else if (log->cancelled.count(m.handle) > 0) {
        ++log->stale_selects;
      } else {
        bogus(*log, "select for handle " + std::to_string(m.handle));
      }
    },
    [log](sock::abort_msg& m) {
      // Its wait; one whose cancel the close overtook; or one whose select
      // came and whose next call the close overtook (it still held the
      // direction: OTP aborts it too).
      auto mine = m.handle == log->pending || log->cancelled.count(m.handle)
                  || log->seen.count(m.handle);
      if (mine && m.reason == errc::closed) {
        log->pending = 0;
        log->aborted = true;
      } else {
        bogus(*log, "abort for handle " + std::to_string(m.handle));
      }
    },
  };
}

struct coverage {
  size_t chunks[2] = {0, 0};
  size_t cancels = 0;
  size_t stale = 0;
  size_t aborted = 0;
  size_t told_closed = 0;
};

constexpr size_t stream_size = 200; // byte k is k: any chunk tells its bytes

std::string run_scenario(deterministic_fixture& fx, uint64_t seed,
                         coverage& cov) {
  std::mt19937_64 script{seed * 7919 + 3};
  auto owner = fx.spawn(runner, 0);
  auto conn = open_sim_connection(fx, owner);
  reader_log logs[2];
  caf::actor readers[2];
  for (int i = 0; i < 2; ++i)
    readers[i] = fx.spawn(reader, conn.s, &logs[i]);
  fx.shuffle(seed);
  for (auto& r : readers)
    caf::anon_send(r, go_atom::value);
  std::string stream;
  for (size_t k = 0; k < stream_size; ++k)
    stream += static_cast<char>(k);
  size_t sent = 0;
  // Odd seeds close the socket at a random point of the script, racing
  // the readers' calls and the peer's data; even ones once all is read.
  auto s = conn.s;
  auto early = seed % 2 == 1;
  auto close_at = std::uniform_int_distribution<int>{0, 30}(script);
  std::optional<caf::expected<void>> closed;
  bool close_sent = false;
  auto close_now = [&] {
    close_sent = true;
    caf::anon_send(owner, job{[s, &closed](caf::event_based_actor* self) {
                     sock::close(self, s).then(
                       [&closed](caf::expected<void> r) { closed = r; });
                   }});
  };
  for (int step = 0; sent < stream.size(); ++step) {
    if (early && step == close_at)
      close_now();
    switch (std::uniform_int_distribution<int>{0, 3}(script)) {
      case 0:
      case 1: {
        auto n = std::uniform_int_distribution<size_t>{1, 20}(script);
        n = std::min(n, stream.size() - sent);
        conn.peer.send(stream.substr(sent, n));
        sent += n;
        break;
      }
      case 2:
        caf::anon_send(readers[script() % 2], cancel_atom::value);
        break;
      default:
        break;
    }
    some_steps(fx, script);
  }
  if (early && !close_sent)
    close_now(); // the script ended first
  fx.run();
  // Every byte at most once (all of them unless closed early), each chunk
  // a run of consecutive bytes.
  std::vector<int> got(stream_size, 0);
  for (int i = 0; i < 2; ++i) {
    for (auto& c : logs[i].chunks) {
      for (size_t j = 0; j < c.size(); ++j) {
        auto b = static_cast<unsigned char>(c[j]);
        if (j > 0 && b != static_cast<unsigned char>(c[j - 1]) + 1)
          return "reader " + std::to_string(i) + " got a chunk out of order";
        if (b >= stream_size || ++got[b] > 1)
          return "byte " + std::to_string(b) + " delivered twice";
      }
    }
    cov.chunks[i] += logs[i].chunks.size();
  }
  for (size_t k = 0; k < stream_size && !early; ++k)
    if (got[k] != 1)
      return "byte " + std::to_string(k) + " lost";
  if (!early) {
    close_now();
    fx.run();
  }
  if (!closed || !*closed)
    return "close failed";
  for (int i = 0; i < 2; ++i) {
    auto& log = logs[i];
    auto who = "reader " + std::to_string(i);
    if (log.bogus > 0)
      return who + ": " + log.why;
    if (!log.aborted && !log.told_closed)
      return who + " was not told of the close";
    cov.cancels += log.cancels;
    cov.stale += log.stale_selects;
    cov.aborted += log.aborted ? 1 : 0;
    cov.told_closed += log.told_closed ? 1 : 0;
  }
  return {};
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(sock_sim_suite, deterministic_fixture)

BOOST_AUTO_TEST_CASE(nowait_calls_with_a_simulated_peer) {
  BOOST_TEST_MESSAGE("Ensure that on the simulated network accept(nowait) "
                     "and recv(nowait) select until the peer connects and "
                     "sends, then return the connection and its data, and "
                     "that send and close reach the peer");
  auto owner = spawn(runner, 0);
  auto lo = inet::socket_address{inet::ip_address::loopback_v4(), 0};
  auto l = run_call<sock::socket>(*this, owner, [](auto* self) {
             return sock::open(self, sock::domain::inet, sock::type::stream);
           })->value();
  BOOST_REQUIRE(run_call<void>(*this, owner, [l, lo](auto* self) {
                  return sock::bind(self, l, lo);
                }).value());
  BOOST_REQUIRE(run_call<void>(*this, owner, [l](auto* self) {
                  return sock::listen(self, l);
                }).value());
  auto port = run_call<inet::socket_address>(*this, owner, [l](auto* self) {
                return sock::sockname(self, l);
              })->value().port;
  std::vector<sock::select_handle> told;
  auto collector = spawn([&told](caf::event_based_actor* self, int) {
    return caf::behavior{
      [&told](sock::select_msg& m) { told.push_back(m.handle); },
      [self](job& j) { j.run(self); },
    };
  }, 0);
  auto a = run_call<sock::select_result<sock::socket>>(
    *this, collector,
    [l](auto* self) { return sock::accept(self, l, sock::nowait); });
  BOOST_REQUIRE(a && *a && !(*a)->completed());
  BOOST_TEST(told.empty());
  auto peer = connect_peer(port);
  run();
  BOOST_REQUIRE(told.size() == 1u);
  BOOST_TEST(told.back() == (*a)->select->handle);
  auto a2 = run_call<sock::select_result<sock::socket>>(
    *this, collector,
    [l](auto* self) { return sock::accept(self, l, sock::nowait); });
  BOOST_REQUIRE(a2 && *a2 && (*a2)->completed());
  auto s = (*a2)->value;
  auto r = run_call<sock::select_result<binary>>(
    *this, collector,
    [s](auto* self) { return sock::recv(self, s, 0, sock::nowait); });
  BOOST_REQUIRE(r && *r && !(*r)->completed());
  peer.send("hello");
  run();
  BOOST_REQUIRE(told.size() == 2u);
  BOOST_TEST(told.back() == (*r)->select->handle);
  auto r2 = run_call<sock::select_result<binary>>(
    *this, collector,
    [s](auto* self) { return sock::recv(self, s, 0, sock::nowait); });
  BOOST_REQUIRE(r2 && *r2 && (*r2)->completed());
  BOOST_TEST((*r2)->value.to_string() == "hello");
  BOOST_REQUIRE(run_call<void>(*this, collector, [s](auto* self) {
                  return sock::send(self, s, binary{"world"}, infinity);
                }).value());
  BOOST_TEST(peer.read() == "world");
  BOOST_REQUIRE(run_call<void>(*this, collector, [s](auto* self) {
                  return sock::close(self, s);
                }).value());
  BOOST_TEST(peer.eof());
}

BOOST_AUTO_TEST_CASE(send_nowait_waits_for_the_peers_window) {
  BOOST_TEST_MESSAGE("Ensure that send(nowait) to a peer that stopped "
                     "reading returns the rest with a select_info, and the "
                     "select message comes when the peer reads");
  auto owner = spawn(runner, 0);
  auto conn = open_sim_connection(*this, owner);
  conn.peer.stop_reading(10);
  auto s = conn.s;
  auto r = run_call<sock::select_result<binary>>(*this, owner, [s](auto* self) {
    return sock::send(self, s, binary{"abcdefghijklmnopqrstuvwxy"},
                      sock::nowait);
  });
  BOOST_REQUIRE(r && *r && !(*r)->completed());
  BOOST_TEST((*r)->value.to_string() == "klmnopqrstuvwxy");
  BOOST_TEST(conn.peer.read() == "abcdefghij");
  run();
  auto rest = run_call<sock::select_result<binary>>(
    *this, owner, [s, data = (*r)->value](auto* self) {
      return sock::send(self, s, data, sock::nowait);
    });
  BOOST_REQUIRE(rest && *rest);
  BOOST_TEST((*rest)->value.to_string() == "uvwxy");
}

BOOST_AUTO_TEST_CASE(connect_nowait_to_a_peer_and_to_nobody) {
  BOOST_TEST_MESSAGE("Ensure that connect(nowait) on the simulated network "
                     "is in progress until its event, connect/1 then says "
                     "ok (the test accepts the connection) or "
                     "econnrefused where nobody listens");
  auto owner = spawn(runner, 0);
  auto lst = listen_peer();
  auto c = run_call<sock::socket>(*this, owner, [](auto* self) {
             return sock::open(self, sock::domain::inet, sock::type::stream);
           })->value();
  auto to = inet::socket_address{inet::ip_address::loopback_v4(), lst.port()};
  auto r = run_call<std::optional<sock::select_info>>(
    *this, owner, [c, to](auto* self) {
      return sock::connect(self, c, to, sock::nowait);
    });
  BOOST_REQUIRE(r && *r && **r);
  auto connected = run_call<void>(*this, owner, [c](auto* self) {
    return sock::connect(self, c);
  });
  BOOST_REQUIRE(connected);
  BOOST_TEST(static_cast<bool>(*connected));
  auto peer = lst.accept();
  BOOST_REQUIRE(run_call<void>(*this, owner, [c](auto* self) {
                  return sock::send(self, c, binary{"hi"}, infinity);
                }).value());
  BOOST_TEST(peer.read() == "hi");
  auto d = run_call<sock::socket>(*this, owner, [](auto* self) {
             return sock::open(self, sock::domain::inet, sock::type::stream);
           })->value();
  auto nobody = inet::socket_address{inet::ip_address::loopback_v4(), 9};
  BOOST_REQUIRE(run_call<std::optional<sock::select_info>>(
                  *this, owner,
                  [d, nobody](auto* self) {
                    return sock::connect(self, d, nobody, sock::nowait);
                  })
                  .value());
  auto refused = run_call<void>(*this, owner, [d](auto* self) {
    return sock::connect(self, d);
  });
  BOOST_REQUIRE(refused && !*refused);
  BOOST_TEST((errc_of(refused->error()) == errc::econnrefused));
}

BOOST_AUTO_TEST_CASE(sendmsg_and_recvmsg_with_a_simulated_peer) {
  BOOST_TEST_MESSAGE("Ensure that on the simulated network sendmsg(nowait) "
                     "to a peer that stopped reading returns the unsent "
                     "rest of the iov (its binaries' boundaries kept), that "
                     "recvmsg returns what the peer sent, and that control "
                     "messages and flags (recvmsg's, send's), which the "
                     "simulation has not, are enotsup");
  auto owner = spawn(runner, 0);
  auto conn = open_sim_connection(*this, owner);
  conn.peer.stop_reading(10);
  auto s = conn.s;
  auto r = run_call<sock::select_result<std::vector<binary>>>(
    *this, owner, [s](auto* self) {
      sock::msg_send m;
      m.iov = {binary{"abcdefgh"}, binary{"ijklmnop"}, binary{"qrstuvwxy"}};
      return sock::sendmsg(self, s, std::move(m), {}, sock::nowait);
    });
  BOOST_REQUIRE(r && *r && !(*r)->completed());
  BOOST_TEST(((*r)->select->tag == sock::select_tag::sendmsg));
  auto& rest = (*r)->value;
  BOOST_REQUIRE(rest.size() == 2u);
  BOOST_TEST(rest[0].to_string() == "klmnop");
  BOOST_TEST(rest[1].to_string() == "qrstuvwxy");
  BOOST_TEST(conn.peer.read() == "abcdefghij");
  conn.peer.send("hello");
  auto got = run_call<sock::msg_recv>(*this, owner, [s](auto* self) {
    return sock::recvmsg(self, s, 0, 0, {}, infinity);
  });
  BOOST_REQUIRE(got && *got);
  BOOST_REQUIRE((*got)->iov.size() == 1u);
  BOOST_TEST((*got)->iov[0].to_string() == "hello");
  BOOST_TEST((*got)->ctrl.empty());
  auto peek = run_call<sock::msg_recv>(*this, owner, [s](auto* self) {
    return sock::recvmsg(self, s, 0, 0, {sock::msg_flag::peek}, infinity);
  });
  BOOST_REQUIRE(peek && !*peek);
  BOOST_TEST((errc_of(peek->error()) == errc::enotsup));
  auto more = run_call<void>(*this, owner, [s](auto* self) {
    return sock::send(self, s, binary{"x"}, {sock::msg_flag::more},
                      infinity);
  });
  BOOST_REQUIRE(more && !*more);
  BOOST_TEST((errc_of(more->error()) == errc::enotsup));
}

BOOST_AUTO_TEST_CASE(otp_rcvbuf_count_and_size_with_a_simulated_peer) {
  BOOST_TEST_MESSAGE("Ensure that with {otp, rcvbuf} set to {3, 1000} a "
                     "recv(0) of 10000 bytes the peer sent at once returns "
                     "3000 bytes (three reads of 1000), that the "
                     "integer form reads once again, and that a reset "
                     "after two full reads fails the call and leaves their "
                     "bytes for the next");
  auto owner = spawn(runner, 0);
  auto conn = open_sim_connection(*this, owner);
  auto s = conn.s;
  sock::option rcvbuf{sock::level::otp, sock::name::rcvbuf};
  BOOST_REQUIRE(run_call<void>(*this, owner, [s, rcvbuf](auto* self) {
                  return sock::setopt(self, s, rcvbuf,
                                      sock::rcvbuf_reads{3, 1000});
                }).value());
  conn.peer.send(std::string(10000, 'x'));
  auto recv0 = [&] {
    auto got = run_call<binary>(*this, owner, [s](auto* self) {
      return sock::recv(self, s, 0, infinity);
    });
    BOOST_REQUIRE(got && *got);
    return (*got)->size();
  };
  BOOST_TEST(recv0() == 3000u);
  BOOST_TEST(recv0() == 3000u);
  // Options the simulation only stores answer as a fresh kernel socket's
  // until set: peek_off is off (-1).
  sock::option peek_off{sock::level::socket, sock::name::peek_off};
  auto off = run_call<sock::value>(*this, owner, [s, peek_off](auto* self) {
    return sock::getopt(self, s, peek_off);
  });
  BOOST_REQUIRE(off && *off);
  BOOST_TEST(sock::to_string(**off) == "-1");
  BOOST_REQUIRE(run_call<void>(*this, owner, [s, rcvbuf](auto* self) {
                  return sock::setopt(self, s, rcvbuf, 2500);
                }).value());
  BOOST_TEST(recv0() == 2500u);
  BOOST_TEST(recv0() == 1500u);
  // An error after full reads fails the call, as for recv(N), and loses
  // nothing: the bytes read before it come with the next call.
  BOOST_REQUIRE(run_call<void>(*this, owner, [s, rcvbuf](auto* self) {
                  return sock::setopt(self, s, rcvbuf,
                                      sock::rcvbuf_reads{3, 1000});
                }).value());
  conn.peer.send(std::string(2000, 'y'));
  conn.peer.reset();
  auto failed = run_call<binary>(*this, owner, [s](auto* self) {
    return sock::recv(self, s, 0, infinity);
  });
  BOOST_REQUIRE(failed && !*failed);
  BOOST_TEST((errc_of(failed->error()) == errc::econnreset));
  BOOST_TEST(recv0() == 2000u);
}

BOOST_AUTO_TEST_CASE(otp_rcvbuf_sizes_beyond_one_os_read) {
  BOOST_TEST_MESSAGE("Ensure that a read of {otp, rcvbuf}'s Size larger "
                     "than otpnet's 64 KiB read buffer is several OS reads "
                     "that count as one: {2, 100000} over 300000 waiting "
                     "bytes gives 200000, the integer 150000 then gives "
                     "the 100000 left, and the bytes keep their order");
  auto owner = spawn(runner, 0);
  auto conn = open_sim_connection(*this, owner);
  auto s = conn.s;
  sock::option rcvbuf{sock::level::otp, sock::name::rcvbuf};
  auto set = [&](sock::value v) {
    BOOST_REQUIRE(run_call<void>(*this, owner, [s, rcvbuf, v](auto* self) {
                    return sock::setopt(self, s, rcvbuf, v);
                  }).value());
  };
  std::string sent(300000, '\0');
  for (size_t i = 0; i < sent.size(); ++i)
    sent[i] = static_cast<char>('a' + (i * 7 + i / 1000) % 26);
  conn.peer.send(sent);
  std::string got;
  auto recv0 = [&] {
    auto r = run_call<binary>(*this, owner, [s](auto* self) {
      return sock::recv(self, s, 0, infinity);
    });
    BOOST_REQUIRE(r && *r);
    got += (*r)->to_string();
    return (*r)->size();
  };
  set(sock::rcvbuf_reads{2, 100000});
  BOOST_TEST(recv0() == 200000u);
  set(150000);
  BOOST_TEST(recv0() == 100000u);
  BOOST_TEST((got == sent));
}

BOOST_AUTO_TEST_CASE(datagram_sockets_with_a_simulated_udp_peer) {
  BOOST_TEST_MESSAGE("Ensure that a dgram socket of the socket module on "
                     "the simulated network exchanges datagrams with a UDP "
                     "peer (each with its source), that a recvfrom waits "
                     "for one, that the network's faults apply to it (a "
                     "lost datagram never comes), that it reads back its "
                     "type and protocol, cannot listen, and needs a peer "
                     "or an address to send");
  auto owner = spawn(runner, 0);
  auto u = run_call<sock::socket>(*this, owner, [](auto* self) {
    return sock::open(self, sock::domain::inet, sock::type::dgram);
  });
  BOOST_REQUIRE(u && *u);
  auto s = **u;
  auto lo = inet::ip_address::loopback_v4();
  BOOST_REQUIRE(run_call<void>(*this, owner, [s, lo](auto* self) {
                  return sock::bind(self, s, {lo, 0});
                }).value());
  auto name = run_call<inet::socket_address>(*this, owner, [s](auto* self) {
    return sock::sockname(self, s);
  });
  BOOST_REQUIRE(name && *name);
  auto port = (*name)->port;
  BOOST_TEST(port != 0);
  auto peer = net().open_udp_peer();
  BOOST_REQUIRE(peer);
  inet::socket_address to{lo, peer->port()};
  BOOST_REQUIRE(run_call<void>(*this, owner, [s, to](auto* self) {
                  return sock::sendto(self, s, binary{"ping"}, to);
                }).value());
  auto got = peer->receive();
  BOOST_REQUIRE(got);
  BOOST_TEST(got->data == "ping");
  BOOST_TEST(got->from_port == port);
  // A recvfrom with nothing there waits for the next datagram.
  std::optional<caf::expected<sock::datagram>> d;
  caf::anon_send(owner, job{[&d, s](caf::event_based_actor* self) {
                   sock::recvfrom(self, s, 0, infinity)
                     .then([&d](caf::expected<sock::datagram> x) {
                       d = std::move(x);
                     });
                 }});
  run();
  BOOST_TEST(!d);
  net().lose_datagrams(port);
  peer->send_to(port, "lost");
  peer->send_to(port, "pong");
  run();
  BOOST_REQUIRE(d && *d);
  BOOST_TEST((*d)->data.to_string() == "pong");
  BOOST_TEST((*d)->from.port == peer->port());
  BOOST_TEST(net().lost_datagrams(port) == 1u);
  auto opt = [&](sock::name n) {
    auto v = run_call<sock::value>(*this, owner, [s, n](auto* self) {
      return sock::getopt(self, s, {sock::level::socket, n});
    });
    return v && *v ? sock::to_string(**v) : std::string{"error"};
  };
  BOOST_TEST(opt(sock::name::type) == "dgram");
  BOOST_TEST(opt(sock::name::protocol) == "udp");
  auto why_not = [&](auto call) {
    auto r = run_call<void>(*this, owner, call);
    BOOST_REQUIRE(r);
    return *r ? std::string{"ok"} : std::string{to_atom(errc_of(r->error()))};
  };
  BOOST_TEST(why_not([s](auto* self) { return sock::listen(self, s); })
             == "enotsup");
  BOOST_TEST(why_not([s](auto* self) {
               return sock::send(self, s, binary{"where?"}, infinity);
             })
             == "edestaddrreq");
  BOOST_TEST(why_not([s](auto* self) { return sock::close(self, s); })
             == "ok");
}

BOOST_AUTO_TEST_CASE(connected_datagram_sockets_on_the_simulated_network) {
  BOOST_TEST_MESSAGE("Ensure that connect fixes a simulated dgram socket's "
                     "peer (binding it, as the kernel does): send reaches "
                     "it, peername names it, only its datagrams arrive; "
                     "and that a send to a port nobody holds is lost and "
                     "fails the next call with econnrefused, as the kernel "
                     "reports the ICMP error");
  auto owner = spawn(runner, 0);
  auto u = run_call<sock::socket>(*this, owner, [](auto* self) {
    return sock::open(self, sock::domain::inet, sock::type::dgram);
  });
  BOOST_REQUIRE(u && *u);
  auto s = **u;
  auto lo = inet::ip_address::loopback_v4();
  auto peer = net().open_udp_peer();
  auto stranger = net().open_udp_peer();
  BOOST_REQUIRE(peer && stranger);
  inet::socket_address to{lo, peer->port()};
  BOOST_REQUIRE(run_call<void>(*this, owner, [s, to](auto* self) {
                  return sock::connect(self, s, to, infinity);
                }).value());
  auto pn = run_call<inet::socket_address>(*this, owner, [s](auto* self) {
    return sock::peername(self, s);
  });
  BOOST_REQUIRE(pn && *pn);
  BOOST_TEST((*pn)->port == peer->port());
  BOOST_REQUIRE(run_call<void>(*this, owner, [s](auto* self) {
                  return sock::send(self, s, binary{"hello"}, infinity);
                }).value());
  auto got = peer->receive();
  BOOST_REQUIRE(got);
  BOOST_TEST(got->data == "hello");
  auto port = got->from_port;
  stranger->send_to(port, "not from the peer");
  peer->send_to(port, "from the peer");
  run();
  auto r = run_call<binary>(*this, owner, [s](auto* self) {
    return sock::recv(self, s, 0, infinity);
  });
  BOOST_REQUIRE(r && *r);
  BOOST_TEST((*r)->to_string() == "from the peer");
  // Connected to a port nobody holds: the datagram is lost and the next
  // call learns it.
  peer->close();
  BOOST_REQUIRE(run_call<void>(*this, owner, [s](auto* self) {
                  return sock::send(self, s, binary{"anyone?"}, infinity);
                }).value());
  auto refused = run_call<void>(*this, owner, [s](auto* self) {
    return sock::send(self, s, binary{"again"}, infinity);
  });
  BOOST_REQUIRE(refused && !*refused);
  BOOST_TEST((errc_of(refused->error()) == errc::econnrefused));
}

BOOST_AUTO_TEST_CASE(local_stream_sockets_by_name_on_the_simulated_network) {
  BOOST_TEST_MESSAGE("Ensure that on the simulated network, which has names "
                     "but no files, a local stream socket bound to a path "
                     "listens there, a connect to the path is accepted and "
                     "carries bytes, the ends name the path and the unnamed "
                     "client as the kernel does, protocol reads `default`, "
                     "a name in use is eaddrinuse and one nobody listens on "
                     "enoent, an address of the other family is refused, "
                     "and local datagram sockets are eafnosupport");
  auto owner = spawn(runner, 0);
  auto open = [&](sock::domain d, sock::type t) {
    return run_call<sock::socket>(*this, owner, [d, t](auto* self) {
      return sock::open(self, d, t);
    });
  };
  auto ok_or = [&](auto call) {
    auto r = run_call<void>(*this, owner, call);
    BOOST_REQUIRE(r);
    return *r ? std::string{"ok"} : std::string{to_atom(errc_of(r->error()))};
  };
  auto name = [&](const sock::socket& x, bool peer) {
    auto r = run_call<inet::socket_address>(*this, owner,
                                            [x, peer](auto* self) {
                                              return peer
                                                       ? sock::peername(self, x)
                                                       : sock::sockname(self, x);
                                            });
    if (!r || !*r)
      return std::string{"error"};
    return (*r)->is_local() ? inet::to_term(*(*r)->local) : std::string{"ip"};
  };
  const std::string path = "/tmp/otpnet-sim.sock";
  auto file = inet::local_socket_address(path);
  auto conn = connect_local(*this, owner, sock::type::stream, path);
  auto l = conn.l;
  auto c = conn.c;
  auto s = conn.s;
  auto term = "{local,<<\"" + path + "\">>}";
  BOOST_TEST(name(l, false) == term);
  BOOST_TEST(ok_or([c](auto* self) {
               return sock::send(self, c, binary{"hello"}, infinity);
             })
             == "ok");
  auto got = run_call<binary>(*this, owner, [s](auto* self) {
    return sock::recv(self, s, 5, infinity);
  });
  BOOST_REQUIRE(got && *got);
  BOOST_TEST((*got)->to_string() == "hello");
  BOOST_TEST(name(c, true) == term);
  BOOST_TEST(name(c, false) == "{local,<<>>}");
  BOOST_TEST(name(s, false) == term);
  BOOST_TEST(name(s, true) == "{local,<<>>}");
  auto proto = run_call<sock::value>(*this, owner, [s](auto* self) {
    return sock::getopt(self, s, {sock::level::socket, sock::name::protocol});
  });
  BOOST_REQUIRE(proto && *proto);
  BOOST_TEST(sock::to_string(**proto) == "default");
  auto other = open(sock::domain::local, sock::type::stream)->value();
  BOOST_TEST(ok_or([other, file](auto* self) {
               return sock::bind(self, other, file);
             })
             == "eaddrinuse");
  auto nobody = inet::local_socket_address("/tmp/otpnet-nobody.sock");
  BOOST_TEST(ok_or([other, nobody](auto* self) {
               return sock::connect(self, other, nobody, infinity);
             })
             == "enoent");
  auto lo = inet::socket_address{inet::ip_address::loopback_v4(), 0};
  auto fresh = open(sock::domain::local, sock::type::stream)->value();
  BOOST_TEST(ok_or([fresh, lo](auto* self) {
               return sock::bind(self, fresh, lo);
             })
             == "einval");
  auto ip = open(sock::domain::inet, sock::type::stream)->value();
  BOOST_TEST(ok_or([ip, file](auto* self) {
               return sock::bind(self, ip, file);
             })
             == "eafnosupport");
  auto dgram = open(sock::domain::local, sock::type::dgram);
  BOOST_REQUIRE(dgram && !*dgram);
  BOOST_TEST((errc_of(dgram->error()) == errc::eafnosupport));
  // Closed, the listener gives its name back (no file stays behind).
  BOOST_TEST(ok_or([l](auto* self) { return sock::close(self, l); }) == "ok");
  BOOST_TEST(ok_or([other, file](auto* self) {
               return sock::bind(self, other, file);
             })
             == "ok");
}

BOOST_AUTO_TEST_CASE(local_seqpacket_sockets_on_the_simulated_network) {
  BOOST_TEST_MESSAGE("Ensure that on the simulated network local seqpacket "
                     "sockets listen on a name, connect and accept, carry "
                     "each send as one record (two sends are two recvs, an "
                     "empty send an empty record, a longer record is cut "
                     "at recv's length), say seqpacket to getopt type, "
                     "read the peer's close as closed, refuse a stream "
                     "socket's connect and the test's peers (eprototype), "
                     "and that seqpacket on inet is esocktnosupport");
  auto owner = spawn(runner, 0);
  auto open = [&](sock::domain d, sock::type t) {
    auto r = run_call<sock::socket>(*this, owner, [d, t](auto* self) {
      return sock::open(self, d, t);
    });
    BOOST_REQUIRE(r);
    return *r;
  };
  auto local = [&](sock::type t) {
    auto r = open(sock::domain::local, t);
    BOOST_REQUIRE(r);
    return *r;
  };
  auto call = [&](auto f) { return outcome(*this, owner, f); };
  auto send = [&](const sock::socket& s, std::string text) {
    return call([s, text](auto* self) {
      return sock::send(self, s, binary{text}, infinity);
    });
  };
  auto recv = [&](const sock::socket& s, size_t n) {
    return recv_text(*this, owner, s, n);
  };
  const std::string path = "/tmp/otpnet-sim-seqpacket.sock";
  auto file = inet::local_socket_address(path);
  auto conn = connect_local(*this, owner, sock::type::seqpacket, path);
  auto c = conn.c;
  auto s = conn.s;
  auto type = run_call<sock::value>(*this, owner, [s](auto* self) {
    return sock::getopt(self, s, {sock::level::socket, sock::name::type});
  });
  BOOST_REQUIRE(type && *type);
  BOOST_TEST(sock::to_string(**type) == "seqpacket");
  BOOST_TEST(send(c, "one") == "ok");
  BOOST_TEST(send(c, "two") == "ok");
  BOOST_TEST(recv(s, 0) == "<one>");
  BOOST_TEST(recv(s, 0) == "<two>");
  BOOST_TEST(send(c, "abcdef") == "ok");
  BOOST_TEST(send(c, "gh") == "ok");
  BOOST_TEST(recv(s, 3) == "<abc>");
  BOOST_TEST(recv(s, 0) == "<gh>");
  BOOST_TEST(send(c, "") == "ok");
  BOOST_TEST(recv(s, 0) == "<>");
  auto stream = local(sock::type::stream);
  BOOST_TEST(call([stream, file](auto* self) {
               return sock::connect(self, stream, file, infinity);
             })
             == "eprototype");
  BOOST_TEST(!net().connect_local(path));
  BOOST_TEST(call([c](auto* self) { return sock::close(self, c); }) == "ok");
  BOOST_TEST(recv(s, 0) == "closed");
  auto ip = open(sock::domain::inet, sock::type::seqpacket);
  BOOST_TEST((!ip && errc_of(ip.error()) == errc::esocktnosupport));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(exploration)

BOOST_AUTO_TEST_CASE(sock_readers_share_a_socket_by_the_nowait_rules) {
  BOOST_TEST_MESSAGE("Ensure that under every explored interleaving two "
                     "readers looping on recv(nowait) with cancels get "
                     "every byte once (at most once when the close races "
                     "them), are told only of their own waits, and are "
                     "told of the close");
  coverage cov;
  auto runs = explore_seeds(1000, [&](auto& fx, uint64_t seed) {
    return run_scenario(fx, seed, cov);
  });
  BOOST_TEST_MESSAGE("explored " << runs << " run(s): " << cov.chunks[0]
                                 << " / " << cov.chunks[1]
                                 << " reads per reader, " << cov.cancels
                                 << " cancels, " << cov.stale
                                 << " stale selects, " << cov.aborted
                                 << " aborts, " << cov.told_closed
                                 << " told closed by a call");
  if (runs >= 1000) {
    BOOST_TEST(cov.chunks[0] > 0u);
    BOOST_TEST(cov.chunks[1] > 0u);
    BOOST_TEST(cov.cancels > 0u);
    BOOST_TEST(cov.aborted > 0u);
    BOOST_TEST(cov.told_closed > 0u);
  }
}

BOOST_AUTO_TEST_SUITE_END()
