// A socket of the socket module: the system calls run in the actor, and
// where the kernel would block, the caller either gets a select_info now
// and a select_msg later (nowait) or waits in the actor's queue (a
// time-out). See otpnet/sock.hpp for the rules this implements.

#include "sock_actor.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>

#include <caf/actor_cast.hpp>
#include <caf/exit_reason.hpp>
#include <caf/send.hpp>

#include "otpnet/error.hpp"
#include "otpnet/runtime.hpp"
#include "unhandled_messages.hpp"
#include "spawn_socket.hpp"

namespace otpnet {

namespace {

using self_ptr = sock_actor*;
using proto::sk_op;
using proto::sk_reply;
using waiter = sock_state::waiter;
using direction = sock_state::direction;

constexpr uint8_t reading = 0;
constexpr uint8_t writing = 1;

// A whole record: recv(S, 0) on a dgram or seqpacket socket must not
// truncate (a longer record is cut here, by the kernel).
constexpr size_t max_datagram = 65536;

sock::select_handle next_handle() {
  static std::atomic<sock::select_handle> counter{1};
  return counter.fetch_add(1, std::memory_order_relaxed);
}

bool is_io(sk_op op) {
  switch (op) {
    case sk_op::accept:
    case sk_op::connect:
    case sk_op::send:
    case sk_op::sendto:
    case sk_op::recv:
    case sk_op::recvfrom:
    case sk_op::sendmsg:
    case sk_op::recvmsg:
      return true;
    default:
      return false;
  }
}

uint8_t dir_of(sk_op op) {
  switch (op) {
    case sk_op::accept:
    case sk_op::recv:
    case sk_op::recvfrom:
    case sk_op::recvmsg:
      return reading;
    default:
      return writing;
  }
}

uint8_t dir_of(sock::select_tag tag) {
  switch (tag) {
    case sock::select_tag::accept:
    case sock::select_tag::recv:
    case sock::select_tag::recvfrom:
    case sock::select_tag::recvmsg:
      return reading;
    default:
      return writing;
  }
}

sock::select_tag tag_of(sk_op op) {
  switch (op) {
    case sk_op::accept:
      return sock::select_tag::accept;
    case sk_op::connect:
      return sock::select_tag::connect;
    case sk_op::send:
      return sock::select_tag::send;
    case sk_op::sendto:
      return sock::select_tag::sendto;
    case sk_op::recvfrom:
      return sock::select_tag::recvfrom;
    case sk_op::sendmsg:
      return sock::select_tag::sendmsg;
    case sk_op::recvmsg:
      return sock::select_tag::recvmsg;
    default:
      return sock::select_tag::recv;
  }
}

binary concat(const binary& x, const binary& y) {
  if (x.empty())
    return y;
  if (y.empty())
    return x;
  char* bytes = nullptr;
  auto out = binary::allocate(x.size() + y.size(), bytes);
  std::memcpy(bytes, x.data(), x.size());
  std::memcpy(bytes + x.size(), y.data(), y.size());
  return out;
}

void watch(self_ptr self, const caf::actor& who) {
  if (who && self->state.watched[who.address()]++ == 0)
    self->monitor(who);
}

void unwatch(self_ptr self, const caf::actor& who) {
  if (!who)
    return;
  auto i = self->state.watched.find(who.address());
  if (i != self->state.watched.end() && --i->second == 0) {
    self->state.watched.erase(i);
    self->demonitor(who);
  }
}

// Every queue change goes through these, so that `watched` stays exact.
void push(self_ptr self, direction& dir, waiter w, bool front) {
  watch(self, w.caller);
  if (front)
    dir.queue.push_front(std::move(w));
  else
    dir.queue.push_back(std::move(w));
}

void pop_front(self_ptr self, direction& dir) {
  unwatch(self, dir.queue.front().caller);
  dir.queue.pop_front();
}

void erase(self_ptr self, direction& dir, std::deque<waiter>::iterator i) {
  unwatch(self, i->caller);
  dir.queue.erase(i);
}

// socket:info's counters (see otpnet/sock_info.hpp).

enum class stat { tries, waits, fails };

/// The counter of `what` for `op`'s kind (accept, read or write); null for
/// a call that counts nothing (connect).
uint64_t* counter(sock::counters& c, sk_op op, stat what) {
  auto pick = [what](uint64_t& tries, uint64_t& waits, uint64_t& fails) {
    return what == stat::tries ? &tries : what == stat::waits ? &waits : &fails;
  };
  if (op == sk_op::accept)
    return pick(c.acc_tries, c.acc_waits, c.acc_fails);
  if (op == sk_op::recv || op == sk_op::recvfrom || op == sk_op::recvmsg)
    return pick(c.read_tries, c.read_waits, c.read_fails);
  if (op == sk_op::send || op == sk_op::sendto || op == sk_op::sendmsg)
    return pick(c.write_tries, c.write_waits, c.write_fails);
  return nullptr;
}

void count(sock::counters& c, sk_op op, stat what) {
  if (auto* n = counter(c, op, what))
    ++*n;
}

void count_read(sock::counters& c, size_t n) {
  ++c.read_pkg;
  c.read_byte += n;
  c.read_pkg_max = std::max<uint64_t>(c.read_pkg_max, n);
}

void count_write(sock::counters& c, size_t n) {
  ++c.write_pkg;
  c.write_byte += n;
  c.write_pkg_max = std::max<uint64_t>(c.write_pkg_max, n);
}

enum class outcome { done, again, failed };

/// A system call's result as an attempt's outcome (`err` set on failed).
outcome settle(errc e, errc& err) {
  if (e == errc::eagain)
    return outcome::again;
  if (e != errc::ok) {
    err = e;
    return outcome::failed;
  }
  return outcome::done;
}

bool has_flag(const sock::msg_flags& flags, sock::msg_flag f) {
  return std::find(flags.begin(), flags.end(), f) != flags.end();
}

bool peeks(const waiter& w) {
  return has_flag(w.req.flags, sock::msg_flag::peek);
}

/// Takes what `held` has for a stream recv of `w` (up to its length); a
/// peek copies it and leaves it there.
void take_held(sock_state& st, waiter& w) {
  if (st.held.empty() || st.type != sock::type::stream)
    return;
  auto want = w.req.length == 0 ? st.held.size()
                                : w.req.length - w.got.size();
  auto n = std::min(want, st.held.size());
  w.got = concat(w.got, st.held.slice(0, n));
  if (!peeks(w))
    st.held = st.held.slice(n, st.held.size() - n);
}

/// One read of at most `max` bytes: plain recv(2) / recvfrom(2), or
/// recvmsg(2) when the call has flags.
errc read_once(sock_state& st, const waiter& w, size_t max, binary& out,
               inet::socket_address* from) {
  if (w.req.flags.empty())
    return from != nullptr ? st.os->recvfrom(max, *from, out)
                           : st.os->recv(max, out);
  sock::msg_recv m;
  auto e = st.os->recvmsg(max, 0, w.req.flags, m);
  if (e != errc::ok)
    return e;
  out = m.iov.empty() ? binary{} : std::move(m.iov.front());
  if (from != nullptr && m.addr)
    *from = *m.addr;
  return errc::ok;
}

/// One write of `data` from byte `offset` on: plain send(2) / sendto(2),
/// or sendmsg(2) when the call has flags.
errc write_once(sock_state& st, const waiter& w, const binary& data,
                size_t offset, const inet::socket_address* to,
                size_t& written) {
  written = 0;
  if (w.req.flags.empty()) {
    if (to == nullptr)
      return st.os->send(reinterpret_cast<const uint8_t*>(data.data())
                           + offset,
                         data.size() - offset, written);
    auto e = st.os->sendto(data, *to);
    if (e == errc::ok)
      written = data.size();
    return e;
  }
  std::optional<inet::socket_address> addr;
  if (to != nullptr)
    addr = *to;
  return st.os->sendmsg({data}, offset, addr, {}, w.req.flags, written);
}

outcome attempt_recv(sock_state& st, waiter& w, sk_reply& out, errc& err) {
  auto length = w.req.length;
  take_held(st, w);
  // A recv(S, 0) on a stream makes reads of {otp, rcvbuf}'s Size bytes:
  // one read for the integer form; as {Count, Size}, it goes on while
  // each read fills its Size, Count reads at most. A read of Size is
  // several OS reads when Size is more than one takes (the runtime's
  // buffer, binary::pooled_size), ended early by a short one. A peek
  // reads once, and bytes held back from an earlier call are an answer of
  // their own.
  bool whole_reads = length == 0 && st.type == sock::type::stream
                     && !peeks(w) && w.got.empty();
  int count = st.otp.rcvbuf_count > 0 ? st.otp.rcvbuf_count : 1;
  int reads = 0;
  size_t part = 0; // bytes of the read of Size under way
  bool short_read = false;
  // A peek reads once: a loop would see the same bytes again (OTP 25's
  // recv(S, 10, [peek]) of "abcdef" returns "abcdefabcd").
  auto complete = [&] {
    if (whole_reads)
      return short_read || reads == count;
    return length == 0 || peeks(w) ? !w.got.empty()
                                   : w.got.size() >= length;
  };
  while (!complete()) {
    size_t max = length > 0 ? length - w.got.size()
                 : sock::keeps_records(st.type)
                   ? max_datagram
                   : static_cast<size_t>(st.otp.rcvbuf);
    size_t ask = whole_reads ? std::min(max - part, binary::pooled_size)
                             : max;
    binary chunk;
    auto e = read_once(st, w, ask, chunk, nullptr);
    // What the earlier reads got is the answer when the kernel has
    // nothing more now, or at the end of the stream (which the kernel
    // reports again to the next call). An error, which it reports once,
    // fails the call as for recv(N): its bytes go back to `held` for the
    // next call (give_back).
    if (whole_reads && !w.got.empty()
        && (e == errc::eagain || e == errc::closed))
      break;
    if (auto o = settle(e, err); o != outcome::done)
      return o;
    count_read(st.stats, chunk.size());
    if (sock::keeps_records(st.type)) {
      // One record, even an empty one. recv(S, N) of a longer record gets
      // its first N bytes and the kernel drops the rest, as in OTP, whose
      // NIF makes one recv(2) of N bytes and reads on for the rest of N
      // on SOCK_STREAM only (recvmsg's flags say trunc).
      w.got = std::move(chunk);
      break;
    }
    part += chunk.size();
    if (whole_reads && (chunk.size() < ask || part == max)) {
      ++reads;
      short_read = part < max;
      part = 0;
    }
    w.got = concat(w.got, chunk);
  }
  out.data = std::move(w.got);
  w.got = binary{};
  return outcome::done;
}

outcome attempt_send(sock_state& st, waiter& w, errc& err) {
  auto& data = w.req.data;
  if (sock::keeps_records(st.type)) {
    // One call, one record (an empty one too), as sendto and sendmsg.
    auto e = write_once(st, w, data, 0, nullptr, w.sent);
    if (auto o = settle(e, err); o != outcome::done)
      return o;
    count_write(st.stats, w.sent);
    return outcome::done;
  }
  while (w.sent < data.size()) {
    size_t n = 0;
    auto e = write_once(st, w, data, w.sent, nullptr, n);
    if (auto o = settle(e, err); o != outcome::done)
      return o;
    count_write(st.stats, n);
    w.sent += n;
  }
  return outcome::done;
}

outcome attempt_sendmsg(sock_state& st, waiter& w, errc& err) {
  static const std::vector<sock::cmsg> none;
  auto& m = w.req.msg;
  auto total = sock::iov_size(m.iov);
  do {
    size_t n = 0;
    // The control messages go with the first bytes only.
    auto& ctrl = w.sent == 0 ? m.ctrl : none;
    auto e = st.os->sendmsg(m.iov, w.sent, m.addr, ctrl, w.req.flags, n);
    if (auto o = settle(e, err); o != outcome::done)
      return o;
    count_write(st.stats, n);
    w.sent += n;
    // A record is one call; only a stream's rest goes in another.
  } while (w.sent < total && st.type == sock::type::stream);
  return outcome::done;
}

/// One recvmsg. Bytes a recv(N) gathered and left in `held` come first
/// (they were read before anything the kernel still has).
outcome attempt_recvmsg(sock_state& st, waiter& w, sk_reply& out,
                        errc& err) {
  auto& r = w.req;
  if (!st.held.empty() && st.type == sock::type::stream) {
    auto n = r.length == 0 ? st.held.size()
                           : std::min(r.length, st.held.size());
    out.msg.iov.push_back(st.held.slice(0, n));
    if (!peeks(w))
      st.held = st.held.slice(n, st.held.size() - n);
    return outcome::done;
  }
  size_t max = r.length > 0                    ? r.length
               : sock::keeps_records(st.type) ? max_datagram
                                              : static_cast<size_t>(
                                                st.otp.rcvbuf);
  size_t ctrl = r.ctrl_size > 0 ? r.ctrl_size
                                : static_cast<size_t>(st.otp.rcvctrlbuf);
  out.msg = sock::msg_recv{};
  auto e = st.os->recvmsg(max, ctrl, r.flags, out.msg);
  if (auto o = settle(e, err); o != outcome::done)
    return o;
  count_read(st.stats, sock::iov_size(out.msg.iov));
  return outcome::done;
}

/// ok when connected, eagain while in progress, else the attempt's error.
errc connect_state(sock_state& st) {
  auto e = st.os->connect_result();
  if (e != errc::ok)
    return e;
  return st.os->peername() ? errc::ok : errc::eagain;
}

outcome attempt_connect(sock_state& st, waiter& w, errc& err) {
  auto e = st.connecting ? connect_state(st) : st.os->connect(w.req.addr);
  if (e == errc::einprogress || e == errc::eagain) {
    st.connecting = true;
    return outcome::again;
  }
  st.connecting = false;
  if (e != errc::ok) {
    err = e;
    return outcome::failed;
  }
  return outcome::done;
}

outcome attempt_op(self_ptr self, waiter& w, sk_reply& out, errc& err);

/// One try of `w`'s call, counted.
outcome attempt(self_ptr self, waiter& w, sk_reply& out, errc& err) {
  auto& c = self->state.stats;
  count(c, w.req.op, stat::tries);
  auto result = attempt_op(self, w, out, err);
  if (result == outcome::failed)
    count(c, w.req.op, stat::fails);
  else if (result == outcome::done && w.req.op == sk_op::accept)
    ++c.acc_success;
  return result;
}

outcome attempt_op(self_ptr self, waiter& w, sk_reply& out, errc& err) {
  auto& st = self->state;
  switch (w.req.op) {
    case sk_op::accept: {
      os_socket_ptr child;
      auto e = st.os->accept(child);
      if (auto o = settle(e, err); o != outcome::done)
        return o;
      // Listed before accept returns, where its listen socket is, and
      // with its otp-level settings.
      out.accepted = otpnet::detail::spawn_socket(
        self->system(), st.rt, registry_for(st.otp.registered), sock_socket,
        child, st.type, w.caller, st.otp);
      return outcome::done;
    }
    case sk_op::connect:
      return attempt_connect(st, w, err);
    case sk_op::send:
      return attempt_send(st, w, err);
    case sk_op::sendto: {
      size_t n = 0;
      auto e = write_once(st, w, w.req.data, 0, &w.req.addr, n);
      if (auto o = settle(e, err); o != outcome::done)
        return o;
      count_write(st.stats, w.req.data.size());
      return outcome::done;
    }
    case sk_op::recv:
      return attempt_recv(st, w, out, err);
    case sk_op::sendmsg:
      return attempt_sendmsg(st, w, err);
    case sk_op::recvmsg:
      return attempt_recvmsg(st, w, out, err);
    case sk_op::recvfrom: {
      auto max = w.req.length > 0 ? w.req.length : max_datagram;
      auto e = read_once(st, w, max, out.data, &out.addr);
      if (auto o = settle(e, err); o != outcome::done)
        return o;
      count_read(st.stats, out.data.size());
      return outcome::done;
    }
    default:
      err = errc::einval;
      return outcome::failed;
  }
}

/// A call that will not complete: its gathered recv bytes go back to
/// `held`, before anything newer.
void give_back(sock_state& st, waiter& w) {
  if (!w.got.empty()) {
    st.held = concat(w.got, st.held);
    w.got = binary{};
  }
}

void arm(self_ptr self, uint8_t d) {
  auto& dir = self->state.dirs[d];
  if (dir.waiting || self->state.closed)
    return;
  dir.waiting = true;
  auto hdl = caf::actor_cast<caf::actor>(self);
  self->state.os->async_wait(
    d == reading ? os_socket::readiness::read : os_socket::readiness::write,
    [hdl, d](errc e) { caf::anon_send(hdl, proto::sk_ready{d, e}); });
}

/// Serves the queue's front after a change: a blocking call is retried, a
/// nowait caller not yet told gets a wait armed for its select_msg.
void activate(self_ptr self, uint8_t d) {
  auto& st = self->state;
  auto& dir = st.dirs[d];
  while (!dir.queue.empty() && !st.closed) {
    auto& w = dir.queue.front();
    if (w.nowait) {
      if (!w.notified)
        arm(self, d);
      return;
    }
    sk_reply out;
    auto err = errc::ok;
    switch (attempt(self, w, out, err)) {
      case outcome::again:
        arm(self, d);
        return;
      case outcome::done:
        w.rp.deliver(std::move(out));
        break;
      case outcome::failed:
        give_back(st, w);
        w.rp.deliver(make_error(err));
        break;
    }
    pop_front(self, dir);
  }
}

/// The reply a nowait call gets when it must wait.
sk_reply select_reply(waiter& w) {
  sk_reply out;
  out.select = sock::select_info{tag_of(w.req.op), w.handle};
  if (w.req.op == sk_op::send)
    out.data = w.req.data.slice(w.sent, w.req.data.size() - w.sent);
  else if (w.req.op == sk_op::sendmsg)
    out.msg.iov = sock::iov_drop(w.req.msg.iov, w.sent);
  else if (w.req.op == sk_op::recv) {
    out.data = std::move(w.got); // the caller keeps what came so far
    w.got = binary{};
  }
  w.sent = 0;
  return out;
}

/// Queues `w` and answers for it: a nowait call gets its select_info now,
/// a blocking one waits (its time-out armed). At the `front`, `w` is the
/// current user, and the socket waits for the kernel on its behalf.
caf::result<sk_reply> wait_in_queue(self_ptr self, uint8_t d, waiter w,
                                    bool front) {
  auto& dir = self->state.dirs[d];
  caf::result<sk_reply> out = caf::error{};
  if (w.nowait) {
    out = select_reply(w);
  } else {
    auto rp = self->make_response_promise<sk_reply>();
    w.rp = rp;
    if (w.req.timeout > 0)
      self->delayed_send(self, std::chrono::milliseconds{w.req.timeout},
                         proto::sk_timeout{d, w.handle});
    out = rp;
  }
  push(self, dir, std::move(w), front);
  if (front)
    arm(self, d);
  return out;
}

/// A sendmsg's control messages or a recvmsg's CtrlSz that cannot be
/// used: einval before the call queues or sends anything.
errc check_msg(const sock_state& st, const proto::sk_request& req) {
  // On a stream, MSG_TRUNC discards the bytes without copying them: the
  // call would hand back whatever the thread's read buffer held before,
  // another socket's data perhaps.
  if (dir_of(req.op) == reading && st.type == sock::type::stream
      && has_flag(req.flags, sock::msg_flag::trunc))
    return errc::einval;
  if (req.op == sk_op::recvmsg)
    return req.ctrl_size <= sock::max_control_buffer ? errc::ok
                                                     : errc::einval;
  if (req.op != sk_op::sendmsg)
    return errc::ok;
  for (auto& c : req.msg.ctrl)
    if (auto e = sock::check_send(c); e != errc::ok)
      return e;
  auto space = sock::control_space(req.msg.ctrl);
  return space <= static_cast<size_t>(st.otp.sndctrlbuf) ? errc::ok
                                                         : errc::einval;
}

caf::result<sk_reply> on_io(self_ptr self, proto::sk_request& req) {
  auto& st = self->state;
  if (auto e = check_msg(st, req); e != errc::ok)
    return make_error(e);
  auto d = dir_of(req.op);
  auto& dir = st.dirs[d];
  waiter w;
  w.caller = caf::actor_cast<caf::actor>(self->current_sender());
  w.handle = next_handle();
  w.nowait = req.timeout == proto::sk_nowait;
  w.req = std::move(req);
  if (!dir.queue.empty()) {
    auto& front = dir.queue.front();
    if (front.nowait && front.caller == w.caller) {
      // The current user calls again (usually after its select_msg).
      pop_front(self, dir);
    } else {
      // Locked out until the current user is done.
      count(st.stats, w.req.op, stat::waits);
      if (!w.nowait && w.req.timeout == 0)
        return make_error(errc::timeout);
      return wait_in_queue(self, d, std::move(w), false);
    }
  }
  sk_reply out;
  auto err = errc::ok;
  switch (attempt(self, w, out, err)) {
    case outcome::done:
      activate(self, d);
      return out;
    case outcome::failed:
      give_back(st, w);
      activate(self, d);
      return make_error(err);
    case outcome::again:
      break;
  }
  if (!w.nowait && w.req.timeout == 0) {
    give_back(st, w);
    activate(self, d);
    return make_error(errc::timeout);
  }
  return wait_in_queue(self, d, std::move(w), true);
}

void on_ready(self_ptr self, const proto::sk_ready& r) {
  auto& st = self->state;
  auto& dir = st.dirs[r.dir];
  dir.waiting = false;
  if (st.closed || dir.queue.empty())
    return;
  auto& w = dir.queue.front();
  if (w.nowait) {
    if (!w.notified) {
      w.notified = true;
      self->send(w.caller, sock::select_msg{st.self_handle, w.handle});
    }
    return;
  }
  activate(self, r.dir);
}

/// Removes the waiter of `h` (a nowait one or a blocking one) from
/// direction `d`, after `before(waiter)`; serves the next one if it was
/// the current user. False if there is none.
template <class F>
bool remove_waiter(self_ptr self, uint8_t d, sock::select_handle h,
                   bool nowait, F before) {
  auto& dir = self->state.dirs[d];
  for (auto i = dir.queue.begin(); i != dir.queue.end(); ++i) {
    if (i->handle != h || i->nowait != nowait)
      continue;
    auto was_front = i == dir.queue.begin();
    before(*i);
    erase(self, dir, i);
    if (was_front)
      activate(self, d);
    return true;
  }
  return false;
}

void on_timeout(self_ptr self, const proto::sk_timeout& t) {
  remove_waiter(self, t.dir, t.handle, false, [self](waiter& w) {
    give_back(self->state, w);
    w.rp.deliver(make_error(errc::timeout));
  });
}

caf::result<sk_reply> on_cancel(self_ptr self, const sock::select_info& info) {
  auto found = remove_waiter(self, dir_of(info.tag), info.handle, true,
                             [self](waiter& w) {
                               if (w.req.op == sk_op::connect)
                                 self->state.connecting = false;
                             });
  if (!found)
    return make_error(errc::einval);
  return sk_reply{};
}

/// A waiting caller terminated: its calls leave the queues (the bytes a
/// blocking recv of it had gathered stay for the next recv).
void drop_caller(self_ptr self, const caf::actor_addr& who) {
  auto& st = self->state;
  st.watched.erase(who);
  for (uint8_t d = 0; d < 2; ++d) {
    auto& q = st.dirs[d].queue;
    if (q.empty())
      continue;
    auto front_gone = q.front().caller.address() == who;
    for (auto i = q.begin(); i != q.end();) {
      if (i->caller.address() == who) {
        give_back(st, *i);
        i = q.erase(i);
      } else {
        ++i;
      }
    }
    if (front_gone)
      activate(self, d);
  }
}

/// socket:connect/1 after a nowait connect's select_msg.
caf::result<sk_reply> on_connect_finish(self_ptr self) {
  auto& st = self->state;
  if (!st.connecting)
    return make_error(errc::einval);
  auto e = connect_state(st);
  if (e == errc::eagain)
    return make_error(errc::ealready);
  st.connecting = false;
  auto& q = st.dirs[writing].queue;
  if (!q.empty() && q.front().nowait && q.front().req.op == sk_op::connect) {
    pop_front(self, st.dirs[writing]);
    activate(self, writing);
  }
  if (e != errc::ok)
    return make_error(e);
  return sk_reply{};
}

void finish(self_ptr self) {
  auto& st = self->state;
  if (st.closed)
    return;
  st.closed = true;
  for (auto& dir : st.dirs) {
    for (auto& w : dir.queue) {
      if (w.nowait)
        self->send(w.caller,
                   sock::abort_msg{st.self_handle, w.handle, errc::closed});
      else
        w.rp.deliver(make_error(errc::closed));
    }
    dir.queue.clear();
  }
  st.os->close();
  if (st.rt != nullptr && st.otp.registered)
    st.rt->unregister_module_socket(self->address());
  self->quit(caf::exit_reason::normal);
}

caf::result<sk_reply> on_setopt(sock_state& st, const proto::sk_request& r) {
  if (auto e = sock::check_set(r.opt, r.val); e != errc::ok)
    return make_error(e);
  if (r.opt.level == sock::level::otp) {
    if (auto* t = std::get_if<sock::rcvbuf_reads>(&r.val)) {
      // The spec's rule (OTP 25 takes the tuple on any socket).
      auto proto = st.os->getopt({sock::level::socket, sock::name::protocol});
      if (st.type != sock::type::stream || !proto
          || !(*proto == sock::value{sock::protocol::tcp}))
        return make_error(errc::einval);
      st.otp.rcvbuf = t->size;
      st.otp.rcvbuf_count = t->count;
      return sk_reply{};
    }
    // `default`: OTP's 8192 for rcvbuf, 1024 for the control buffers.
    bool dflt = std::holds_alternative<sock::use_default_t>(r.val);
    auto v = dflt ? (r.opt.name == sock::name::rcvbuf
                       ? sock_otp_settings::default_rcvbuf
                       : static_cast<int>(sock::default_control_buffer))
                  : std::get<int>(r.val);
    switch (r.opt.name) {
      case sock::name::rcvctrlbuf:
        st.otp.rcvctrlbuf = v;
        break;
      case sock::name::sndctrlbuf:
        st.otp.sndctrlbuf = v;
        break;
      default:
        st.otp.rcvbuf = v;
        st.otp.rcvbuf_count = 0;
    }
    return sk_reply{};
  }
  if (auto e = st.os->setopt(r.opt, r.val); e != errc::ok)
    return make_error(e);
  return sk_reply{};
}

caf::result<sk_reply> on_getopt(sock_state& st, const proto::sk_request& r) {
  if (auto e = sock::check_get(r.opt); e != errc::ok)
    return make_error(e);
  sk_reply out;
  if (r.opt.level == sock::level::otp) {
    switch (r.opt.name) {
      case sock::name::rcvbuf:
        if (st.otp.rcvbuf_count > 0)
          out.val = sock::rcvbuf_reads{st.otp.rcvbuf_count, st.otp.rcvbuf};
        else
          out.val = st.otp.rcvbuf;
        break;
      case sock::name::rcvctrlbuf:
        out.val = st.otp.rcvctrlbuf;
        break;
      case sock::name::sndctrlbuf:
        out.val = st.otp.sndctrlbuf;
        break;
      default:
        out.val = st.otp.registered; // use_registry
    }
    return out;
  }
  auto v = st.os->getopt(r.opt);
  if (!v)
    return make_error(v.error());
  out.val = *v;
  return out;
}

caf::result<sk_reply> on_info(sock_state& st) {
  sk_reply out;
  auto& i = out.info;
  i.type = st.type;
  sock::option dom{sock::level::socket, sock::name::domain};
  sock::option pro{sock::level::socket, sock::name::protocol};
  if (auto d = st.os->getopt(dom); d && std::holds_alternative<sock::domain>(*d))
    i.domain = std::get<sock::domain>(*d);
  if (auto p = st.os->getopt(pro);
      p && std::holds_alternative<sock::protocol>(*p))
    i.protocol = std::get<sock::protocol>(*p);
  // Protocol number 0 (a local socket's): getopt says `default`, OTP 25's
  // info says `ip`.
  if (i.protocol == sock::protocol::default_)
    i.protocol = sock::protocol::ip;
  i.owner = st.owner.address();
  for (auto& w : st.dirs[reading].queue)
    ++(w.req.op == sk_op::accept ? i.num_acceptors : i.num_readers);
  i.num_writers = st.dirs[writing].queue.size();
  i.counters = st.stats;
  return out;
}

template <class F>
caf::result<sk_reply> address_reply(F f) {
  auto a = f();
  if (!a)
    return make_error(a.error());
  sk_reply out;
  out.addr = *a;
  return out;
}

caf::result<sk_reply> ok_or(errc e) {
  if (e != errc::ok)
    return make_error(e);
  return sk_reply{};
}

} // namespace

caf::behavior sock_socket(sock_actor* self, runtime* rt, os_socket_ptr os,
                          sock::type t, caf::actor owner,
                          sock_otp_settings otp) {
  auto& st = self->state;
  st.rt = rt;
  st.otp = otp;
  st.os = std::move(os);
  st.type = t;
  st.owner = std::move(owner);
  st.self_handle = sock::socket{caf::actor_cast<caf::actor>(self)};
  watch(self, st.owner);
  otpnet::detail::survive_unhandled_messages(self);
  self->set_down_handler([self](caf::down_msg& dm) {
    if (dm.source == self->state.owner.address())
      finish(self);
    else
      drop_caller(self, dm.source);
  });
  self->set_exit_handler([self](caf::exit_msg& em) {
    if (em.reason)
      finish(self);
  });
  return {
    [=](proto::sk_request& req) -> caf::result<sk_reply> {
      auto& st = self->state;
      if (st.closed)
        return make_error(errc::closed);
      if (is_io(req.op))
        return on_io(self, req);
      switch (req.op) {
        case sk_op::bind:
          return ok_or(st.os->bind(req.addr));
        case sk_op::listen:
          return ok_or(st.os->listen(req.number));
        case sk_op::connect_finish:
          return on_connect_finish(self);
        case sk_op::cancel:
          return on_cancel(self, req.info);
        case sk_op::close:
          finish(self);
          return sk_reply{};
        case sk_op::shutdown:
          return ok_or(st.os->shutdown(
            static_cast<os_socket::shutdown_how>(req.number)));
        case sk_op::sockname:
          return address_reply([&] { return st.os->sockname(); });
        case sk_op::peername:
          return address_reply([&] { return st.os->peername(); });
        case sk_op::setopt:
          return on_setopt(st, req);
        case sk_op::getopt:
          return on_getopt(st, req);
        case sk_op::owner: {
          if (caf::actor_cast<caf::actor>(self->current_sender())
              != st.owner)
            return make_error(errc::not_owner);
          if (!req.actor)
            return make_error(errc::badarg);
          unwatch(self, st.owner);
          st.owner = req.actor;
          watch(self, st.owner);
          return sk_reply{};
        }
        case sk_op::info:
          return on_info(st);
        default:
          return make_error(errc::einval);
      }
    },
    [=](proto::sk_ready& r) { on_ready(self, r); },
    [=](proto::sk_timeout& t) { on_timeout(self, t); },
  };
}

} // namespace otpnet
