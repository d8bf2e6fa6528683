#pragma once

// Shared by the kit's tests: the two fixtures every behaviour test runs on,
// and the few lines that open a connection between an owner probe and a
// peer.

#include <string>

#include <boost/mpl/list.hpp>
#include <boost/test/unit_test.hpp>

#include <otpnet/gen_tcp.hpp>
#include <otpnet/inet.hpp>
#include <otpnet/testing/deterministic.hpp>
#include <otpnet/testing/expectations.hpp>
#include <otpnet/testing/loopback.hpp>
#include <otpnet/testing/probe.hpp>

namespace otpnet::kit_test {

using both_fixtures = boost::mpl::list<testing::deterministic_fixture,
                                       testing::loopback_fixture>;

template <class Fixture>
struct connection {
  otpnet::socket ls;
  otpnet::socket s;
  typename Fixture::peer_type peer;
};

/// `owner` listens with `opts` (port 0), a peer connects, `owner` accepts.
template <class Fixture>
connection<Fixture> open_connection(Fixture& fx, testing::probe& owner,
                                    const gen_tcp::option_list& opts) {
  auto ls = owner.listen(0, opts);
  BOOST_REQUIRE_MESSAGE(ls, "listen failed");
  auto port = owner.port(*ls);
  BOOST_REQUIRE(port);
  auto peer = fx.connect_peer(*port);
  auto s = owner.accept(*ls);
  BOOST_REQUIRE_MESSAGE(s, "accept failed");
  return {*ls, *s, peer};
}

/// A packet with a big-endian length header of `hlen` bytes.
inline std::string frame(size_t hlen, const std::string& body) {
  std::string out;
  for (size_t i = hlen; i > 0; --i)
    out.push_back(static_cast<char>((body.size() >> (8 * (i - 1))) & 0xFF));
  return out + body;
}

/// The byte at offset i of a test stream (so that a lost, duplicated or
/// reordered byte shows).
inline std::string pattern(size_t from, size_t n) {
  std::string out(n, '\0');
  for (size_t i = 0; i < n; ++i)
    out[i] = static_cast<char>('A' + (from + i) % 26);
  return out;
}

/// Parses a {packet,2} byte stream into bodies; a torn tail stays in `rest`.
inline std::vector<std::string> unframe2(std::string& rest) {
  std::vector<std::string> out;
  for (;;) {
    if (rest.size() < 2)
      return out;
    size_t len = (static_cast<uint8_t>(rest[0]) << 8)
                 | static_cast<uint8_t>(rest[1]);
    if (rest.size() < 2 + len)
      return out;
    out.push_back(rest.substr(2, len));
    rest.erase(0, 2 + len);
  }
}

} // namespace otpnet::kit_test
