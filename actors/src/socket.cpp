#include "otpnet/socket.hpp"

namespace otpnet {

std::string to_string(const socket& s) {
  return "#Socket<" + std::to_string(s.id()) + ">";
}

} // namespace otpnet
