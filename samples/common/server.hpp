// What both samples share around their acceptors: the command line, the
// signal mask, the runtime, the listen socket, the "listening PORT" line
// and the orderly shutdown on SIGTERM/SIGINT.

#pragma once

#include <functional>

#include <caf/actor_system.hpp>

#include <otpnet/socket.hpp>

#include "common/actor_registry.hpp"
#include "common/cli.hpp"

namespace otpnet::samples {

/// Spawns the sample's acceptors on `lsock` (each registered in `reg`).
using start_acceptors_fn
  = std::function<void(caf::actor_system& sys, const socket& lsock,
                       const cli_config& cfg, const actor_registry_ptr& reg)>;

/// The whole main(): returns the process exit status (0 after SIGTERM or
/// SIGINT or --help, 1 when the server cannot start, 2 for a bad command
/// line).
int run_server(int argc, char** argv, int default_acceptors,
               const start_acceptors_fn& start_acceptors);

} // namespace otpnet::samples
