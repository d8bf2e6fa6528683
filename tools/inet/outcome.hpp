#pragma once

#include <string>

namespace otpnet::tools {

/// What a command prints and its exit status.
struct outcome {
  std::string out; // stdout, ending with a newline unless empty
  std::string err; // one stderr line, or empty
  int status = 0;
};

} // namespace otpnet::tools
