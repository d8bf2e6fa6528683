#pragma once

#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

namespace otpnet::detail {

/// The name of a dedicated I/O thread (at most 15 characters).
inline constexpr const char* io_thread_name = "otpnet.io";

/// The Asio event loop and the threads that run it: `threads` dedicated
/// ones, or none and the scheduler's idle workers (`polled_by_workers`).
class io_engine {
public:
  io_engine(size_t threads, bool polled_by_workers);
  ~io_engine();

  boost::asio::io_context& context() noexcept {
    return ctx_;
  }

  /// True if the fair scheduler's workers run the event loop.
  bool polled_by_workers() const noexcept {
    return polled_by_workers_;
  }

  /// Lets the threads finish and joins them. Idempotent.
  void stop();

private:
  boost::asio::io_context ctx_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type>
    guard_;
  std::vector<std::thread> threads_;
  bool polled_by_workers_;
};

} // namespace otpnet::detail
