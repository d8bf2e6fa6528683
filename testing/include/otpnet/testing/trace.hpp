// The recorded run of a test: one ordered log of everything the kit saw
// (transport events of the simulated network, what peers did, every message
// a probe received and every call it made). A failing expectation prints it,
// so the reader sees the whole story that led to the failure.
//
// Thread safety: all member functions may be called from any thread (probes
// record from actor threads over real loopback).

#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace otpnet::testing {

class trace {
public:
  /// Appends "[N] source: text".
  void add(std::string_view source, std::string_view text);

  /// Number of entries so far (a cheap "did anything happen" counter).
  size_t size() const;

  std::vector<std::string> lines() const;

  /// Every entry, one per line, in order; at most `max_lines` (the last
  /// ones) with a note on how many were left out.
  std::string dump(size_t max_lines = 400) const;

  /// Waits at most `max` until size() differs from `seen`.
  void wait_for_change(size_t seen, std::chrono::milliseconds max) const;

  /// True once dump() was called (a failure message showed the trace).
  bool dumped() const;

  void clear();

private:
  mutable std::mutex mtx_;
  mutable std::condition_variable changed_;
  std::vector<std::string> lines_;
  mutable bool dumped_ = false;
};

/// Renders bytes for a trace or a failure message: printable ASCII as is,
/// others as \xNN, cut after `max` bytes with the total size.
std::string printable(std::string_view bytes, size_t max = 48);

} // namespace otpnet::testing
