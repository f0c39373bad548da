#!/usr/bin/env bash
# Builds the libFuzzer target for the .npy reader with clang (ASan + UBSan) into build-fuzz and
# runs it for a fixed number of executions on a copy of the seed corpus tests/io/corpus.
#   bash scripts/fuzz.sh [runs=200000] [extra libFuzzer flags...]
# A crash leaves its input as build-fuzz/crash-* and fails the script; turn it into a
# regression test in tests/io before fixing.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-200000}"
shift || true
cmake -S fuzz -B build-fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ >/dev/null
cmake --build build-fuzz
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cp tests/io/corpus/*.npy "$WORK/"
cd build-fuzz
./npy_reader_fuzz -runs="$RUNS" -dict=../fuzz/npy.dict -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
  -print_final_stats=1 "$@" "$WORK" 2>&1 | tail -n 25
