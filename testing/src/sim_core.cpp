#include "sim_core.hpp"

#include <algorithm>

#include "otpnet/net/errc.hpp"

namespace otpnet::testing::detail {

namespace {

std::string atom(errc e) {
  return std::string{to_atom(e)};
}

} // namespace

void core::note(const std::string& source, const std::string& text) {
  if (log != nullptr)
    log->add(source, text);
}

void core::violation(const std::string& text) {
  ++violations;
  note("net", "DRIVER CONTRACT VIOLATION: " + text);
}

void core::post(std::string what, std::function<void()> fire) {
  if (shut_down)
    return;
  events.push_back(event{std::move(what), std::move(fire)});
}

bool core::port_in_use(uint16_t port) const {
  return listeners.count(port) > 0 || peer_listeners.count(port) > 0;
}

uint16_t core::ephemeral_port() {
  while (port_in_use(next_port))
    ++next_port;
  return next_port++;
}

connection_ptr core::make_connection(bool actor0, bool actor1, uint16_t port0,
                                     uint16_t port1) {
  auto c = std::make_shared<connection>();
  c->id = next_conn++;
  auto label = [&](bool actor, int i) {
    return "conn#" + std::to_string(c->id) + (actor ? " actor" : " peer")
           + (actor0 == actor1 ? (i == 0 ? "0" : "1") : "");
  };
  c->side[0].name = label(actor0, 0);
  c->side[0].is_actor = actor0;
  c->side[0].port = port0;
  c->side[1].name = label(actor1, 1);
  c->side[1].is_actor = actor1;
  c->side[1].port = port1;
  connections.push_back(c);
  return c;
}

void core::wake(std::optional<os_socket::wait_handler>& slot,
                const std::string& what, errc e) {
  if (!slot)
    return;
  auto h = std::move(*slot);
  slot.reset();
  post(what, [h = std::move(h), e]() mutable { h(e); });
}

bool core::readable(const endpoint& ep) {
  return ep.closed || ep.read_shut || !ep.inbox.empty();
}

bool core::writable(const connection_ptr& c, int i) {
  auto& ep = c->side[i];
  auto& other = c->side[1 - i];
  return ep.closed || ep.write_shut || ep.reset_by_other || other.closed
         || other.window == unbounded || other.window > other.inbox_bytes;
}

void core::maybe_schedule_read(const connection_ptr& c, int i) {
  auto& ep = c->side[i];
  if (ep.wait_read && readable(ep))
    wake(ep.wait_read, ep.name + " readable");
  if (!ep.read || ep.read->scheduled)
    return;
  if (!(ep.closed || ep.read_shut || !ep.inbox.empty()))
    return;
  ep.read->scheduled = true;
  post(ep.name + " read completes",
       [self = shared_from_this(), c, i] { self->complete_read(c, i); });
}

void core::complete_read(const connection_ptr& c, int i) {
  stream_transport::read_handler h;
  errc err = errc::ok;
  std::string bytes;
  {
    std::lock_guard<std::mutex> guard{mtx};
    auto& ep = c->side[i];
    if (!ep.read)
      return;
    h = std::move(ep.read->handler);
    auto max = ep.read->max_bytes;
    ep.read.reset();
    if (ep.closed) {
      err = errc::closed;
    } else if (ep.read_shut) {
      err = errc::closed;
    } else {
      auto& seg = ep.inbox.front();
      switch (seg.kind) {
        case segment::data: {
          auto n = std::min(max, seg.bytes.size());
          bytes = seg.bytes.substr(0, n);
          seg.bytes.erase(0, n);
          if (seg.bytes.empty())
            ep.inbox.pop_front();
          ep.inbox_bytes -= n;
          // Room in this side's window: the other side may write on.
          pump_write(c, 1 - i);
          break;
        }
        case segment::fin:
          err = errc::closed; // stays: every later read sees the end too
          break;
        case segment::rst:
          err = errc::econnreset;
          break;
        case segment::error:
          err = seg.err; // injected: this read fails, once
          ep.inbox.pop_front();
          break;
      }
    }
    if (err == errc::ok)
      note("net", ep.name + " read -> " + std::to_string(bytes.size())
                    + " bytes " + printable(bytes));
    else
      note("net", ep.name + " read -> " + atom(err));
  }
  h(err, binary{std::move(bytes)});
}

void core::deliver(const connection_ptr& c, int i, segment seg) {
  auto& ep = c->side[i];
  if (seg.kind == segment::data) {
    if (seg.bytes.empty() && !seg.record)
      return;
    ep.inbox_bytes += seg.bytes.size();
  } else if (seg.kind == segment::rst) {
    ep.reset_by_other = true;
    // A reset kills what this side was still writing.
    if (ep.write && !ep.write->scheduled) {
      ep.write->outcome = errc::econnreset;
      ep.write->scheduled = true;
      post(ep.name + " write fails",
           [self = shared_from_this(), c, i] { self->complete_write(c, i); });
    }
  }
  ep.inbox.push_back(std::move(seg));
  maybe_schedule_read(c, i);
}

void core::pump_write(const connection_ptr& c, int i) {
  auto& ep = c->side[i];
  if (ep.wait_write && writable(c, i))
    wake(ep.wait_write, ep.name + " writable");
  if (!ep.write || ep.write->scheduled)
    return;
  auto& w = *ep.write;
  auto& other = c->side[1 - i];
  size_t left = w.bytes.size() - w.accepted;
  size_t n = left;
  if (!other.closed && other.window != unbounded)
    n = other.window > other.inbox_bytes
          ? std::min(left, other.window - other.inbox_bytes)
          : 0;
  if (n > 0) {
    if (other.closed) {
      // The other end is gone without a reset: the bytes vanish, as they
      // would in a kernel that still acknowledges them.
      note("net", ep.name + " write: " + std::to_string(n)
                    + " bytes dropped (the other end is closed)");
    } else {
      deliver(c, 1 - i, segment{segment::data, w.bytes.substr(w.accepted, n)});
      note("net", ep.name + " write: " + std::to_string(n)
                    + " bytes accepted by " + other.name
                    + (other.window == unbounded
                         ? std::string{}
                         : " (window " + std::to_string(other.window)
                             + ", buffered "
                             + std::to_string(other.inbox_bytes) + ")"));
    }
    w.accepted += n;
  }
  if (w.accepted == w.bytes.size()) {
    w.scheduled = true;
    post(ep.name + " write completes",
         [self = shared_from_this(), c, i] { self->complete_write(c, i); });
  } else if (n == 0) {
    note("net", ep.name + " write stalls: " + std::to_string(left)
                  + " bytes wait for " + other.name + " to read");
  }
}

void core::complete_write(const connection_ptr& c, int i) {
  stream_transport::write_handler h;
  errc err;
  size_t n;
  {
    std::lock_guard<std::mutex> guard{mtx};
    auto& ep = c->side[i];
    if (!ep.write)
      return;
    h = std::move(ep.write->handler);
    err = ep.write->outcome;
    n = ep.write->accepted;
    ep.write.reset();
    note("net", ep.name + " write done -> " + atom(err) + ", "
                  + std::to_string(n) + " bytes");
  }
  h(err, n);
}

void core::close_side(const connection_ptr& c, int i, bool abort) {
  auto& ep = c->side[i];
  if (ep.closed)
    return;
  ep.closed = true;
  auto& other = c->side[1 - i];
  if (!other.closed) {
    if (abort)
      deliver(c, 1 - i, segment{segment::rst, {}});
    else if (!ep.write_shut)
      deliver(c, 1 - i, segment{segment::fin, {}});
  }
  ep.write_shut = true;
  // A socket-module writer on the other side may go on (its bytes vanish).
  if (other.wait_write)
    wake(other.wait_write, other.name + " writable");
  if (ep.write && !ep.write->scheduled) {
    ep.write->outcome = errc::closed;
    ep.write->scheduled = true;
    post(ep.name + " write aborted",
         [self = shared_from_this(), c, i] { self->complete_write(c, i); });
  }
  maybe_schedule_read(c, i);
}

void core::shutdown_side(const connection_ptr& c, int i, bool read,
                         bool write) {
  auto& ep = c->side[i];
  if (read) {
    ep.read_shut = true;
    note("net", ep.name + " shutdown(read)");
    maybe_schedule_read(c, i);
  }
  if (write && !ep.write_shut) {
    ep.write_shut = true;
    note("net", ep.name + " shutdown(write): FIN");
    if (!c->side[1 - i].closed)
      deliver(c, 1 - i, segment{segment::fin, {}});
  }
}

std::shared_ptr<listener_state>
core::find_listener(const std::string& path) const {
  auto i = local_listeners.find(path);
  return i != local_listeners.end() && !i->second->closed ? i->second
                                                         : nullptr;
}

void core::close_listener(const std::shared_ptr<listener_state>& l) {
  if (l->closed)
    return;
  l->closed = true;
  note("net", "listener " + where(*l) + " closed");
  // Connections nobody accepted are reset, as the kernel does.
  for (auto& c : l->backlog)
    close_side(c, 1, true);
  l->backlog.clear();
  if (l->path) {
    auto i = local_listeners.find(*l->path);
    if (i != local_listeners.end() && i->second == l)
      local_listeners.erase(i);
  } else {
    auto i = listeners.find(l->port);
    if (i != listeners.end() && i->second == l)
      listeners.erase(i);
  }
  maybe_schedule_accept(l);
}

inet::socket_address address_of(const endpoint& ep,
                                 const inet::ip_address& ip) {
  if (ep.path)
    return inet::local_socket_address(*ep.path);
  return inet::socket_address{ip, ep.port};
}

std::string where(const listener_state& l) {
  return l.path ? "local " + printable(*l.path) : ":" + std::to_string(l.port);
}

void core::maybe_schedule_accept(const std::shared_ptr<listener_state>& l) {
  if (l->wait && (l->closed || !l->backlog.empty()))
    wake(l->wait, "listener :" + std::to_string(l->port) + " acceptable");
  if (!l->pending || l->scheduled)
    return;
  // accept(2) fails (emfile, enobufs...) only when a connection is there to
  // be accepted; the connection then stays in the backlog.
  if (!l->closed && l->backlog.empty())
    return;
  l->scheduled = true;
  post("listener :" + std::to_string(l->port) + " accept completes",
       [self = shared_from_this(), l] { self->complete_accept(l); });
}

void core::complete_accept(const std::shared_ptr<listener_state>& l) {
  listen_transport::accept_handler h;
  errc err = errc::ok;
  stream_transport_ptr tr;
  {
    std::lock_guard<std::mutex> guard{mtx};
    if (!l->pending)
      return;
    h = std::move(l->pending);
    l->pending = nullptr;
    l->scheduled = false;
    auto where = "listener :" + std::to_string(l->port);
    if (l->closed) {
      err = errc::closed;
      note("net", where + " accept -> closed");
    } else if (l->fail_times > 0 && !l->backlog.empty()) {
      err = l->fail_with;
      if (l->fail_times != unbounded)
        --l->fail_times;
      ++l->failed;
      note("net", where + " accept -> " + atom(err) + " (injected; "
                    + std::to_string(l->backlog.size())
                    + " connection(s) wait in the backlog)");
    } else if (!l->backlog.empty()) {
      auto c = l->backlog.front();
      l->backlog.pop_front();
      ++l->accepted;
      tr = make_stream_transport(shared_from_this(), c, 1);
      note("net", where + " accept -> " + c->side[1].name);
    } else {
      // Cannot happen: scheduled only with a connection or when closed.
      l->pending = std::move(h);
      return;
    }
  }
  h(err, std::move(tr));
}

} // namespace otpnet::testing::detail
