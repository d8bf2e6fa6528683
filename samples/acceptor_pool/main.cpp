// acceptor_pool: K acceptor actors all waiting in gen_tcp:accept on one
// listen socket, the shape of gen_tcp's own example and of ranch. Each
// acceptor hands every accepted socket to a new handler actor (rather than
// serving it itself) and accepts again at once, so K accepts stay
// outstanding however long the connections live.

#include "common/pool_acceptor.hpp"
#include "common/server.hpp"

using namespace otpnet;

int main(int argc, char** argv) {
  return samples::run_server(
    argc, argv, 8,
    [](caf::actor_system& sys, const socket& lsock,
       const samples::cli_config& cfg,
       const samples::actor_registry_ptr& reg) {
      for (int i = 0; i < cfg.acceptors; ++i)
        reg->add(sys.spawn(samples::pool_acceptor,
                            samples::acceptor_args{lsock, cfg.active, reg}));
    });
}
