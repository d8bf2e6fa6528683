#pragma once

// Fixture for tests over real sockets on loopback: a runtime, a blocking
// test actor that owns sockets, and bounded receives.

#include <chrono>
#include <memory>
#include <string>

#include <boost/test/unit_test.hpp>

#include <caf/all.hpp>

#include <otpnet/gen_tcp.hpp>
#include <otpnet/inet.hpp>
#include <otpnet/runtime.hpp>

#include "support/raw_peer.hpp"

namespace otpnet::test {

inline constexpr auto budget = std::chrono::seconds{5};

inline const inet::ip_address lo4 = inet::ip_address::loopback_v4();
inline const inet::ip_address lo6 = inet::ip_address::loopback_v6();

/// Option names, as the tests write them in getopts lists.
using n = inet::option_name;

/// The Erlang atom of a failed result, "ok" for a value: safe to evaluate
/// in a test message whatever the outcome.
template <class T>
std::string why(const caf::expected<T>& x) {
  return std::string{to_atom(x ? errc::ok : errc_of(x.error()))};
}

/// getopts' answer as the shell would print its options, one after the
/// other ("{nodelay,true}{packet,2}"), or "error ATOM".
inline std::string
opts_text(const caf::expected<std::vector<inet::option>>& x) {
  if (!x)
    return std::string{"error "} + std::string{to_atom(errc_of(x.error()))};
  std::string out;
  for (const auto& o : *x)
    out += to_string(o);
  return out;
}

struct loopback_fixture {
  runtime_config cfg;
  std::unique_ptr<runtime> rt;
  std::unique_ptr<caf::scoped_actor> self_;

  loopback_fixture() {
    cfg.set("scheduler.max-threads", 2);
    cfg.set("logger.verbosity", caf::atom("quiet"));
    rt = std::make_unique<runtime>(cfg);
    self_ = std::make_unique<caf::scoped_actor>(rt->system());
  }

  ~loopback_fixture() {
    self_.reset();
    rt.reset();
  }

  caf::scoped_actor& self() {
    return *self_;
  }

  caf::actor_system& sys() {
    return rt->system();
  }

  /// Listens on 127.0.0.1, port 0.
  socket listen(gen_tcp::option_list opts = {}) {
    opts.insert(opts.begin(), inet::ip{inet::ip_address::loopback_v4()});
    auto ls = gen_tcp::listen(self(), 0, opts);
    BOOST_REQUIRE_MESSAGE(ls, "listen failed: " << why(ls));
    return *ls;
  }

  uint16_t port_of(const socket& s) {
    auto p = inet::port(self(), s);
    BOOST_REQUIRE(p);
    return *p;
  }

  /// Connects a raw peer to `ls` and accepts it: returns both ends.
  std::pair<otpnet::socket, raw_peer> accept_peer(const socket& ls) {
    auto peer = raw_peer::connect(port_of(ls));
    BOOST_REQUIRE(peer);
    auto s = gen_tcp::accept(self(), ls, budget);
    BOOST_REQUIRE_MESSAGE(s, "accept failed: " << why(s));
    return {*s, std::move(*peer)};
  }

  /// Receives the next message, which must be a T; fails after `budget`.
  template <class T>
  T expect() {
    std::optional<T> got;
    std::string other;
    self()->receive(
      [&](T& x) { got = std::move(x); },
      caf::others >> [&](caf::message_view& x) -> caf::result<caf::message> {
        other = to_string(x.copy_content_to_message());
        return caf::message{};
      },
      caf::after(budget) >> [&] { other = "<timeout>"; });
    BOOST_REQUIRE_MESSAGE(got, "expected a " << typeid(T).name()
                                             << ", got " << other);
    return std::move(*got);
  }

  /// Collects tcp_msg payloads until `n` bytes arrived.
  std::string expect_bytes(size_t n) {
    std::string out;
    while (out.size() < n)
      out += expect<tcp_msg>().data.to_string();
    return out;
  }

  /// True if nothing is in the test actor's mailbox after a round trip to
  /// `s`: whatever `s` had sent before would be there by now (per-sender
  /// order), so no sleeping is needed.
  /// Uses mailbox().empty(), never size(): size() instantiates CAF's
  /// fifo_inbox::fetch_more in the (instrumented) test binary, the dynamic
  /// linker then binds CAF's own calls to that copy, and UBSan reports
  /// CAF's cast of its queue sentinel in every blocking receive.
  bool mailbox_empty_after_sync(const socket& s) {
    auto r = inet::getopts(self(), s, {inet::option_name::active});
    (void)r;
    return self()->mailbox().empty();
  }
};

} // namespace otpnet::test
