#!/usr/bin/env bash
# The Poisson/SUMMA benchmark, all peers measured in this one run:
#   1. SUMMA vs ScaLAPACK PDGEMM at n = $GEMM_SIZES on 1, 2 and 4 ranks (same grid, same block
#      size, same local arrays), the panel-width sweep, the single-process dgemm rate and the
#      MPI_Bcast alpha/beta of this machine;
#   2. the Poisson backends (blas, dst, summa on 1/2/4 ranks) at n = $POISSON_SIZES against
#      plain FFTW and the dgemm rate;
#   3. the alpha-beta model: checked against step 1, projected to a 32000^2 run on 512 cores.
# Output: bench/poisson/results.json (one record per measurement), the model's JSON on stdout,
# bench/poisson/alpha_beta.png. Usage: bench/run-poisson-bench.sh [build-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD="${1:-build}"
GEMM_SIZES="${GEMM_SIZES:-2048 4096}"
POISSON_SIZES="${POISSON_SIZES:-1024 2048 4096}"
REPS="${REPS:-4}"
CORES="$(nproc)"
cmake --build "$BUILD" --target bench_summa_pdgemm bench_poisson_backends >/dev/null
B="$BUILD/bench/poisson"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
raw="$(mktemp)"
trap 'rm -f "$raw"' EXIT
# One process gets every core as BLAS threads; with P ranks each rank gets one thread
# (ranks beyond the core count are oversubscribed, and the model accounts for it).
run() {  # run <ranks> <program> <args...>
  local np="$1"; shift
  if [ "$np" -eq 1 ]; then
    OPENBLAS_NUM_THREADS="$CORES" "$@" | tee -a "$raw"
  else
    OPENBLAS_NUM_THREADS=1 mpirun -np "$np" --oversubscribe -x OPENBLAS_NUM_THREADS "$@" | tee -a "$raw"
  fi
}
for np in 1 2 4; do run "$np" "$B/bench_summa_pdgemm" $GEMM_SIZES --reps "$REPS"; done
for np in 1 2 4; do run "$np" "$B/bench_poisson_backends" $POISSON_SIZES --reps "$REPS"; done
/usr/bin/python3 - "$raw" "$CORES" > bench/poisson/results.json <<'PY'
import json, sys, platform, datetime
records = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
print(json.dumps({"machine": {"cores": int(sys.argv[2]), "host": platform.node(),
                              "measured_utc": datetime.datetime.utcnow().isoformat(timespec="seconds")},
                  "records": records}, indent=1))
PY
/usr/bin/python3 scripts/plots/poisson_alpha_beta.py bench/poisson/results.json \
  --png bench/poisson/alpha_beta.png
