#!/usr/bin/env bash
# Prints "N passed, M failed" over every Boost.Test case of the last ctest
# run in BUILD_DIR; a ctest test without Boost cases counts as one.
set -euo pipefail
log="$1/Testing/Temporary/LastTest.log"
awk '
  /test cases? out of [0-9]+ passed/  { p += $1; seen = 1; next }
  /test cases? out of [0-9]+ (failed|aborted)/ { f += $1; seen = 1; bad = 1; next }
  /^Test Passed\./ { if (!seen) p++; seen = 0; bad = 0 }
  /^Test Failed\./ { if (!seen || !bad) f++; seen = 0; bad = 0 }
  END { printf "%d passed, %d failed\n", p, f }' "$log"
