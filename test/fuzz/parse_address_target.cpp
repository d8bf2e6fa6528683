// Fuzz target: inet:parse_*address/1 and inet:ntoa/1.
//
// Properties (inet_parse.erl's relations): every parser returns a value or
// einval for any bytes; a strict parser accepts only what its relaxed
// counterpart accepts, with the same result; parse_address and
// parse_strict_address accept exactly their IPv4 or IPv6 parts; the IPv4
// parsers return IPv4 addresses and the IPv6 ones IPv6; ntoa's text of any
// parsed address parses back, strictly, to the same address. Also the
// property test of parse_address_test, over its own inputs.

#include <string>
#include <string_view>

#include "fuzz/fuzz_input.hpp"
#include "fuzz/fuzz_targets.hpp"

#include "otpnet/inet/parse_address.hpp"

namespace otpnet::fuzz {

namespace {

using inet::ip_address;

void round_trips(const net::result<ip_address>& r) {
  if (!r)
    return;
  auto text = inet::ntoa(r.value());
  auto back = inet::parse_strict_address(text);
  check(back.has_value(), "ntoa's text parses strictly");
  check(back.value() == r.value(), "ntoa's text is the same address");
}

void implies(const net::result<ip_address>& strict,
             const net::result<ip_address>& relaxed, const char* property) {
  if (strict)
    check(relaxed.has_value() && relaxed.value() == strict.value(), property);
}

void only_errors_einval(const net::result<ip_address>& r) {
  check(r.has_value() || r.error() == errc::einval, "bad input is einval");
}

} // namespace

void parse_address_target(const uint8_t* data, std::size_t size) {
  input in{data, size};
  auto text = in.rest();
  auto any = inet::parse_address(text);
  auto strict = inet::parse_strict_address(text);
  auto v4 = inet::parse_ipv4_address(text);
  auto v4strict = inet::parse_ipv4strict_address(text);
  auto v6 = inet::parse_ipv6_address(text);
  auto v6strict = inet::parse_ipv6strict_address(text);
  for (auto* r : {&any, &strict, &v4, &v4strict, &v6, &v6strict}) {
    only_errors_einval(*r);
    round_trips(*r);
  }
  implies(strict, any, "strict_address implies address");
  implies(v4strict, v4, "ipv4strict implies ipv4");
  implies(v6strict, v6, "ipv6strict implies ipv6");
  implies(v4strict, strict, "ipv4strict implies strict_address");
  implies(v6strict, strict, "ipv6strict implies strict_address");
  implies(v4, any, "ipv4 implies address");
  // parse_address is relaxed IPv4 else strict IPv6; parse_strict_address is
  // strict IPv4 else strict IPv6: they accept exactly that.
  check(any.has_value() == (v4.has_value() || v6strict.has_value()),
        "address accepts exactly ipv4 or ipv6strict");
  check(strict.has_value() == (v4strict.has_value() || v6strict.has_value()),
        "strict_address accepts exactly ipv4strict or ipv6strict");
  check(!v4 || v4.value().is_v4(), "ipv4 parsers give IPv4");
  check(!v4strict || v4strict.value().is_v4(), "ipv4 parsers give IPv4");
  check(!v6 || v6.value().is_v6(), "ipv6 parsers give IPv6");
  check(!v6strict || v6strict.value().is_v6(), "ipv6 parsers give IPv6");
}

} // namespace otpnet::fuzz
