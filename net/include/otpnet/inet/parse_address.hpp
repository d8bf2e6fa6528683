// inet:parse_*address/1 and inet:ntoa/1, with the semantics of OTP's
// inet_parse.erl (string input). Every function is total: bad input of any
// length or content yields errc::einval, never an exception or a crash.
//
// Accepted forms, in short:
// - relaxed IPv4 (parse_ipv4_address): 1 to 4 dot-separated fields, each
//   decimal, octal ("0177") or hex ("0x7f"); the last field fills the
//   remaining low bytes: "127.1" = 127.0.0.1, "0x7f000001" = 127.0.0.1,
//   "1.2.3" = 1.2.0.3.
// - strict IPv4: exactly "d.d.d.d", decimal 0..255 without leading zeros.
// - strict IPv6 (RFC 4291): hex groups, one "::", an optional dotted IPv4
//   tail, and an optional "%scope" suffix. A numeric scope is stored in the
//   second group of fe80::/ff02:: addresses (as the FreeBSD kernel and
//   Erlang do) and rejected for any other address; a non-numeric scope
//   ("%eth0") is accepted and dropped.
// - relaxed IPv6 additionally accepts a relaxed IPv4 string and returns the
//   IPv4-mapped address ::ffff:a.b.c.d.
//
// Deviation from OTP 27+: OTP's parser strips a single leading ':' and so
// accepts ":1:2:3:4:5:6:7:8"; otpnet rejects it (RFC 4291, and OTP up to
// 26 rejected it too).
//
// Thread safety: pure functions.

#pragma once

#include <string>
#include <string_view>

#include <otpnet/inet/ip_address.hpp>
#include <otpnet/net/result.hpp>

namespace otpnet::inet {

/// Relaxed IPv4, else strict IPv6.
net::result<ip_address> parse_address(std::string_view str);

/// Strict IPv4, else strict IPv6.
net::result<ip_address> parse_strict_address(std::string_view str);

/// Relaxed IPv4 (short forms, octal, hex). Always an IPv4 address.
net::result<ip_address> parse_ipv4_address(std::string_view str);

/// Strict dotted-quad IPv4. Always an IPv4 address.
net::result<ip_address> parse_ipv4strict_address(std::string_view str);

/// Relaxed IPv4 mapped to ::ffff:a.b.c.d, else strict IPv6. Always IPv6.
net::result<ip_address> parse_ipv6_address(std::string_view str);

/// Strict IPv6 (an IPv4 tail such as "::127.0.0.1" is allowed). Always IPv6.
net::result<ip_address> parse_ipv6strict_address(std::string_view str);

/// inet:ntoa/1. IPv4 as "a.b.c.d"; IPv6 in lowercase hex without leading
/// zeros, the longest run (>= 2, first on ties) of zero groups written as
/// "::", with Erlang's special forms: "::" (any), "::1" (loopback),
/// "::a.b.c.d" (IPv4-compatible), "::ffff:a.b.c.d" (IPv4-mapped) and
/// "fe80::1%5" for a scope id stored in the second group of fe80/ff02.
std::string ntoa(const ip_address& addr);

} // namespace otpnet::inet
