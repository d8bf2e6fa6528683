// inet: Erlang's inet utilities from the command line, and the inspector of
// running otpnet programs (i, info). See usage() in command.cpp.

#include <cstdio>
#include <string>
#include <variant>

#include "inet/command.hpp"
#include "inet/local.hpp"
#include "inet/remote.hpp"

int main(int argc, char** argv) {
  using namespace otpnet::tools;
  std::string program = "inet";
  auto parsed = parse_command(argc, argv);
  if (auto* err = std::get_if<command_error>(&parsed)) {
    std::fprintf(stderr, "%s: %s; try --help\n", program.c_str(),
                 err->what.c_str());
    return 2;
  }
  auto& cmd = std::get<command>(parsed);
  if (cmd.help) {
    std::fputs(usage(program).c_str(), stdout);
    return 0;
  }
  auto res = is_remote(cmd) ? run_remote(cmd) : run_local(cmd);
  std::fwrite(res.out.data(), 1, res.out.size(), stdout);
  std::fflush(stdout);
  if (!res.err.empty())
    std::fprintf(stderr, "%s: %s\n", program.c_str(), res.err.c_str());
  return res.status;
}
