#include "otpnet/testing/probe.hpp"

#include <atomic>
#include <cstdlib>

#include <boost/test/unit_test.hpp>

#include <caf/actor_cast.hpp>
#include <caf/allowed_unsafe_message_type.hpp>
#include <caf/message_view.hpp>
#include <caf/send.hpp>

#include <otpnet/error.hpp>
#include <otpnet/sock.hpp>
#include <otpnet/messages.hpp>

namespace otpnet::testing {

namespace {

/// What the test asks a probe to do: run a function inside the actor.
struct probe_command {
  std::function<void(caf::event_based_actor*)> fn;
};

} // namespace

} // namespace otpnet::testing

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(otpnet::testing::probe_command)

namespace otpnet::testing {

struct probe::state {
  mutable std::mutex mtx;
  std::vector<recorded_message> log;
  size_t cursor = 0;
  std::string name;
  trace* tr = nullptr;
  std::atomic<bool> alive{true};

  void record(recorded_message msg, const caf::strong_actor_ptr& from) {
    if (from)
      msg.sender = from->id();
    if (tr != nullptr) {
      std::string text = "<- " + msg.text;
      if (from)
        text += "  (from actor " + std::to_string(from->id()) + ")";
      tr->add("probe " + name, text);
    }
    std::lock_guard<std::mutex> guard{mtx};
    log.push_back(std::move(msg));
  }
};

std::string to_string(const recorded_message& x) {
  return x.text;
}

namespace detail {

void fail_no_reply(const std::string& what, driver* drv) {
  std::string story = drv != nullptr ? drv->log().dump() : std::string{};
  BOOST_FAIL(what << ": no reply (the probe is still suspended in the call, "
                     "or the call never ran)\n  trace of the run:\n"
                  << story);
  std::abort(); // not reached: BOOST_FAIL throws
}

std::string describe_result(const caf::error& err) {
  return "error " + std::string{to_atom(errc_of(err))};
}

std::string describe_value(const otpnet::socket& s) {
  return to_string(s);
}

std::string describe_value(const binary& b) {
  return printable(b.view());
}

std::string describe_value(const net::http_packet& p) {
  return net::to_string(p);
}

std::string describe_value(const gen_udp::datagram& d) {
  std::string out = "{" + inet::ntoa(d.ip) + "," + std::to_string(d.port)
                    + ",";
  if (d.ancillary) // {Address, Port, AncData, Packet}
    out += inet::to_string(*d.ancillary) + ",";
  return out + printable(d.data.view()) + "}";
}

std::string describe_value(const inet::stat_values& v) {
  std::string out = "[";
  for (auto& [o, x] : v) {
    if (out.size() > 1)
      out += ",";
    out += "{" + std::string{inet::to_string(o)} + "," + std::to_string(x)
           + "}";
  }
  return out + "]";
}

} // namespace detail

namespace {

using state_ptr = std::shared_ptr<probe::state>;

std::string sock_text(const otpnet::socket& s) {
  return to_string(s);
}

caf::behavior probe_actor(caf::event_based_actor* self, state_ptr st) {
  self->set_default_handler(
    [st](caf::scheduled_actor* ptr,
         caf::message_view& x) -> caf::result<caf::message> {
      auto msg = x.copy_content_to_message();
      recorded_message rec;
      rec.tag = "other";
      rec.text = to_string(msg);
      st->record(std::move(rec), ptr->current_sender());
      return caf::message{};
    });
  self->attach_functor([st] {
    st->alive = false;
    if (st->tr != nullptr)
      st->tr->add("probe " + st->name, "terminated");
  });
  return {
    [self, st](tcp_msg& m) {
      recorded_message rec{"tcp", m.socket.id(), m.data.to_string(), errc::ok,
                           ""};
      rec.text = "{tcp," + sock_text(m.socket) + "," + printable(rec.data)
                 + "}";
      st->record(std::move(rec), self->current_sender());
    },
    [self, st](http_msg& m) {
      recorded_message rec{"http", m.socket.id(), net::to_string(m.packet),
                           errc::ok, ""};
      rec.text = "{http," + sock_text(m.socket) + "," + rec.data + "}";
      st->record(std::move(rec), self->current_sender());
    },
    [self, st](tcp_closed_msg& m) {
      recorded_message rec{"tcp_closed", m.socket.id(), "", errc::ok, ""};
      rec.text = "{tcp_closed," + sock_text(m.socket) + "}";
      st->record(std::move(rec), self->current_sender());
    },
    [self, st](tcp_error_msg& m) {
      recorded_message rec{"tcp_error", m.socket.id(), "", m.reason, ""};
      rec.text = "{tcp_error," + sock_text(m.socket) + ","
                 + std::string{to_atom(m.reason)} + "}";
      st->record(std::move(rec), self->current_sender());
    },
    [self, st](tcp_passive_msg& m) {
      recorded_message rec{"tcp_passive", m.socket.id(), "", errc::ok, ""};
      rec.text = "{tcp_passive," + sock_text(m.socket) + "}";
      st->record(std::move(rec), self->current_sender());
    },
    [self, st](udp_msg& m) {
      recorded_message rec{"udp", m.socket.id(), m.data.to_string(), errc::ok,
                           ""};
      rec.text = "{udp," + sock_text(m.socket) + "," + inet::ntoa(m.ip) + ","
                 + std::to_string(m.port) + ",";
      if (m.ancillary) // the 6-tuple of a socket with a recv* option on
        rec.text += inet::to_string(*m.ancillary) + ",";
      rec.text += printable(rec.data) + "}";
      st->record(std::move(rec), self->current_sender());
    },
    [self, st](udp_passive_msg& m) {
      recorded_message rec{"udp_passive", m.socket.id(), "", errc::ok, ""};
      rec.text = "{udp_passive," + sock_text(m.socket) + "}";
      st->record(std::move(rec), self->current_sender());
    },
    [self, st](udp_error_msg& m) {
      recorded_message rec{"udp_error", m.socket.id(), "", m.reason, ""};
      rec.text = "{udp_error," + sock_text(m.socket) + ","
                 + std::string{to_atom(m.reason)} + "}";
      st->record(std::move(rec), self->current_sender());
    },
    [self, st](inet_down_msg& m) {
      recorded_message rec{"DOWN", m.socket.id(), "", m.info, ""};
      rec.text = "{'DOWN'," + std::to_string(m.ref.id) + ",port,"
                 + sock_text(m.socket) + "," + std::string{to_atom(m.info)}
                 + "}";
      st->record(std::move(rec), self->current_sender());
    },
    [self, st](sock::select_msg& m) {
      recorded_message rec{"select", m.socket.id(), std::to_string(m.handle),
                           errc::ok, ""};
      rec.text = "{'$socket'," + sock::to_string(m.socket) + ",select,"
                 + rec.data + "}";
      st->record(std::move(rec), self->current_sender());
    },
    [self, st](sock::abort_msg& m) {
      recorded_message rec{"abort", m.socket.id(), std::to_string(m.handle),
                           m.reason, ""};
      rec.text = "{'$socket'," + sock::to_string(m.socket) + ",abort,{"
                 + rec.data + "," + std::string{to_atom(m.reason)} + "}}";
      st->record(std::move(rec), self->current_sender());
    },
    [self](probe_command& cmd) { cmd.fn(self); },
  };
}

template <class T>
caf::expected<T> wait_for(call<T> c) {
  return c.get();
}

} // namespace

probe::probe(caf::actor_system& sys, driver& drv, std::string name)
  : st_(std::make_shared<state>()), drv_(&drv) {
  st_->name = std::move(name);
  st_->tr = &drv.log();
  hdl_ = sys.spawn(probe_actor, st_);
  drv.log().add("probe " + st_->name,
                "spawned as actor " + std::to_string(hdl_.id()));
}

const std::string& probe::name() const {
  return st_->name;
}

const caf::actor& probe::handle() const {
  return hdl_;
}

std::vector<recorded_message> probe::messages() const {
  std::lock_guard<std::mutex> guard{st_->mtx};
  return st_->log;
}

size_t probe::count() const {
  std::lock_guard<std::mutex> guard{st_->mtx};
  return st_->log.size();
}

std::string probe::data_of(const otpnet::socket& s) const {
  std::string out;
  for (auto& p : packets_of(s))
    out += p;
  return out;
}

std::vector<std::string> probe::packets_of(const otpnet::socket& s) const {
  std::lock_guard<std::mutex> guard{st_->mtx};
  std::vector<std::string> out;
  for (auto& m : st_->log)
    if (m.tag == "tcp" && m.socket == s.id())
      out.push_back(m.data);
  return out;
}

size_t probe::cursor() const {
  std::lock_guard<std::mutex> guard{st_->mtx};
  return st_->cursor;
}

void probe::set_cursor(size_t pos) {
  std::lock_guard<std::mutex> guard{st_->mtx};
  st_->cursor = pos;
}

void probe::exec(std::function<void(caf::event_based_actor*)> f,
                 std::string what) {
  drv_->log().add("probe " + st_->name, "asked to " + what);
  caf::anon_send(hdl_, probe_command{std::move(f)});
}

std::function<void(const std::string&)> probe::log_fn() const {
  auto st = st_;
  return [st](const std::string& text) {
    if (st->tr != nullptr)
      st->tr->add("probe " + st->name, text);
  };
}

// -- calls --------------------------------------------------------------------

namespace {

std::string opts_text(const std::vector<inet::option>& opts) {
  std::string out = "[";
  for (auto& o : opts) {
    if (out.size() > 1)
      out += ",";
    out += inet::to_string(o);
  }
  return out + "]";
}

std::string timeout_text(timeout t) {
  return t == infinity ? "infinity" : std::to_string(t.count()) + "ms";
}

} // namespace

caf::expected<otpnet::socket>
probe::listen(int port, const gen_tcp::option_list& opts) {
  return wait_for(start<otpnet::socket>(
    [port, opts](caf::event_based_actor* self) {
      return gen_tcp::listen(self, port, opts);
    },
    "listen(" + std::to_string(port) + ", " + opts_text(opts) + ")"));
}

call<otpnet::socket> probe::accept_async(const otpnet::socket& ls,
                                         timeout t) {
  return start<otpnet::socket>(
    [ls, t](caf::event_based_actor* self) {
      return gen_tcp::accept(self, ls, t);
    },
    "accept(" + to_string(ls) + ", " + timeout_text(t) + ")");
}

caf::expected<otpnet::socket> probe::accept(const otpnet::socket& ls,
                                            timeout t) {
  return wait_for(accept_async(ls, t));
}

call<otpnet::socket> probe::connect_async(const std::string& host, int port,
                                          const gen_tcp::option_list& opts,
                                          timeout t) {
  return start<otpnet::socket>(
    [host, port, opts, t](caf::event_based_actor* self) {
      return gen_tcp::connect(self, host, port, opts, t);
    },
    "connect(" + host + ", " + std::to_string(port) + ", " + opts_text(opts)
      + ", " + timeout_text(t) + ")");
}

caf::expected<otpnet::socket> probe::connect(const std::string& host,
                                             int port,
                                             const gen_tcp::option_list& opts,
                                             timeout t) {
  return wait_for(connect_async(host, port, opts, t));
}

call<void> probe::send_async(const otpnet::socket& s, binary data) {
  auto what = "send(" + to_string(s) + ", " + printable(data.view()) + ")";
  return start<void>(
    [s, data](caf::event_based_actor* self) {
      return gen_tcp::send(self, s, data);
    },
    std::move(what));
}

caf::expected<void> probe::send(const otpnet::socket& s, binary data) {
  return wait_for(send_async(s, std::move(data)));
}

call<binary> probe::recv_async(const otpnet::socket& s, size_t length,
                               timeout t) {
  return start<binary>(
    [s, length, t](caf::event_based_actor* self) {
      return gen_tcp::recv(self, s, length, t);
    },
    "recv(" + to_string(s) + ", " + std::to_string(length) + ", "
      + timeout_text(t) + ")");
}

caf::expected<binary> probe::recv(const otpnet::socket& s, size_t length,
                                  timeout t) {
  return wait_for(recv_async(s, length, t));
}

caf::expected<otpnet::socket> probe::udp_open(int port,
                                              const gen_udp::option_list& opts) {
  return wait_for(start<otpnet::socket>(
    [port, opts](caf::event_based_actor* self) {
      return gen_udp::open(self, port, opts);
    },
    "gen_udp:open(" + std::to_string(port) + ")"));
}

caf::expected<void> probe::udp_send(const otpnet::socket& s,
                                    const inet::ip_address& addr, int port,
                                    binary data) {
  auto what = "gen_udp:send(" + to_string(s) + ", " + inet::ntoa(addr) + ", "
              + std::to_string(port) + ", " + printable(data.view()) + ")";
  return wait_for(start<void>(
    [s, addr, port, data](caf::event_based_actor* self) {
      return gen_udp::send(self, s, addr, port, data);
    },
    std::move(what)));
}

caf::expected<void> probe::udp_send(const otpnet::socket& s,
                                    const inet::ip_address& addr, int port,
                                    const gen_udp::ancillary_list& anc,
                                    binary data) {
  std::string list = "[";
  for (const auto& item : anc) {
    if (list.size() > 1)
      list += ",";
    list += "{" + std::string{inet::to_string(item.kind)} + ","
            + std::to_string(item.value) + "}";
  }
  list += "]";
  auto what = "gen_udp:send(" + to_string(s) + ", " + inet::ntoa(addr) + ", "
              + std::to_string(port) + ", " + list + ", "
              + printable(data.view()) + ")";
  return wait_for(start<void>(
    [s, addr, port, anc, data](caf::event_based_actor* self) {
      return gen_udp::send(self, s, addr, port, anc, data);
    },
    std::move(what)));
}

caf::expected<gen_udp::datagram>
probe::udp_recv(const otpnet::socket& s, size_t length, timeout t) {
  return wait_for(start<gen_udp::datagram>(
    [s, length, t](caf::event_based_actor* self) {
      return gen_udp::recv(self, s, length, t);
    },
    "gen_udp:recv(" + to_string(s) + ", " + std::to_string(length) + ", "
      + timeout_text(t) + ")"));
}

call<net::http_packet> probe::recv_http_async(const otpnet::socket& s,
                                             timeout t) {
  return start<net::http_packet>(
    [s, t](caf::event_based_actor* self) {
      return gen_tcp::recv_http(self, s, t);
    },
    "recv_http(" + to_string(s) + ", " + timeout_text(t) + ")");
}

caf::expected<net::http_packet> probe::recv_http(const otpnet::socket& s,
                                                 timeout t) {
  return wait_for(recv_http_async(s, t));
}

call<void> probe::setopts_async(const otpnet::socket& s,
                                const std::vector<inet::option>& opts) {
  return start<void>(
    [s, opts](caf::event_based_actor* self) {
      return inet::setopts(self, s, opts);
    },
    "setopts(" + to_string(s) + ", " + opts_text(opts) + ")");
}

caf::expected<void> probe::setopts(const otpnet::socket& s,
                                   const std::vector<inet::option>& opts) {
  return wait_for(setopts_async(s, opts));
}

caf::expected<inet::stat_values>
probe::getstat(const otpnet::socket& s,
               const std::vector<inet::stat_option>& names) {
  return wait_for(start<inet::stat_values>(
    [s, names](caf::event_based_actor* self) {
      return inet::getstat(self, s, names);
    },
    "getstat(" + to_string(s) + ")"));
}

caf::expected<std::vector<inet::option>>
probe::getopts(const otpnet::socket& s,
               const std::vector<inet::option_name>& names) {
  return wait_for(start<std::vector<inet::option>>(
    [s, names](caf::event_based_actor* self) {
      return inet::getopts(self, s, names);
    },
    "getopts(" + to_string(s) + ")"));
}

call<void> probe::close_async(const otpnet::socket& s) {
  return start<void>(
    [s](caf::event_based_actor* self) { return gen_tcp::close(self, s); },
    "close(" + to_string(s) + ")");
}

caf::expected<void> probe::close(const otpnet::socket& s) {
  return wait_for(close_async(s));
}

caf::expected<void> probe::shutdown(const otpnet::socket& s,
                                    gen_tcp::shutdown_how how) {
  const char* how_text = how == gen_tcp::shutdown_how::read    ? "read"
                         : how == gen_tcp::shutdown_how::write ? "write"
                                                               : "read_write";
  return wait_for(start<void>(
    [s, how](caf::event_based_actor* self) {
      return gen_tcp::shutdown(self, s, how);
    },
    "shutdown(" + to_string(s) + ", " + how_text + ")"));
}

call<void> probe::controlling_process_async(const otpnet::socket& s,
                                            const caf::actor& new_owner) {
  return start<void>(
    [s, new_owner](caf::event_based_actor* self) {
      return gen_tcp::controlling_process(self, s, new_owner);
    },
    "controlling_process(" + to_string(s) + ", actor "
      + std::to_string(new_owner ? new_owner.id() : 0) + ")");
}

caf::expected<void> probe::controlling_process(const otpnet::socket& s,
                                               const caf::actor& new_owner) {
  return wait_for(controlling_process_async(s, new_owner));
}

caf::expected<uint16_t> probe::port(const otpnet::socket& s) {
  return wait_for(start<uint16_t>(
    [s](caf::event_based_actor* self) { return inet::port(self, s); },
    "port(" + to_string(s) + ")"));
}

inet::monitor_ref probe::monitor(const otpnet::socket& s) {
  auto res = wait_for(start<inet::monitor_ref>(
    [s](caf::event_based_actor* self) {
      auto ref = inet::monitor(self, s);
      return pending<inet::monitor_ref>{
        [ref](bool, pending<inet::monitor_ref>::callback cb) { cb(ref); }};
    },
    "monitor(" + to_string(s) + ")"));
  return res ? *res : inet::monitor_ref{};
}

void probe::kill(caf::exit_reason reason) {
  drv_->log().add("probe " + st_->name,
                  "killed (" + caf::to_string(reason) + ")");
  caf::anon_send_exit(hdl_, reason);
}

bool probe::alive() const {
  return st_->alive;
}

} // namespace otpnet::testing
