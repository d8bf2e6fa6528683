// caf_broker_echo: the leanest echo server on CAF 0.17's own network layer
// (caf::io::broker on the middleman's default multiplexer), the third
// reference of bench/compare: what CAF gives without otpnet.
//
// One broker owns the listening socket and every connection. CAF's examples
// show both shapes: a broker multiplexing its connections (a broker "can
// multiplex any number of connections") and, in simple_http_broker, an
// acceptor forking a broker per connection. Every broker runs on the
// middleman's one multiplexer thread either way, so forking buys no
// parallelism; it costs an actor per connection and a link exit message
// per close. Measured here (bench/compare --quick): forking halved the
// connect-churn rate per CPU-second (s4) and took 2.2 KiB per idle
// connection against 0.65 KiB (s5), at the same ping-pong rate (s1, s2).
// So one broker, a connection's framing state in a hash map by handle.
//
// Framing as CAF intends it: --packet 1|2|4 reads with
// receive_policy::exactly(header), then exactly(body length), and writes
// header and body back together (a zero-length body is echoed at once:
// there is no exactly(0)); raw reads at_most(64 KiB) and echoes what
// arrived; line reads the same way and echoes the complete lines. The
// broker does not stop reading while an echo waits for the peer: CAF
// buffers it.
//
// The command line is bench/ref/asio_echo's (cli.hpp, framing.hpp).

#include <arpa/inet.h>
#include <signal.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include <caf/all.hpp>
#include <caf/io/all.hpp>
#include <caf/io/network/native_socket.hpp>

#include "cli.hpp"
#include "framing.hpp"

namespace caf_broker_echo {

using namespace caf;
using namespace caf::io;
using asio_echo::config;
using asio_echo::packet;

// What raw and line mode read at most per event, as asio_echo's buffer.
constexpr std::size_t read_chunk = 64 * 1024;

struct connection_state {
  bool in_body = false;        // header read, its body announced
  std::array<char, 4> header;  // held until the body arrives
  std::vector<char> carry;     // line: an incomplete line
};

struct server_state {
  std::unordered_map<connection_handle, connection_state> conns; // not raw
};

using server_broker = stateful_broker<server_state>;

std::size_t header_size(packet p) noexcept {
  return p == packet::p1 ? 1 : p == packet::p2 ? 2 : 4;
}

void drop(server_broker* self, connection_handle hdl) {
  self->state.conns.erase(hdl);
  self->close(hdl); // what was written is still sent
}

void echo_length_prefixed(server_broker* self, const new_data_msg& msg,
                          std::size_t hdr, uint64_t max_packet) {
  auto hdl = msg.handle;
  auto& st = self->state.conns[hdl];
  if (st.in_body) {
    self->write(hdl, hdr, st.header.data());
    self->write(hdl, msg.buf.size(), msg.buf.data());
    self->flush(hdl);
    st.in_body = false;
    self->configure_read(hdl, receive_policy::exactly(hdr));
    return;
  }
  uint64_t len = 0;
  for (std::size_t i = 0; i < hdr; ++i)
    len = (len << 8) | static_cast<unsigned char>(msg.buf[i]);
  if (max_packet != 0 && len > max_packet) {
    drop(self, hdl);
    return;
  }
  if (len == 0) {
    self->write(hdl, hdr, msg.buf.data());
    self->flush(hdl);
    return;
  }
  std::copy_n(msg.buf.begin(), hdr, st.header.begin());
  st.in_body = true;
  self->configure_read(hdl, receive_policy::exactly(len));
}

void echo_lines(server_broker* self, const new_data_msg& msg,
                uint64_t max_packet) {
  auto hdl = msg.handle;
  auto& carry = self->state.conns[hdl].carry;
  const char* data = msg.buf.data();
  std::size_t len = msg.buf.size();
  if (!carry.empty()) {
    carry.insert(carry.end(), msg.buf.begin(), msg.buf.end());
    data = carry.data();
    len = carry.size();
  }
  auto whole = asio_echo::complete_prefix(packet::line, data, len,
                                          max_packet);
  if (whole < 0) {
    drop(self, hdl);
    return;
  }
  auto k = static_cast<std::size_t>(whole);
  if (k > 0) {
    self->write(hdl, k, data);
    self->flush(hdl);
  }
  if (carry.empty())
    carry.assign(data + k, data + len);
  else
    carry.erase(carry.begin(), carry.begin() + static_cast<std::ptrdiff_t>(k));
}

behavior server(server_broker* self, doorman_ptr door, config cfg) {
  self->add_doorman(std::move(door));
  auto hdr = header_size(cfg.framing);
  auto first_read = cfg.framing == packet::raw || cfg.framing == packet::line
                      ? receive_policy::at_most(read_chunk)
                      : receive_policy::exactly(hdr);
  return {
    [=](const new_connection_msg& msg) {
      // As the other references: an echo is a reply, never held by Nagle.
      // The default multiplexer's connection handle is the socket.
      network::tcp_nodelay(static_cast<network::native_socket>(
                             msg.handle.id()),
                           true);
      if (cfg.framing != packet::raw)
        self->state.conns.emplace(msg.handle, connection_state{});
      self->configure_read(msg.handle, first_read);
    },
    [=](const new_data_msg& msg) {
      switch (cfg.framing) {
        case packet::raw:
          self->write(msg.handle, msg.buf.size(), msg.buf.data());
          self->flush(msg.handle);
          break;
        case packet::line:
          echo_lines(self, msg, cfg.max_packet);
          break;
        default:
          echo_length_prefixed(self, msg, hdr, cfg.max_packet);
      }
    },
    [=](const connection_closed_msg& msg) {
      self->state.conns.erase(msg.handle);
    },
  };
}

} // namespace caf_broker_echo

int main(int argc, char** argv) {
  using namespace caf_broker_echo;
  constexpr const char* about =
    "An echo server on CAF 0.17's own I/O brokers (caf::io::middleman), a\n"
    "reference of bench/compare. It honours the otpnet samples' command-line\n"
    "contract. --acceptors is validated and ignored: CAF's doorman accepts\n"
    "on the multiplexer thread by itself. Echoes waiting for a slow peer are\n"
    "buffered; reading goes on.";
  std::string program;
  config cfg;
  int early = asio_echo::parse_main(argc, argv, "caf_broker_echo", about,
                                    program, cfg);
  if (early >= 0)
    return early;
  unsigned char addr[sizeof(in6_addr)];
  if (inet_pton(AF_INET, cfg.host.c_str(), addr) != 1
      && inet_pton(AF_INET6, cfg.host.c_str(), addr) != 1) {
    std::fprintf(stderr, "%s: invalid --host '%s'; try --help\n",
                 program.c_str(), cfg.host.c_str());
    return 2;
  }
  signal(SIGPIPE, SIG_IGN);
  // SIGTERM and SIGINT are taken by sigwait below: block them before CAF
  // starts its threads, which inherit the mask.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  actor_system_config sys_cfg;
  sys_cfg.load<io::middleman>();
  // The broker runs on the middleman's multiplexer thread; the scheduler
  // only needs one worker per core (CAF 0.17 starts at least four).
  sys_cfg.set("scheduler.max-threads",
              static_cast<size_t>(
                std::max(1u, std::thread::hardware_concurrency())));
  actor_system system{sys_cfg};
  // middleman::spawn_server with an address and SO_REUSEADDR, which
  // spawn_server does not take.
  auto door = system.middleman().backend().new_tcp_doorman(
    cfg.port, cfg.host.c_str(), true);
  if (!door) {
    std::fprintf(stderr, "%s: cannot listen on %s port %u: %s\n",
                 program.c_str(), cfg.host.c_str(),
                 static_cast<unsigned>(cfg.port),
                 system.render(door.error()).c_str());
    return 1;
  }
  uint16_t port = (*door)->port();
  auto srv = system.middleman().spawn_broker(server, std::move(*door), cfg);
  std::printf("listening %u\n", static_cast<unsigned>(port));
  std::fflush(stdout);
  int sig = 0;
  sigwait(&stop_signals, &sig);
  // The broker closes its sockets as it quits; the actor_system's
  // destructor waits for it and stops the middleman.
  anon_send_exit(srv, exit_reason::user_shutdown);
  return 0;
}
