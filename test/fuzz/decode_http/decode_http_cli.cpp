// Reads cases "TYPE PACKET_SIZE BUFFER HEX" (TYPE http_bin or httph_bin, HEX
// "-" = empty) and prints what otpnet makes of each as a socket would:
// http_packet_length, then decode_http of that line; "ok N TERM", "more"
// or "error", the format decode_http.escript prints for OTP.

#include <cstdio>
#include <iostream>
#include <sstream>
#include <string>

#include "otpnet/net/decode_http.hpp"
#include "../hex.hpp"
#include "otpnet/net/packet_length.hpp"

using namespace otpnet::net;
using otpnet::fuzz::from_hex;

int main() {
  std::string line;
  while (std::getline(std::cin, line)) {
    std::istringstream fields{line};
    std::string type, hex;
    unsigned size = 0, buffer = 0;
    fields >> type >> size >> buffer >> hex;
    auto t = packet_type_from_string(type);
    if (!t || !is_http(*t)) {
      std::printf("bad type %s\n", type.c_str());
      return 2;
    }
    packet_limits lim;
    lim.packet_size = size;
    lim.buffer = buffer;
    auto in = hex == "-" ? std::string{} : from_hex(hex);
    auto n = packet_length(*t, in, lim);
    if (n < 0) {
      std::puts("error");
    } else if (n == 0) {
      std::puts("more");
    } else {
      bool in_headers = *t == packet_type::httph_bin;
      auto pkt = decode_http(std::string_view{in}.substr(0, n), in_headers);
      std::printf("ok %ld %s\n", static_cast<long>(n), to_string(pkt).c_str());
    }
  }
}
