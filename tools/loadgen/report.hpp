// loadgen's output: a few human lines, then one line of JSON that scripts
// parse (bench/compare). Both go to stdout.

#pragma once

#include "options.hpp"
#include "stats.hpp"

namespace loadgen {

/// `seconds` is the measured window actually run (hold: the time held).
void print_report(const options& opts, const std::string& target,
                  const stats& s, double seconds);

} // namespace loadgen
