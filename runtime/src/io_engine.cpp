#include "io_engine.hpp"

#include <pthread.h>

namespace otpnet::detail {

io_engine::io_engine(size_t threads, bool polled_by_workers)
  : guard_(ctx_.get_executor()), polled_by_workers_(polled_by_workers) {
  for (size_t i = 0; i < threads; ++i) {
    threads_.emplace_back([this] { ctx_.run(); });
    // A name that `top -H` and the tests can tell apart from CAF's; set
    // here, so that it holds as soon as the constructor returns.
    pthread_setname_np(threads_.back().native_handle(), io_thread_name);
  }
}

io_engine::~io_engine() {
  stop();
}

void io_engine::stop() {
  guard_.reset();
  ctx_.stop();
  for (auto& t : threads_)
    if (t.joinable())
      t.join();
  threads_.clear();
}

} // namespace otpnet::detail
