#include "otpnet/net/binary.hpp"

#include <algorithm>
#include <cstring>
#include <utility>

namespace otpnet {

namespace {

// Every empty binary points here, so data() is never null.
constexpr char empty_bytes[] = "";

} // namespace

binary::binary() noexcept : data_(empty_bytes), size_(0) {
  // nop
}

binary::binary(std::shared_ptr<const std::string> buf, const char* data,
               std::size_t size) noexcept
  : buf_(std::move(buf)), data_(data), size_(size) {
  // nop
}

binary::binary(std::string s) : binary() {
  if (s.empty())
    return;
  buf_ = std::make_shared<const std::string>(std::move(s));
  data_ = buf_->data();
  size_ = buf_->size();
}

binary::binary(std::string_view s) : binary(std::string{s}) {
  // nop
}

binary::binary(const char* s)
  : binary(s != nullptr ? std::string_view{s} : std::string_view{}) {
  // nop
}

binary binary::copy_of(const void* data, std::size_t n) {
  if (data == nullptr || n == 0)
    return binary{};
  return binary{std::string{static_cast<const char*>(data), n}};
}

binary binary::slice(std::size_t offset, std::size_t len) const {
  offset = std::min(offset, size_);
  len = std::min(len, size_ - offset);
  if (len == 0)
    return binary{}; // don't keep a big buffer alive for nothing
  return binary{buf_, data_ + offset, len};
}

} // namespace otpnet
