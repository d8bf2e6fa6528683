#include "blocking_pool.hpp"

#include <algorithm>
#include <utility>

namespace otpnet::detail {

blocking_pool::blocking_pool(size_t max_threads)
  : max_(std::max<size_t>(1, max_threads)) {
}

blocking_pool::~blocking_pool() {
  {
    std::lock_guard<std::mutex> guard{mtx_};
    stopping_ = true;
  }
  cv_.notify_all();
  for (auto& t : threads_)
    t.join();
}

void blocking_pool::post(std::function<void()> job) {
  std::unique_lock<std::mutex> guard{mtx_};
  jobs_.push_back(std::move(job));
  // A thread more only when every started one is busy: idle ones take it.
  if (idle_ < jobs_.size() && threads_.size() < max_) {
    try {
      threads_.emplace_back([this] { run(); });
      return;
    } catch (...) {
      // No thread to be had: the started ones get to it, if any.
      if (threads_.empty()) {
        jobs_.pop_back();
        throw;
      }
    }
  }
  guard.unlock();
  cv_.notify_one();
}

size_t blocking_pool::threads() const {
  std::lock_guard<std::mutex> guard{mtx_};
  return threads_.size();
}

void blocking_pool::run() {
  std::unique_lock<std::mutex> guard{mtx_};
  for (;;) {
    ++idle_;
    cv_.wait(guard, [this] { return stopping_ || !jobs_.empty(); });
    --idle_;
    if (jobs_.empty())
      return; // stopping, nothing left to run
    auto job = std::move(jobs_.front());
    jobs_.pop_front();
    guard.unlock();
    job();
    guard.lock();
  }
}

} // namespace otpnet::detail
