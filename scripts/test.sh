#!/usr/bin/env bash
# Builds otpnet with warnings as errors and runs every test suite, then
# the same suites built with AddressSanitizer + UBSan.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DOTPNET_WERROR=ON
bash tools/check_layers.sh
status=0
(cd build && ctest --output-on-failure -j 2) || status=1
bash scripts/summarize_tests.sh build
[ $status -eq 0 ] || exit 1

if [ "${OTPNET_SKIP_SANITIZERS:-0}" != 1 ]; then
  bash scripts/setup.sh build-asan -DCMAKE_BUILD_TYPE=Debug -DOTPNET_WERROR=ON \
    "-DOTPNET_SANITIZE=address;undefined"
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  (cd build-asan && ctest --output-on-failure -j 2) || status=1
  echo "ASan+UBSan: $(bash scripts/summarize_tests.sh build-asan)"
  [ $status -eq 0 ] || exit 1
fi
