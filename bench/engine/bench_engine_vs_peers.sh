#!/usr/bin/env bash
# One size of the engine benchmark: specsweep vs the direct loop, SLICOT TB05AD and the
# NumPy eig + broadcast code (run with /usr/bin/python3), on the same A, b and Drude-shaped shifts.
#   bench/engine/bench_engine_vs_peers.sh BUILD_DIR N SHIFTS [extra bench arguments]
# Prints one JSON object.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="$1" n="$2" k="$3"
shift 3
exec "$build/bench/engine/bench_engine_vs_peers" --n "$n" --shifts "$k" \
  --python /usr/bin/python3 --numpy-script "$here/bench_engine_vs_peers.py" "$@"
