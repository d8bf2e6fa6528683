// i and info: one request to a program serving otpnet::inspection.
#pragma once

#include "inet/command.hpp"
#include "inet/outcome.hpp"

namespace otpnet::tools {

/// Connects to cmd.host:cmd.port, sends the request line, prints the
/// answer. Status 1 with one stderr line when the program cannot be reached
/// or does not answer within cmd.timeout_ms; 1 also for an {error,...}
/// answer.
outcome run_remote(const command& cmd);

} // namespace otpnet::tools
