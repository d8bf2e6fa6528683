// What one event loop counted; merged across loops at the end.
//
// Thread safety: none; one per event loop, merged after they are joined.

#pragma once

#include <cstdint>

#include "histogram.hpp"

namespace loadgen {

struct error_counts {
  uint64_t connect = 0;  // connect refused or failed
  uint64_t timeout = 0;  // connect or awaited echo took longer than 5 s
  uint64_t closed = 0;   // the server closed or reset a connection
  uint64_t mismatch = 0; // an echoed byte differed from the one sent
  uint64_t io = 0;       // any other socket error

  uint64_t total() const noexcept {
    return connect + timeout + closed + mismatch + io;
  }

  void merge(const error_counts& o) noexcept {
    connect += o.connect;
    timeout += o.timeout;
    closed += o.closed;
    mismatch += o.mismatch;
    io += o.io;
  }
};

struct stats {
  uint64_t requests = 0;  // completed in the measured window
  uint64_t bytes = 0;     // payload echoed (push: wire bytes sent)
  log_histogram latency;  // nanoseconds
  error_counts errors;    // over the whole run, warm-up included
  uint64_t held = 0;      // connections open at the end (hold: held)
  uint64_t read_back = 0; // push --read-after: bytes read back and verified
  uint64_t blocked = 0;   // push: connections whose last write would block
  double open_seconds = 0; // hold: time to open them all

  void merge(const stats& o) noexcept {
    requests += o.requests;
    bytes += o.bytes;
    latency.merge(o.latency);
    errors.merge(o.errors);
    held += o.held;
    read_back += o.read_back;
    blocked += o.blocked;
    if (o.open_seconds > open_seconds)
      open_seconds = o.open_seconds;
  }
};

} // namespace loadgen
