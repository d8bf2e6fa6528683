#pragma once

// Threads for blocking OS calls (resolver lookups) that event-based actors
// must not make on a scheduler worker. Bounded, as OTP's inet_gethost
// workers are: a burst of lookups queues instead of starting a thread each,
// and one slow name delays only the lookups queued behind a busy pool.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace otpnet::detail {

class blocking_pool {
public:
  /// At most `max_threads` (at least one) threads, started as jobs need
  /// them and kept until the pool goes.
  explicit blocking_pool(size_t max_threads);
  blocking_pool(const blocking_pool&) = delete;
  blocking_pool& operator=(const blocking_pool&) = delete;

  /// Runs the jobs still queued, then joins the threads.
  ~blocking_pool();

  /// Queues `job`; a free thread runs it, in the order posted.
  void post(std::function<void()> job);

  /// Threads started so far.
  size_t threads() const;

private:
  void run();

  const size_t max_;
  mutable std::mutex mtx_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> jobs_;
  std::vector<std::thread> threads_;
  size_t idle_ = 0;
  bool stopping_ = false;
};

} // namespace otpnet::detail
