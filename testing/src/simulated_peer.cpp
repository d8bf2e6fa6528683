#include "otpnet/testing/simulated_peer.hpp"

#include "sim_core.hpp"

namespace otpnet::testing {

using detail::segment;

simulated_peer::simulated_peer(std::shared_ptr<detail::core> net,
                               std::shared_ptr<detail::connection> conn,
                               int side, driver* drv)
  : net_(std::move(net)), conn_(std::move(conn)), side_(side), drv_(drv) {
  // nop
}

const std::string& simulated_peer::name() const {
  return conn_->side[side_].name;
}

void simulated_peer::send(std::string_view bytes) {
  send_segments(bytes, {}, "sends");
}

void simulated_peer::send_split(std::string_view bytes,
                                const std::vector<size_t>& offsets) {
  send_segments(bytes, offsets, "sends split");
}

void simulated_peer::send_bytewise(std::string_view bytes) {
  std::vector<size_t> cuts;
  for (size_t i = 1; i < bytes.size(); ++i)
    cuts.push_back(i);
  send_segments(bytes, cuts, "sends byte by byte");
}

void simulated_peer::send_segments(std::string_view bytes,
                                   const std::vector<size_t>& cuts,
                                   const char* how) {
  std::lock_guard<std::mutex> guard{net_->mtx};
  auto& me = conn_->side[side_];
  if (me.closed || me.write_shut) {
    net_->violation(me.name + " sends after its close or shutdown");
    return;
  }
  std::string text = std::string{how} + " " + std::to_string(bytes.size())
                     + " bytes " + printable(bytes);
  if (!cuts.empty() && cuts.size() < 16) {
    text += " at";
    for (auto c : cuts)
      text += " " + std::to_string(c);
  }
  net_->note(me.name, text);
  auto& other = conn_->side[1 - side_];
  if (other.closed) {
    net_->note(me.name, "  (dropped: " + other.name + " is closed)");
    return;
  }
  size_t from = 0;
  for (auto cut : cuts) {
    if (cut <= from || cut >= bytes.size())
      continue;
    net_->deliver(conn_, 1 - side_,
                  segment{segment::data,
                          std::string{bytes.substr(from, cut - from)}});
    from = cut;
  }
  net_->deliver(conn_, 1 - side_,
                segment{segment::data, std::string{bytes.substr(from)}});
}

void simulated_peer::shutdown_write() {
  std::lock_guard<std::mutex> guard{net_->mtx};
  auto& me = conn_->side[side_];
  if (me.write_shut)
    return;
  me.write_shut = true;
  net_->note(me.name, "shutdown(write): FIN");
  if (!conn_->side[1 - side_].closed)
    net_->deliver(conn_, 1 - side_, segment{segment::fin, {}});
}

void simulated_peer::close() {
  std::lock_guard<std::mutex> guard{net_->mtx};
  auto& me = conn_->side[side_];
  if (me.closed)
    return;
  net_->note(me.name, "close: FIN");
  net_->close_side(conn_, side_, false);
  me.inbox.clear();
  me.inbox_bytes = 0;
  // Writes stalled on this peer's window are dropped, not stuck forever.
  net_->pump_write(conn_, 1 - side_);
}

void simulated_peer::reset() {
  std::lock_guard<std::mutex> guard{net_->mtx};
  auto& me = conn_->side[side_];
  if (me.closed)
    return;
  net_->note(me.name, "reset: RST");
  net_->close_side(conn_, side_, true);
  me.inbox.clear();
  me.inbox_bytes = 0;
}

std::string simulated_peer::read(size_t max) {
  std::lock_guard<std::mutex> guard{net_->mtx};
  auto& me = conn_->side[side_];
  std::string out;
  while (out.size() < max && !me.inbox.empty()
         && me.inbox.front().kind == segment::data) {
    auto& seg = me.inbox.front();
    auto n = std::min(max - out.size(), seg.bytes.size());
    out.append(seg.bytes, 0, n);
    seg.bytes.erase(0, n);
    if (seg.bytes.empty())
      me.inbox.pop_front();
  }
  me.inbox_bytes -= out.size();
  if (!out.empty()) {
    net_->note(me.name, "reads " + std::to_string(out.size()) + " bytes "
                          + printable(out));
    net_->pump_write(conn_, 1 - side_);
  }
  return out;
}

size_t simulated_peer::available() const {
  std::lock_guard<std::mutex> guard{net_->mtx};
  return conn_->side[side_].inbox_bytes;
}

bool simulated_peer::eof() const {
  std::lock_guard<std::mutex> guard{net_->mtx};
  for (auto& seg : conn_->side[side_].inbox)
    if (seg.kind == segment::fin || seg.kind == segment::rst)
      return true;
  return false;
}

bool simulated_peer::was_reset() const {
  std::lock_guard<std::mutex> guard{net_->mtx};
  return conn_->side[side_].reset_by_other;
}

void simulated_peer::stop_reading(size_t window) {
  std::lock_guard<std::mutex> guard{net_->mtx};
  auto& me = conn_->side[side_];
  me.window = window;
  net_->note(me.name, "stops reading (window " + std::to_string(window)
                        + " bytes)");
}

void simulated_peer::resume_reading() {
  std::lock_guard<std::mutex> guard{net_->mtx};
  auto& me = conn_->side[side_];
  me.window = detail::unbounded;
  net_->note(me.name, "reads again");
  net_->pump_write(conn_, 1 - side_);
}

void simulated_peer::fail_next_read(errc e) {
  std::lock_guard<std::mutex> guard{net_->mtx};
  auto& actor = conn_->side[1 - side_];
  net_->note(conn_->side[side_].name, "makes the next read of " + actor.name
                                        + " (after the bytes sent so far) "
                                          "fail with "
                                        + std::string{to_atom(e)});
  net_->deliver(conn_, 1 - side_, segment{segment::error, {}, e});
}

void simulated_peer::fail_next_write(errc e) {
  std::lock_guard<std::mutex> guard{net_->mtx};
  auto& actor = conn_->side[1 - side_];
  net_->note(conn_->side[side_].name, "makes the next write of " + actor.name
                                        + " fail with "
                                        + std::string{to_atom(e)});
  if (actor.write && !actor.write->scheduled) {
    actor.write->outcome = e;
    actor.write->scheduled = true;
    net_->post(actor.name + " write fails",
               [net = net_, c = conn_, i = 1 - side_] {
                 net->complete_write(c, i);
               });
    return;
  }
  actor.fail_write = e;
}

size_t simulated_peer::unread_by_actor() const {
  std::lock_guard<std::mutex> guard{net_->mtx};
  return conn_->side[1 - side_].inbox_bytes;
}

} // namespace otpnet::testing
