// A user program built against an installed otpnet: it must find the
// headers and libraries through find_package(otpnet) and run.
#include <otpnet/gen_tcp.hpp>
#include <otpnet/inet.hpp>
#include <otpnet/runtime.hpp>

#include <iostream>

int main() {
  otpnet::runtime_config cfg;
  otpnet::runtime rt{cfg};
  caf::scoped_actor self{rt.system()};
  auto ls = otpnet::gen_tcp::listen(
    self, 0, {otpnet::inet::ip{otpnet::inet::ip_address::loopback_v4()}});
  if (!ls)
    return 1;
  auto port = otpnet::inet::port(self, *ls);
  std::cout << "consumer listened on " << (port ? *port : 0) << "\n";
  return port && *port > 0 ? 0 : 1;
}
