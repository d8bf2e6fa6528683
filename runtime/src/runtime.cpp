#include "otpnet/runtime.hpp"

#include <algorithm>
#include <mutex>
#include <thread>
#include <unordered_map>

#include <caf/actor_cast.hpp>
#include <caf/atom.hpp>
#include <caf/exit_reason.hpp>
#include <caf/send.hpp>

#include "otpnet/inet/format_error.hpp"
#include "otpnet/net/errc.hpp"

#include "asio_transport_factory.hpp"
#include "blocking_pool.hpp"
#include "fair_scheduler.hpp"
#include "io_engine.hpp"

namespace otpnet {

namespace {

std::string render_otpnet_error(uint8_t code, caf::atom_value,
                                const caf::message&) {
  return std::string{to_atom(static_cast<errc>(code))};
}

} // namespace

runtime_config::runtime_config() {
  // `to_string(err)` on an otpnet error prints the Erlang atom, e.g. closed.
  add_error_category(caf::atom("otpnet"), render_otpnet_error);
  // Fair FIFO scheduling (fair_scheduler.cpp); "stealing" or "sharing"
  // select CAF's own schedulers instead.
  set("scheduler.policy", caf::atom_from_string(detail::fair_policy_name));
  // One worker per core: CAF 0.17 starts at least four, which on a small
  // machine only adds context switches.
  set("scheduler.max-threads",
      static_cast<size_t>(std::max(1u, std::thread::hardware_concurrency())));
}

struct runtime::registry {
  mutable std::mutex mtx;
  std::unordered_map<caf::actor_addr, caf::actor> sockets;
  std::unordered_map<caf::actor_addr, caf::actor> module_sockets;
};

namespace {

/// Who runs Asio's event loop (see runtime_config::io_threads).
std::unique_ptr<detail::io_engine> make_io_engine(const runtime_config& cfg) {
  if (cfg.io_threads > 0 || cfg.transports != nullptr)
    return std::make_unique<detail::io_engine>(cfg.io_threads, false);
  if (detail::selects_fair_scheduler(cfg))
    return std::make_unique<detail::io_engine>(0, true);
  return std::make_unique<detail::io_engine>(1, false);
}

} // namespace

runtime::runtime(runtime_config& cfg)
  : io_(make_io_engine(cfg)),
    blocking_(std::make_unique<detail::blocking_pool>(cfg.resolver_threads)),
    registry_(std::make_unique<registry>()),
    transports_(cfg.transports),
    cfg_(cfg) {
  if (!transports_)
    transports_ = std::make_shared<detail::asio_transport_factory>(
      io_->context());
  cfg_.owner = this;
  detail::install_fair_scheduler(cfg_);
  system_ = std::make_unique<caf::actor_system>(cfg_);
}

runtime::~runtime() {
  close_all_sockets();
  // Wait for every actor (socket actors and the user's) before the I/O
  // threads go away: a socket actor's last act is closing its transport.
  system_->await_all_actors_done();
  io_->stop();
  system_.reset();
  cfg_.owner = nullptr;
}

std::vector<caf::actor> runtime::socket_actors() const {
  std::vector<caf::actor> out;
  std::lock_guard<std::mutex> guard{registry_->mtx};
  out.reserve(registry_->sockets.size());
  for (auto& kvp : registry_->sockets)
    out.push_back(kvp.second);
  return out;
}

std::vector<caf::actor> runtime::module_sockets() const {
  std::vector<caf::actor> out;
  std::lock_guard<std::mutex> guard{registry_->mtx};
  out.reserve(registry_->module_sockets.size());
  for (auto& kvp : registry_->module_sockets)
    out.push_back(kvp.second);
  return out;
}

void runtime::close_all_sockets() {
  for (auto& hdl : socket_actors())
    caf::anon_send_exit(hdl, caf::exit_reason::user_shutdown);
  for (auto& hdl : module_sockets())
    caf::anon_send_exit(hdl, caf::exit_reason::user_shutdown);
}

size_t runtime::open_sockets() const {
  std::lock_guard<std::mutex> guard{registry_->mtx};
  return registry_->sockets.size();
}

void runtime::register_socket(const caf::actor& sock) {
  std::lock_guard<std::mutex> guard{registry_->mtx};
  registry_->sockets.emplace(sock.address(), sock);
}

void runtime::unregister_socket(const caf::actor_addr& sock) {
  std::lock_guard<std::mutex> guard{registry_->mtx};
  registry_->sockets.erase(sock);
}

void runtime::register_module_socket(const caf::actor& sock) {
  std::lock_guard<std::mutex> guard{registry_->mtx};
  registry_->module_sockets.emplace(sock.address(), sock);
}

void runtime::unregister_module_socket(const caf::actor_addr& sock) {
  std::lock_guard<std::mutex> guard{registry_->mtx};
  registry_->module_sockets.erase(sock);
}

void runtime::run_blocking(std::function<void()> job) {
  blocking_->post(std::move(job));
}

size_t runtime::resolver_threads() const {
  return blocking_->threads();
}

runtime* runtime::of(caf::actor_system& sys) noexcept {
  auto cfg = dynamic_cast<const runtime_config*>(&sys.config());
  return cfg != nullptr ? cfg->owner : nullptr;
}

} // namespace otpnet
