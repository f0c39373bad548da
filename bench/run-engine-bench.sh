#!/usr/bin/env bash
# The engine benchmark, all of it: n = 512 x 2000 shifts and n = 256 x 50 000 shifts
# against the direct loop, SLICOT TB05AD and NumPy, then the memory check (projection, 10^6
# shifts at n = 256, peak RSS). Prints one JSON object; BUILD_DIR defaults to ./build.
#   bench/run-engine-bench.sh [BUILD_DIR]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build}"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" --target bench_engine_vs_peers -j"$(nproc)" >/dev/null
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
"$root/bench/engine/bench_engine_vs_peers.sh" "$build" 512 2000 --direct-subset 8 >"$out/n512.json"
"$root/bench/engine/bench_engine_vs_peers.sh" "$build" 256 50000 --direct-subset 8 \
  --slicot-subset 2000 --repeats 2 >"$out/n256.json"
# Separate process so the peak RSS is the projection sweep's own.
"$build/bench/engine/bench_engine_vs_peers" --memory-check --n 256 --shifts 1000000 --rows 4 \
  >"$out/memory.json"
/usr/bin/python3 - "$out" <<'PY'
import json, sys
d = sys.argv[1]
merged = {"n512_k2000": json.load(open(f"{d}/n512.json")),
          "n256_k50000": json.load(open(f"{d}/n256.json"))}
merged.update(json.load(open(f"{d}/memory.json")))
print(json.dumps(merged, indent=2))
PY
