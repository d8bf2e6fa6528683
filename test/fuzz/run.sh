#!/usr/bin/env bash
# Fuzzes one target for a while, then merges what it found into the
# committed corpus (only inputs that add coverage are kept).
# Usage: test/fuzz/run.sh packet_reader|http_reader|parse_address|options|i_args|cli [SECONDS] [JOBS]
# Needs clang (Debian: apt-get install clang). A crash leaves its input in
# build-fuzz/crash-* and stops the run: add it to the corpus once fixed.
set -euo pipefail
cd "$(dirname "$0")/../.."
target="$1"
seconds="${2:-60}"
jobs="${3:-1}"
cmake -S test/fuzz -B build-fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-fuzz --target "${target}_fuzzer"
corpus="test/fuzz/corpus/$target"
scratch="build-fuzz/scratch-$target"
mkdir -p "$corpus" "$scratch"
parallel=()
[ "$jobs" -gt 1 ] && parallel=(-jobs="$jobs" -workers="$jobs")
(cd build-fuzz && "./${target}_fuzzer" -max_total_time="$seconds" \
  -max_len=512 "${parallel[@]}" -print_final_stats=1 \
  "../$scratch" "../$corpus")
# Keep the committed corpus small: only the inputs that add coverage.
merged="build-fuzz/merged-$target"
rm -rf "$merged" && mkdir -p "$merged"
"build-fuzz/${target}_fuzzer" -merge=1 "$merged" "$corpus" "$scratch" \
  2>/dev/null
rm -rf "$corpus" && mv "$merged" "$corpus"
echo "$corpus: $(ls "$corpus" | wc -l) inputs"
