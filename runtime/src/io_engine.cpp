#include "io_engine.hpp"

namespace otpnet::detail {

io_engine::io_engine(size_t threads, bool polled_by_workers)
  : guard_(ctx_.get_executor()), polled_by_workers_(polled_by_workers) {
  for (size_t i = 0; i < threads; ++i)
    threads_.emplace_back([this] { ctx_.run(); });
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
