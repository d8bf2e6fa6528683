#include "support/allocation_probe.hpp"

#include <atomic>
#include <cstdlib>
#include <new>

namespace {

std::atomic<bool> armed{false};
std::atomic<std::size_t> largest_seen{0};
std::atomic<std::size_t> calls{0};

} // namespace

// Replacing these two is enough: the array, nothrow and sized forms of the
// standard library forward to them. Aligned forms are left alone.
void* operator new(std::size_t n) {
  if (armed.load(std::memory_order_relaxed)) {
    calls.fetch_add(1, std::memory_order_relaxed);
    auto prev = largest_seen.load(std::memory_order_relaxed);
    while (n > prev
           && !largest_seen.compare_exchange_weak(prev, n,
                                                  std::memory_order_relaxed))
      ; // retry
  }
  if (void* p = std::malloc(n != 0 ? n : 1))
    return p;
  throw std::bad_alloc{};
}

void operator delete(void* p) noexcept {
  std::free(p);
}

void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}

namespace otpnet::test {

allocation_probe::allocation_probe() {
  largest_seen.store(0);
  calls.store(0);
  armed.store(true);
}

allocation_probe::~allocation_probe() {
  armed.store(false);
}

std::size_t allocation_probe::largest() const {
  return largest_seen.load();
}

std::size_t allocation_probe::count() const {
  return calls.load();
}

} // namespace otpnet::test
