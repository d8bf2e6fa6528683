#pragma once

#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

namespace otpnet::detail {

/// The Asio event loop and the threads that run it.
class io_engine {
public:
  explicit io_engine(size_t threads);
  ~io_engine();

  boost::asio::io_context& context() noexcept {
    return ctx_;
  }

  /// Lets the threads finish and joins them. Idempotent.
  void stop();

private:
  boost::asio::io_context ctx_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type>
    guard_;
  std::vector<std::thread> threads_;
};

} // namespace otpnet::detail
