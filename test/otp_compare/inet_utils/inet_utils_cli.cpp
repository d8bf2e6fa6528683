// Reads cases (one per line: "OP FAMILY ARG"), prints each result as
// inet_utils.escript prints OTP's: the Erlang term of {ok, _} | {error, _}.
// OP: byname (gethostbyname/2), byaddr (gethostbyaddr/1 on a string),
// addrs (getaddrs/2), addr (getaddr/2), hostname, ifaddrs. ARG is hex so
// that any byte can be a case.
#include <iostream>
#include <sstream>
#include <string>

#include <otpnet/inet/getifaddrs.hpp>
#include <otpnet/inet/resolver.hpp>

#include "../../fuzz/hex.hpp"

using namespace otpnet;

namespace {

template <class T, class Print>
std::string show(const net::result<T>& r, Print print) {
  if (!r)
    return "{error," + std::string{to_atom(r.error())} + "}";
  return "{ok," + print(*r) + "}";
}

std::string tuple(const inet::ip_address& a) {
  std::string out = "{";
  auto put = [&out](const auto& parts) {
    for (size_t i = 0; i < parts.size(); ++i)
      out += (i ? "," : "") + std::to_string(parts[i]);
  };
  if (a.is_v4())
    put(a.v4().octets);
  else
    put(a.v6().groups);
  return out + "}";
}

} // namespace

int main() {
  std::string line;
  while (std::getline(std::cin, line)) {
    std::istringstream in{line};
    std::string op, fam, hex;
    in >> op >> fam >> hex;
    auto arg = otpnet::fuzz::from_hex(hex);
    auto f = fam == "inet6" ? inet::inet6 : inet::inet;
    auto host = [](const inet::hostent& h) { return to_string(h); };
    if (op == "byname") {
      std::cout << show(inet::gethostbyname(arg, f), host) << '\n';
    } else if (op == "byaddr") {
      std::cout << show(inet::gethostbyaddr(arg), host) << '\n';
    } else if (op == "addrs") {
      std::cout << show(inet::getaddrs(arg, f), [](const auto& v) {
        std::string out = "[";
        for (size_t i = 0; i < v.size(); ++i)
          out += (i ? "," : "") + tuple(v[i]);
        return out + "]";
      }) << '\n';
    } else if (op == "addr") {
      std::cout << show(inet::getaddr(arg, f), tuple) << '\n';
    } else if (op == "hostname") {
      std::cout << "{ok,\"" << inet::gethostname() << "\"}\n";
    } else if (op == "ifaddrs") {
      std::cout << show(inet::getifaddrs(), [](const auto& v) {
        return to_string(v);
      }) << '\n';
    } else {
      std::cout << "bad case\n";
    }
  }
}
