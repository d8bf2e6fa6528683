#include "otpnet/net/binary.hpp"
#include "otpnet/net/thread_block_cache.hpp"

#include <algorithm>
#include <cstring>
#include <limits>
#include <mutex>
#include <new>
#include <stdexcept>
#include <utility>

namespace otpnet {

namespace {

using detail::binary_block;

// A copied binary is one allocation: the header, the bytes, then a NUL. The
// NUL (one byte) keeps a whole buffer terminated as std::string kept it, so
// code that wrongly reads data() as a C string cannot run off the block.
constexpr std::size_t header_size = sizeof(binary_block);

char* bytes_of(binary_block* b) noexcept {
  return reinterpret_cast<char*>(b) + header_size;
}

// An adopted binary: the block owns the moved string, whose heap buffer the
// binary points into (moving a long std::string keeps its buffer).
struct string_block : binary_block {
  explicit string_block(std::string&& s) : str(std::move(s)) {
    adopted = true;
  }
  std::string str;
};

// Strings up to this size are copied rather than adopted: a bytes block
// costs the same one allocation, frees the string's buffer at once and
// keeps the bytes next to the count.
constexpr std::size_t adopt_threshold = 64;

// Small blocks (a small read, a packet copied out of one) are made and
// dropped once per packet: they come from per-thread caches of two sizes
// rather than from malloc (see net/thread_block_cache.hpp).
using small_blocks = net::thread_block_cache<128, 256>;
using medium_blocks = net::thread_block_cache<256, 128>;

void* take_block(std::size_t bytes, uint8_t& cached) {
  if (bytes <= small_blocks::block_size) {
    cached = 1;
    return small_blocks::take();
  }
  if (bytes <= medium_blocks::block_size) {
    cached = 2;
    return medium_blocks::take();
  }
  cached = 0;
  return ::operator new(bytes);
}

void give_block(void* p, uint8_t cached) noexcept {
  if (cached == 1)
    small_blocks::give(p);
  else if (cached == 2)
    medium_blocks::give(p);
  else
    ::operator delete(p);
}

} // namespace

binary::binary(std::string s) {
  if (s.size() <= adopt_threshold) {
    *this = copy_of(s.data(), s.size());
    return;
  }
  auto* b = new string_block{std::move(s)};
  buf_ = b;
  data_ = b->str.data();
  size_ = b->str.size();
}

binary::binary(std::string_view s) : binary(copy_of(s.data(), s.size())) {
  // nop
}

binary::binary(const char* s)
  : binary(s != nullptr ? std::string_view{s} : std::string_view{}) {
  // nop
}

binary binary::allocate(std::size_t n, char*& bytes) {
  bytes = nullptr;
  if (n == 0)
    return binary{};
  if (n > std::numeric_limits<std::size_t>::max() - header_size - 1)
    throw std::length_error{"otpnet::binary: size too large"};
  uint8_t cached = 0;
  auto* block = take_block(header_size + n + 1, cached);
  auto* b = new (block) binary_block{};
  b->cached = cached;
  bytes = bytes_of(b);
  bytes[n] = '\0';
  return binary{b, bytes, n};
}

binary binary::copy_of(const void* data, std::size_t n) {
  if (data == nullptr || n == 0)
    return binary{};
  char* bytes = nullptr;
  auto result = allocate(n, bytes);
  std::memcpy(bytes, data, n);
  return result;
}

binary binary::copy_small(const void* data, std::size_t n) {
  if (data == nullptr || n == 0)
    return binary{};
  if (n > small_copy_max)
    return copy_of(data, n);
  // This thread's shared buffer: `whole` covers all of it and holds one
  // reference; the bytes past `used` are written only here and belong to
  // no binary yet, so readers of earlier slices on other threads never
  // race with these writes.
  constexpr std::size_t capacity = 256;
  struct arena {
    binary whole;
    std::size_t used = capacity;
  };
  thread_local arena a;
  if (a.used + n > capacity) {
    auto* b = new (::operator new(header_size + capacity)) binary_block{};
    a.whole = binary{b, bytes_of(b), capacity}; // drops the old buffer
    a.used = 0;
  }
  char* dst = bytes_of(a.whole.buf_) + a.used;
  std::memcpy(dst, data, n);
  a.used += n;
  a.whole.buf_->refs.fetch_add(1, std::memory_order_relaxed);
  return binary{a.whole.buf_, dst, n};
}

namespace {

/// The free pooled_size buffers. Never destroyed (a binary may outlive
/// static destruction); the blocks it holds stay reachable through it.
struct block_pool {
  static constexpr std::size_t capacity = 32; // 2 MiB at most

  std::mutex mtx;
  binary_block* free[capacity];
  std::size_t count = 0;

  static block_pool& instance() {
    static auto* pool = new block_pool;
    return *pool;
  }

  binary_block* take() {
    std::lock_guard<std::mutex> guard{mtx};
    return count > 0 ? free[--count] : nullptr;
  }

  bool give(binary_block* b) {
    std::lock_guard<std::mutex> guard{mtx};
    if (count == capacity)
      return false;
    free[count++] = b;
    return true;
  }
};

} // namespace

binary binary::allocate_pooled(char*& bytes) {
  auto* b = block_pool::instance().take();
  if (b == nullptr)
    b = static_cast<binary_block*>(::operator new(header_size + pooled_size
                                                  + 1));
  b = new (b) binary_block{};
  b->pooled = true;
  bytes = bytes_of(b);
  bytes[pooled_size] = '\0';
  return binary{b, bytes, pooled_size};
}

void binary::destroy(binary_block* b) noexcept {
  if (b->pooled) {
    b->~binary_block();
    if (!block_pool::instance().give(b))
      ::operator delete(b);
  } else if (b->adopted) {
    delete static_cast<string_block*>(b);
  } else {
    auto cached = b->cached;
    b->~binary_block();
    give_block(b, cached);
  }
}

binary binary::slice(std::size_t offset, std::size_t len) const {
  offset = std::min(offset, size_);
  len = std::min(len, size_ - offset);
  if (len == 0)
    return binary{}; // don't keep a big buffer alive for nothing
  binary out{*this}; // shares the block: one more reference
  out.data_ += offset;
  out.size_ = len;
  return out;
}

} // namespace otpnet
