// A log-linear latency histogram in the manner of HdrHistogram: 128 linear
// sub-buckets per power of two, so every recorded value is known to within
// 1/128 (0.8 %). Its storage is allocated once; record() never allocates.
//
// Thread safety: none; each event loop owns one and they are merged after.

#pragma once

#include <cstdint>
#include <vector>

namespace loadgen {

class log_histogram {
public:
  static constexpr int sub_bits = 7;
  static constexpr int sub_count = 1 << sub_bits;
  static constexpr int bucket_count = (64 - sub_bits + 1) * sub_count;

  log_histogram() : counts_(bucket_count, 0) {
  }

  void record(uint64_t value) noexcept {
    ++counts_[index_of(value)];
    ++total_;
    if (value > max_)
      max_ = value;
  }

  void reset() noexcept {
    counts_.assign(counts_.size(), 0);
    total_ = 0;
    max_ = 0;
  }

  void merge(const log_histogram& other) noexcept {
    for (std::size_t i = 0; i < counts_.size(); ++i)
      counts_[i] += other.counts_[i];
    total_ += other.total_;
    if (other.max_ > max_)
      max_ = other.max_;
  }

  uint64_t count() const noexcept {
    return total_;
  }

  uint64_t max() const noexcept {
    return max_;
  }

  /// The value at quantile q (0 < q <= 1): the highest value equivalent to
  /// the bucket holding it, never above the largest value recorded; 0 when
  /// empty.
  uint64_t quantile(double q) const noexcept {
    if (total_ == 0)
      return 0;
    auto rank = static_cast<uint64_t>(q * static_cast<double>(total_) + 0.999999);
    if (rank < 1)
      rank = 1;
    if (rank > total_)
      rank = total_;
    uint64_t seen = 0;
    for (int i = 0; i < bucket_count; ++i) {
      seen += counts_[static_cast<std::size_t>(i)];
      if (seen >= rank) {
        uint64_t v = highest_equivalent(i);
        return v < max_ ? v : max_;
      }
    }
    return max_;
  }

  static int index_of(uint64_t v) noexcept {
    if (v < static_cast<uint64_t>(sub_count))
      return static_cast<int>(v);
    int msb = 63 - __builtin_clzll(v);
    int shift = msb - sub_bits;
    auto mantissa = static_cast<int>(v >> shift); // in [128, 256)
    return (shift + 1) * sub_count + (mantissa - sub_count);
  }

  static uint64_t highest_equivalent(int index) noexcept {
    if (index < sub_count)
      return static_cast<uint64_t>(index);
    int shift = index / sub_count - 1;
    auto mantissa = static_cast<uint64_t>(sub_count + index % sub_count);
    return ((mantissa + 1) << shift) - 1;
  }

private:
  std::vector<uint64_t> counts_;
  uint64_t total_ = 0;
  uint64_t max_ = 0;
};

} // namespace loadgen
