// The README's example, compiled with the samples so that it stays true.
#include <otpnet/gen_tcp.hpp>
#include <otpnet/inet.hpp>
#include <otpnet/runtime.hpp>

using namespace otpnet;

caf::behavior echo(caf::event_based_actor* self, socket s) {
  return {
    [=](tcp_msg& m) {
      gen_tcp::send(self, s, m.data).await([=](caf::expected<void> r) {
        if (r) inet::setopts(self, s, {inet::active(inet::once)}).await([](auto) {});
      });
    },
    [=](tcp_closed_msg&) { self->quit(); },
  };
}
int main() {
  runtime_config cfg;  runtime rt{cfg};  caf::scoped_actor self{rt.system()};
  auto ls = gen_tcp::listen(self, 5555, {inet::active(inet::once)});
  while (auto s = gen_tcp::accept(self, *ls))
    gen_tcp::controlling_process(self, *s, rt.system().spawn(echo, *s));
}
