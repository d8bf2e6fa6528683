// The libFuzzer entry point of one target, chosen at compile time with
// -DOTPNET_FUZZ_TARGET=<function> (test/fuzz/CMakeLists.txt).

#include <cstdio>
#include <cstdlib>

#include "fuzz/fuzz_input.hpp"
#include "fuzz/fuzz_targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  try {
    otpnet::fuzz::OTPNET_FUZZ_TARGET(data, size);
  } catch (const otpnet::fuzz::property_violation& e) {
    std::fprintf(stderr, "property violated: %s\n", e.what());
    std::abort();
  }
  return 0;
}
