#include "failure_report.hpp"

#include <cstdlib>
#include <iostream>

#include <boost/test/results_collector.hpp>
#include <boost/test/unit_test.hpp>

namespace otpnet::testing::detail {

namespace {

/// True if a check of the running test case has failed so far.
bool current_test_failed() {
  namespace ut = boost::unit_test;
  auto id = ut::framework::current_test_case().p_id;
  return ut::results_collector.results(id).p_assertions_failed > 0;
}

bool trace_always() {
  auto* env = std::getenv("OTPNET_TRACE");
  return env != nullptr && *env != '\0' && *env != '0';
}

} // namespace

void print_trace_if_failed(const trace& log) {
  if (trace_always() || (current_test_failed() && !log.dumped()))
    std::cerr << "---- otpnet trace of "
              << boost::unit_test::framework::current_test_case().full_name()
              << " ----\n"
              << log.dump(100000) << std::flush;
}

} // namespace otpnet::testing::detail
