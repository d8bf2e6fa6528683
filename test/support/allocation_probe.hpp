// Records the largest single heap allocation made while a probe is alive,
// so tests can prove that code never allocates an announced length.
// Implemented by replacing the global operator new in allocation_probe.cpp.

#pragma once

#include <cstddef>

namespace otpnet::test {

class allocation_probe {
public:
  allocation_probe();
  ~allocation_probe();

  allocation_probe(const allocation_probe&) = delete;
  allocation_probe& operator=(const allocation_probe&) = delete;

  /// The largest size passed to operator new since construction.
  std::size_t largest() const;

  /// How many times operator new was called since construction.
  std::size_t count() const;
};

} // namespace otpnet::test
