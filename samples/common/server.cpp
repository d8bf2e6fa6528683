#include "common/server.hpp"

#include <signal.h>

#include <cstdio>
#include <iostream>
#include <string>
#include <variant>
#include <vector>

#include <caf/exit_reason.hpp>
#include <caf/scoped_actor.hpp>

#include <otpnet/error.hpp>
#include <otpnet/gen_tcp.hpp>
#include <otpnet/inet.hpp>
#include <otpnet/inet/format_error.hpp>
#include <otpnet/inet/parse_address.hpp>
#include <otpnet/inspection.hpp>
#include <otpnet/runtime.hpp>

namespace otpnet::samples {

namespace {

std::vector<inet::option> listen_options(const cli_config& cfg) {
  // {active, false}: the accepted socket delivers nothing before its
  // handler owns it and picks the mode; exit_on_close false keeps it
  // writable after the peer's FIN so the echoes still go out. A deep
  // backlog absorbs connection bursts; nodelay because an echo is a reply
  // that should leave at once (Nagle would hold small ones back).
  std::vector<inet::option> opts{
    inet::binary,
    inet::packet{cfg.packet},
    inet::active{false},
    inet::exit_on_close{false},
    inet::reuseaddr{true},
    inet::backlog{1024},
    inet::nodelay{true},
    inet::ip{cfg.address},
  };
  if (cfg.address.is_v6())
    opts.emplace_back(inet::inet6);
  if (cfg.max_packet > 0)
    opts.emplace_back(inet::packet_size{cfg.max_packet});
  return opts;
}

void print_error(std::string_view program, const std::string& what) {
  std::string line{program};
  line += ": ";
  line += what;
  line += '\n';
  std::fputs(line.c_str(), stderr);
  std::fflush(stderr);
}

/// --inspect-port: false (after printing why) if it cannot start.
bool start_inspection(caf::scoped_actor& self, std::string_view program,
                      const cli_config& cfg) {
  if (!cfg.inspect_port)
    return true;
  auto port = inspection::serve(self, *cfg.inspect_port);
  if (!port) {
    print_error(program, "cannot serve the inspection on 127.0.0.1 port "
                           + std::to_string(*cfg.inspect_port) + ": "
                           + inet::format_error(errc_of(port.error())));
    return false;
  }
  print_error(program, "inspection port " + std::to_string(*port));
  return true;
}

} // namespace

int run_server(int argc, char** argv, int default_acceptors,
               const start_acceptors_fn& start_acceptors) {
  auto program = program_name(argc > 0 ? argv[0] : nullptr);
  auto parsed = parse_cli(argc, argv, default_acceptors);
  if (auto* err = std::get_if<cli_error>(&parsed)) {
    std::string line = error_line(program, *err) + '\n';
    std::fputs(line.c_str(), stderr);
    return 2;
  }
  auto& cfg = std::get<cli_config>(parsed);
  if (cfg.help) {
    std::fputs(usage(program, default_acceptors).c_str(), stdout);
    std::fflush(stdout);
    return 0;
  }
  // Block the signals before any thread exists, so that every thread of
  // the runtime inherits the mask and only sigwait below sees them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  // A peer vanishing mid-write must be an error on that socket only.
  signal(SIGPIPE, SIG_IGN);
  auto reg = std::make_shared<actor_registry>();
  otpnet::runtime_config rt_cfg;
  otpnet::runtime rt{rt_cfg};
  int status = 0;
  {
    // Owns the listen socket; destroyed before the runtime.
    caf::scoped_actor self{rt.system()};
    auto lsock = gen_tcp::listen(self, cfg.port, listen_options(cfg));
    if (!lsock) {
      print_error(program, "cannot listen on " + cfg.host + " port "
                             + std::to_string(cfg.port) + ": "
                             + inet::format_error(errc_of(lsock.error())));
      status = 1;
    } else if (auto port = inet::port(self, *lsock); !port) {
      print_error(program, "cannot read the listen port: "
                             + inet::format_error(errc_of(port.error())));
      status = 1;
    } else if (auto ip = start_inspection(self, program, cfg); !ip) {
      status = 1;
    } else {
      start_acceptors(rt.system(), *lsock, cfg, reg);
      std::printf("listening %u\n", static_cast<unsigned>(*port));
      std::fflush(stdout);
      int sig = 0;
      sigwait(&stop_signals, &sig); // fails only for an invalid set

    }
    if (lsock) {
      // Acceptors get {error, closed} and quit.
      auto res = gen_tcp::close(self, *lsock);
      static_cast<void>(res);
    }
  }
  // Handlers see tcp_closed (or an error) and quit; the exit messages are
  // the backstop for any actor that would not, since ~runtime waits for
  // every actor.
  rt.close_all_sockets();
  reg->exit_all(caf::exit_reason::user_shutdown);
  return status;
}

} // namespace otpnet::samples
