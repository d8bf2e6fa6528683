#pragma once

// What both fixtures do at the end of a test: print the recorded run if a
// check failed and no failure message showed it yet (or OTPNET_TRACE=1).

#include "otpnet/testing/trace.hpp"

namespace otpnet::testing::detail {

void print_trace_if_failed(const trace& log);

} // namespace otpnet::testing::detail
