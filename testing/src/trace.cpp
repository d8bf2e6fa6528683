#include "otpnet/testing/trace.hpp"

#include <cstdio>

#include "otpnet/testing/driver.hpp"

namespace otpnet::testing {

driver::~driver() = default;

void trace::add(std::string_view source, std::string_view text) {
  std::lock_guard<std::mutex> guard{mtx_};
  std::string line = "[" + std::to_string(lines_.size() + 1) + "] ";
  line += source;
  line += ": ";
  line += text;
  lines_.push_back(std::move(line));
  changed_.notify_all();
}

void trace::wait_for_change(size_t seen,
                            std::chrono::milliseconds max) const {
  std::unique_lock<std::mutex> guard{mtx_};
  changed_.wait_for(guard, max, [&] { return lines_.size() != seen; });
}

size_t trace::size() const {
  std::lock_guard<std::mutex> guard{mtx_};
  return lines_.size();
}

std::vector<std::string> trace::lines() const {
  std::lock_guard<std::mutex> guard{mtx_};
  return lines_;
}

std::string trace::dump(size_t max_lines) const {
  std::lock_guard<std::mutex> guard{mtx_};
  dumped_ = true;
  std::string out;
  size_t first = 0;
  if (lines_.size() > max_lines) {
    first = lines_.size() - max_lines;
    out += "  ... " + std::to_string(first) + " earlier entries left out\n";
  }
  for (size_t i = first; i < lines_.size(); ++i) {
    out += "  ";
    out += lines_[i];
    out += '\n';
  }
  return out;
}

bool trace::dumped() const {
  std::lock_guard<std::mutex> guard{mtx_};
  return dumped_;
}

void trace::clear() {
  std::lock_guard<std::mutex> guard{mtx_};
  lines_.clear();
}

std::string printable(std::string_view bytes, size_t max) {
  std::string out = "\"";
  size_t n = bytes.size() < max ? bytes.size() : max;
  for (size_t i = 0; i < n; ++i) {
    auto c = static_cast<unsigned char>(bytes[i]);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "\\x%02x", c);
      out += buf;
    }
  }
  out += '"';
  if (n < bytes.size())
    out += "...(" + std::to_string(bytes.size()) + " bytes)";
  return out;
}

} // namespace otpnet::testing
