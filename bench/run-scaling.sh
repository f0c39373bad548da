#!/usr/bin/env bash
# Scaling bench: time of the whole job (factor + sweep) against n and against the number of
# shifts, per route, with NumPy's eig code and solve loop measured in the same run. Writes
# OUT_DIR/scaling.json and the log-log plot OUT_DIR/scaling.png (with the O(n^3) k direct and
# O(n^3) + O(n^2 k) spectral guide lines), and prints the JSON.
#   bench/run-scaling.sh [--quick] [BUILD_DIR] [OUT_DIR]     (defaults: ./build, ./out)
# The full grid takes a few minutes on 2 cores; --quick about 20 s. Threads are left to
# OMP_NUM_THREADS / OPENBLAS_NUM_THREADS; on a shared, loaded machine set both to 1 so that
# spinning BLAS threads do not swamp the ratios (the JSON records them and the load average).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
quick=()
if [ "${1:-}" = "--quick" ]; then quick=(--quick); shift; fi
build="${1:-$root/build}"
out="${2:-$root/out}"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" --target specsweep_python -j"$(nproc)" >/dev/null
mkdir -p "$out"
PYTHONPATH="$build/python" /usr/bin/python3 "$root/bench/plots/measure_scaling.py" "${quick[@]}" \
  >"$out/scaling.json"
/usr/bin/python3 "$root/bench/plots/plot_scaling.py" "$out/scaling.json" "$out/scaling.png"
cat "$out/scaling.json"
