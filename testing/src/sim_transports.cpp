// The actor side of the simulated network: a stream_transport and a
// listen_transport that keep the driver contract of runtime/transport.hpp
// (one outstanding read, write and accept each; completions later, never
// inline; close completes what is pending with `closed`).

#include <numeric>

#include "otpnet/inet/ip_address.hpp"

#include "sim_core.hpp"
#include "sim_transports.hpp"

namespace otpnet::testing::detail {

namespace {

std::string atom(errc e) {
  return std::string{to_atom(e)};
}

class sim_stream_transport : public stream_transport {
public:
  sim_stream_transport(core_ptr net, connection_ptr c, int side)
    : net_(std::move(net)), conn_(std::move(c)), side_(side) {
    // nop
  }

  // As the OS closes a descriptor nobody closed (the Asio transport's
  // socket does the same): e.g. a connection accepted just as its listen
  // socket closed, whose accept_done died with the listen actor. Unread
  // data makes it an RST, as on Linux.
  ~sim_stream_transport() override {
    bool unread = false;
    {
      std::lock_guard<std::mutex> guard{net_->mtx};
      if (!conn_ || conn_->side[side_].closed)
        return;
      unread = conn_->side[side_].inbox_bytes > 0;
    }
    close(unread);
  }

  void async_connect(std::string host, uint16_t port,
                     const net::socket_options& opts,
                     connect_handler h) override {
    std::lock_guard<std::mutex> guard{net_->mtx};
    auto where = "connect to " + host + ":" + std::to_string(port);
    if (conn_ || connecting_) {
      net_->violation(where + " on a transport that is already connected");
      return;
    }
    connecting_ = true;
    opts_ = opts;
    if (net_->hang_connect) {
      net_->hang_connect = false;
      hung_ = std::move(h);
      net_->note("net", where + " hangs (injected): no answer ever comes");
      return;
    }
    errc err = errc::ok;
    if (opts.family == inet::family_kind::local) {
      err = connect_local(host, opts, where);
    } else if (net_->fail_connect) {
      err = *net_->fail_connect;
      net_->fail_connect.reset();
      net_->note("net", where + " -> " + atom(err) + " (injected)");
    } else if (auto i = net_->peer_listeners.find(port);
               i != net_->peer_listeners.end()) {
      conn_ = net_->make_connection(true, false, net_->ephemeral_port(), port);
      side_ = 0;
      i->second->ready.push_back(conn_);
      net_->note("net", where + " -> " + conn_->side[0].name + " <-> "
                          + conn_->side[1].name + " (test peer)");
    } else if (auto j = net_->listeners.find(port);
               j != net_->listeners.end() && !j->second->closed) {
      // Two actors talking to each other through the simulation.
      conn_ = net_->make_connection(true, true, net_->ephemeral_port(), port);
      side_ = 0;
      j->second->backlog.push_back(conn_);
      net_->note("net", where + " -> " + conn_->side[0].name + " <-> "
                          + conn_->side[1].name + " (actor listener)");
      net_->maybe_schedule_accept(j->second);
    } else {
      err = errc::econnrefused;
      net_->note("net", where + " -> econnrefused (nobody listens)");
    }
    net_->post(where + " completes", [h = std::move(h), err] { h(err); });
  }

  /// A connect to the actor listening on local name `path` (`host`): no
  /// files, so no name is enoent, as for a file that is not there.
  errc connect_local(const std::string& path, const net::socket_options& opts,
                     const std::string& where) {
    if (net_->fail_connect) {
      auto err = *net_->fail_connect;
      net_->fail_connect.reset();
      net_->note("net", where + " -> " + atom(err) + " (injected)");
      return err;
    }
    auto l = net_->find_listener(path);
    if (!l) {
      net_->note("net", where + " -> enoent (no local listener)");
      return errc::enoent;
    }
    conn_ = net_->make_connection(true, true, net_->ephemeral_port(), l->port);
    side_ = 0;
    conn_->side[0].path = opts.local_address ? opts.local_address->path
                                             : std::string{};
    conn_->side[1].path = path;
    l->backlog.push_back(conn_);
    net_->note("net", where + " -> " + conn_->side[0].name + " <-> "
                        + conn_->side[1].name + " (local listener)");
    net_->maybe_schedule_accept(l);
    return errc::ok;
  }

  void async_read(size_t max_bytes, read_handler h) override {
    std::lock_guard<std::mutex> guard{net_->mtx};
    if (!conn_) {
      net_->violation("read on an unconnected transport");
      net_->post("read fails", [h = std::move(h)] {
        h(errc::enotconn, binary{});
      });
      return;
    }
    auto& ep = conn_->side[side_];
    if (ep.read) {
      net_->violation(ep.name + ": a second read while one is outstanding");
      return;
    }
    ep.read = pending_read{max_bytes, std::move(h), false};
    net_->maybe_schedule_read(conn_, side_);
  }

  void async_write(std::vector<binary> bufs, write_handler h) override {
    std::lock_guard<std::mutex> guard{net_->mtx};
    if (!conn_) {
      net_->violation("write on an unconnected transport");
      net_->post("write fails", [h = std::move(h)] { h(errc::enotconn, 0); });
      return;
    }
    auto& ep = conn_->side[side_];
    if (ep.write) {
      net_->violation(ep.name + ": a second write while one is outstanding");
      return;
    }
    std::string all;
    for (auto& b : bufs)
      all.append(b.data(), b.size());
    errc err = errc::ok;
    if (ep.closed) {
      err = errc::closed;
    } else if (ep.fail_write) {
      err = *ep.fail_write;
      ep.fail_write.reset();
    } else if (ep.reset_by_other) {
      err = errc::econnreset;
    } else if (ep.write_shut) {
      err = errc::epipe;
    }
    net_->note("net", ep.name + " write of " + std::to_string(all.size())
                        + " bytes " + printable(all)
                        + (err == errc::ok ? "" : " -> fails: " + atom(err)));
    ep.write = pending_write{std::move(all), 0, std::move(h), false, err};
    if (err != errc::ok) {
      ep.write->scheduled = true;
      net_->post(ep.name + " write fails",
                 [net = net_, c = conn_, i = side_] {
                   net->complete_write(c, i);
                 });
      return;
    }
    net_->pump_write(conn_, side_);
  }

  errc shutdown(shutdown_how how) override {
    std::lock_guard<std::mutex> guard{net_->mtx};
    if (!conn_ || conn_->side[side_].closed)
      return errc::enotconn;
    net_->shutdown_side(conn_, side_, how != shutdown_how::write,
                        how != shutdown_how::read);
    return errc::ok;
  }

  errc apply_options(const net::socket_options& opts) override {
    std::lock_guard<std::mutex> guard{net_->mtx};
    opts_ = opts;
    return errc::ok;
  }

  // No kernel: a raw option is taken and has no effect, as the named
  // kernel options have none here; reading one finds nothing (getopts
  // leaves it out, as for an option the OS lacks).
  errc set_raw(const inet::raw&) override {
    return errc::ok;
  }

  net::result<std::string> get_raw(int, int, std::string) const override {
    return errc::enoprotoopt;
  }

  net::result<size_t> recbuf() const override {
    std::lock_guard<std::mutex> guard{net_->mtx};
    return static_cast<size_t>(opts_.recbuf.value_or(65536));
  }

  net::result<size_t> sndbuf() const override {
    std::lock_guard<std::mutex> guard{net_->mtx};
    return static_cast<size_t>(opts_.sndbuf.value_or(65536));
  }

  net::result<inet::socket_address> sockname() const override {
    std::lock_guard<std::mutex> guard{net_->mtx};
    if (!conn_)
      return errc::enotconn;
    return address_of(conn_->side[side_], inet::ip_address::loopback_v4());
  }

  net::result<inet::socket_address> peername() const override {
    std::lock_guard<std::mutex> guard{net_->mtx};
    if (!conn_ || conn_->side[side_].closed)
      return errc::enotconn;
    return address_of(conn_->side[1 - side_],
                      inet::ip_address::loopback_v4());
  }

  void close(bool abort) override {
    std::lock_guard<std::mutex> guard{net_->mtx};
    if (hung_) {
      net_->post("hung connect aborted",
                 [h = std::move(hung_)] { h(errc::closed); });
      hung_ = nullptr;
    }
    if (!conn_)
      return;
    auto& ep = conn_->side[side_];
    if (ep.closed)
      return;
    net_->note("net", ep.name + (abort ? " close: RST" : " close: FIN"));
    net_->close_side(conn_, side_, abort);
  }

private:
  core_ptr net_;
  connection_ptr conn_;
  int side_;
  bool connecting_ = false;
  connect_handler hung_;
  net::socket_options opts_;
};

class sim_listen_transport : public listen_transport {
public:
  sim_listen_transport(core_ptr net, std::shared_ptr<listener_state> l)
    : net_(std::move(net)), l_(std::move(l)) {
    // nop
  }

  void async_accept(accept_handler h) override {
    std::lock_guard<std::mutex> guard{net_->mtx};
    if (l_->pending) {
      net_->violation("listener :" + std::to_string(l_->port)
                      + ": a second accept while one is outstanding");
      return;
    }
    l_->pending = std::move(h);
    net_->maybe_schedule_accept(l_);
  }

  net::result<inet::socket_address> sockname() const override {
    if (l_->path)
      return inet::local_socket_address(*l_->path);
    return inet::socket_address{inet::ip_address::loopback_v4(), l_->port};
  }

  errc apply_options(const net::socket_options&) override {
    return errc::ok;
  }

  // As sim_stream_transport's.
  errc set_raw(const inet::raw&) override {
    return errc::ok;
  }

  net::result<std::string> get_raw(int, int, std::string) const override {
    return errc::enoprotoopt;
  }

  void close() override {
    std::lock_guard<std::mutex> guard{net_->mtx};
    net_->close_listener(l_);
  }

private:
  core_ptr net_;
  std::shared_ptr<listener_state> l_;
};

} // namespace

stream_transport_ptr make_stream_transport(core_ptr net, connection_ptr c,
                                           int side) {
  return std::make_shared<sim_stream_transport>(std::move(net), std::move(c),
                                                side);
}

listen_transport_ptr make_listen_transport(core_ptr net,
                                           std::shared_ptr<listener_state> l) {
  return std::make_shared<sim_listen_transport>(std::move(net), std::move(l));
}

} // namespace otpnet::testing::detail
