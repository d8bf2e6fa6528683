// Reads cases "TYPE PACKET_SIZE BUFFER DELIMITER HEX" (HEX "-" = empty) and
// prints what net::packet_length makes of each: "ok N BODYHEX", "more" or
// "error", the format decode_packet.escript prints for OTP.

#include <cstdio>
#include <iostream>
#include <sstream>
#include <string>

#include "../hex.hpp"
#include "otpnet/net/packet_length.hpp"

using namespace otpnet::net;
using otpnet::fuzz::from_hex;
using otpnet::fuzz::to_hex;

int main() {
  std::string line;
  while (std::getline(std::cin, line)) {
    std::istringstream fields{line};
    std::string type, hex;
    unsigned size = 0, buffer = 0, delimiter = 0;
    fields >> type >> size >> buffer >> delimiter >> hex;
    auto t = packet_type_from_string(type);
    if (!t) {
      std::printf("bad type %s\n", type.c_str());
      return 2;
    }
    packet_limits lim;
    lim.packet_size = size;
    lim.buffer = buffer;
    lim.line_delimiter = static_cast<uint8_t>(delimiter);
    auto in = hex == "-" ? std::string{} : from_hex(hex);
    auto n = packet_length(*t, in, lim);
    if (n < 0) {
      std::puts("error");
    } else if (n == 0) {
      std::puts("more");
    } else {
      auto whole = std::string_view{in}.substr(0, static_cast<std::size_t>(n));
      auto body = packet_body(*t, whole);
      std::printf("ok %ld %s\n", static_cast<long>(n),
                  to_hex(whole.substr(body.offset, body.length)).c_str());
    }
  }
}
