#include "inet/remote.hpp"

#include <algorithm>
#include <chrono>

#include <caf/scoped_actor.hpp>

#include <otpnet/error.hpp>
#include <otpnet/gen_tcp.hpp>
#include <otpnet/inet/format_error.hpp>
#include <otpnet/runtime.hpp>

namespace otpnet::tools {

namespace {

std::string request_line(const command& cmd) {
  std::string line = cmd.name;
  for (const auto& a : cmd.args)
    line += " " + a;
  return line + "\n";
}

} // namespace

outcome run_remote(const command& cmd) {
  using clock = std::chrono::steady_clock;
  runtime_config cfg;
  runtime rt{cfg};
  caf::scoped_actor self{rt.system()};
  auto where = cmd.host + " port " + std::to_string(cmd.port);
  auto fail = [&](const std::string& what, errc e) {
    return outcome{{}, "cannot " + what + " " + where + ": "
                         + inet::format_error(e), 1};
  };
  auto deadline = clock::now() + std::chrono::milliseconds{cmd.timeout_ms};
  auto left = [&] {
    auto ms = std::chrono::duration_cast<timeout>(deadline - clock::now());
    return std::max(ms, timeout{1});
  };
  std::vector<inet::option> opts{inet::binary, inet::active{false}};
  auto s = gen_tcp::connect(self, cmd.host, cmd.port, opts, left());
  if (!s)
    return fail("connect to", errc_of(s.error()));
  if (auto sent = gen_tcp::send(self, *s, binary{request_line(cmd)}); !sent)
    return fail("send to", errc_of(sent.error()));
  std::string answer;
  for (;;) {
    auto chunk = gen_tcp::recv(self, *s, 0, left());
    if (!chunk) {
      auto e = errc_of(chunk.error());
      if (e == errc::closed)
        break; // the whole answer is in
      static_cast<void>(gen_tcp::close(self, *s));
      return fail("read the answer from", e);
    }
    answer += chunk->view();
  }
  static_cast<void>(gen_tcp::close(self, *s));
  int status = answer.rfind("{error,", 0) == 0 ? 1 : 0;
  return {std::move(answer), {}, status};
}

} // namespace otpnet::tools
