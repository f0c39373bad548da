#!/usr/bin/env bash
# Ribbon emitter bench at full scale: specsweep vs --method direct vs the NumPy spectral
# code, measured in one run; prints JSON. Uses ./build (scripts/build.sh) unless SPECSWEEP is set.
set -euo pipefail
cd "$(dirname "$0")/.."
SPECSWEEP="${SPECSWEEP:-./build/apps/specsweep}"
[ -x "$SPECSWEEP" ] || bash scripts/build.sh
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-2}"
/usr/bin/python3 bench/ribbon/bench_emitter.py "$SPECSWEEP"
