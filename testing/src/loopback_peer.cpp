#include "otpnet/testing/loopback_peer.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <deque>
#include <mutex>

#include "otpnet/testing/driver.hpp"
#include "otpnet/testing/trace.hpp"

namespace otpnet::testing {

struct loopback_peer::impl {
  std::mutex mtx;
  int fd = -1;
  std::string name;
  trace* log = nullptr;
  driver* drv = nullptr;
  std::deque<std::string> outbox; // one send() call per entry
  std::string inbox;
  bool reading = true;
  bool eof = false;
  bool reset = false;
  bool fin_pending = false;   // shutdown(write) once the outbox is empty
  bool close_pending = false; // close once the outbox is empty
  bool write_shut = false;

  ~impl() {
    if (fd >= 0)
      ::close(fd);
  }

  void note(const std::string& text) {
    if (log != nullptr)
      log->add(name, text);
  }

  // Expects mtx held.
  bool pump_locked() {
    bool moved = false;
    while (fd >= 0 && !outbox.empty()) {
      auto& chunk = outbox.front();
      auto n = ::send(fd, chunk.data(), chunk.size(),
                      MSG_DONTWAIT | MSG_NOSIGNAL);
      if (n < 0) {
        if (errno != EAGAIN && errno != EWOULDBLOCK) {
          note("send failed: errno " + std::to_string(errno));
          outbox.clear();
        }
        break;
      }
      moved = true;
      chunk.erase(0, static_cast<size_t>(n));
      if (chunk.empty())
        outbox.pop_front();
    }
    if (fd >= 0 && outbox.empty() && (fin_pending || close_pending)
        && !write_shut) {
      ::shutdown(fd, SHUT_WR);
      write_shut = true;
      fin_pending = false;
      moved = true;
    }
    if (fd >= 0 && outbox.empty() && close_pending) {
      ::close(fd);
      fd = -1;
      close_pending = false;
      return true;
    }
    while (fd >= 0 && reading && !eof) {
      char buf[65536];
      auto n = ::recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
      if (n > 0) {
        inbox.append(buf, static_cast<size_t>(n));
        note("received " + std::to_string(n) + " bytes "
             + printable(std::string_view{buf, static_cast<size_t>(n)}));
        moved = true;
        continue;
      }
      if (n == 0) {
        eof = true;
        note("received FIN");
        moved = true;
      } else if (errno == ECONNRESET) {
        eof = true;
        reset = true;
        note("received RST");
        moved = true;
      }
      break;
    }
    return moved;
  }
};

loopback_peer::loopback_peer(int fd, std::string name, trace* log,
                             driver* drv)
  : impl_(std::make_shared<impl>()) {
  impl_->fd = fd;
  impl_->name = std::move(name);
  impl_->log = log;
  impl_->drv = drv;
}

const std::string& loopback_peer::name() const {
  return impl_->name;
}

void loopback_peer::send(std::string_view bytes) {
  send_split(bytes, {});
}

void loopback_peer::send_split(std::string_view bytes,
                               const std::vector<size_t>& offsets) {
  std::lock_guard<std::mutex> guard{impl_->mtx};
  impl_->note("sends " + std::to_string(bytes.size()) + " bytes "
              + printable(bytes)
              + (offsets.empty() ? "" : " in pieces"));
  size_t from = 0;
  for (auto cut : offsets) {
    if (cut <= from || cut >= bytes.size())
      continue;
    impl_->outbox.emplace_back(bytes.substr(from, cut - from));
    from = cut;
  }
  if (from < bytes.size())
    impl_->outbox.emplace_back(bytes.substr(from));
  impl_->pump_locked();
}

void loopback_peer::send_bytewise(std::string_view bytes) {
  std::vector<size_t> cuts;
  for (size_t i = 1; i < bytes.size(); ++i)
    cuts.push_back(i);
  send_split(bytes, cuts);
}

void loopback_peer::shutdown_write() {
  std::lock_guard<std::mutex> guard{impl_->mtx};
  impl_->note("shutdown(write): FIN");
  impl_->fin_pending = true;
  impl_->pump_locked();
}

void loopback_peer::close() {
  std::lock_guard<std::mutex> guard{impl_->mtx};
  impl_->note("close: FIN");
  impl_->close_pending = true;
  impl_->pump_locked();
}

void loopback_peer::reset() {
  std::lock_guard<std::mutex> guard{impl_->mtx};
  impl_->note("reset: RST");
  if (impl_->fd < 0)
    return;
  ::linger lg{1, 0};
  ::setsockopt(impl_->fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
  ::close(impl_->fd);
  impl_->fd = -1;
  impl_->outbox.clear();
}

std::string loopback_peer::read(size_t max) {
  std::lock_guard<std::mutex> guard{impl_->mtx};
  impl_->pump_locked();
  auto n = std::min(max, impl_->inbox.size());
  auto out = impl_->inbox.substr(0, n);
  impl_->inbox.erase(0, n);
  if (n > 0)
    impl_->note("reads " + std::to_string(n) + " bytes " + printable(out));
  return out;
}

size_t loopback_peer::available() const {
  std::lock_guard<std::mutex> guard{impl_->mtx};
  impl_->pump_locked();
  return impl_->inbox.size();
}

bool loopback_peer::eof() const {
  std::lock_guard<std::mutex> guard{impl_->mtx};
  impl_->pump_locked();
  return impl_->eof;
}

bool loopback_peer::was_reset() const {
  std::lock_guard<std::mutex> guard{impl_->mtx};
  impl_->pump_locked();
  return impl_->reset;
}

void loopback_peer::stop_reading(size_t window) {
  std::lock_guard<std::mutex> guard{impl_->mtx};
  impl_->note("stops reading (window: the kernel's, asked "
              + std::to_string(window) + " bytes)");
  impl_->reading = false;
}

void loopback_peer::resume_reading() {
  std::lock_guard<std::mutex> guard{impl_->mtx};
  impl_->note("reads again");
  impl_->reading = true;
  impl_->pump_locked();
}

driver* loopback_peer::get_driver() const noexcept {
  return impl_->drv;
}

void loopback_peer::set_driver(driver* drv) noexcept {
  impl_->drv = drv;
}

bool loopback_peer::pump() {
  std::lock_guard<std::mutex> guard{impl_->mtx};
  return impl_->pump_locked();
}

int loopback_peer::fd() const {
  std::lock_guard<std::mutex> guard{impl_->mtx};
  return impl_->fd;
}

} // namespace otpnet::testing
