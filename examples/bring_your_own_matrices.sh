#!/usr/bin/env bash
# NumPy -> .npy -> `specsweep sweep` -> back to NumPy, checked against numpy.linalg.solve.
#   examples/bring_your_own_matrices.sh [BUILD_DIR]        (default ./build)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cli="${1:-$root/build}/apps/specsweep"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# 1. Your matrices, saved by NumPy (any real/complex dtype, C or Fortran order).
/usr/bin/python3 - "$work" <<'PY'
import sys, numpy as np
d = sys.argv[1]
rng = np.random.default_rng(0)
n = 300
np.save(f"{d}/A.npy", rng.standard_normal((n, n)) / np.sqrt(n))
np.save(f"{d}/b.npy", rng.standard_normal(n))
hw = np.linspace(0.05, 1.0, 5000)
np.save(f"{d}/s.npy", -0.3 / (hw * (hw + 0.01j)))        # Drude-shaped shifts
PY

# 2. One call: factor A once, sweep all 5000 shifts; --json prints the route and timings.
"$cli" sweep -A "$work/A.npy" -b "$work/b.npy" -s "$work/s.npy" -o "$work/X.npy" --json --quiet

# 3. Back in NumPy: X[j] = x(s_j); spot-check against numpy.linalg.solve.
/usr/bin/python3 - "$work" <<'PY'
import sys, numpy as np
d = sys.argv[1]
A, b, s, X = (np.load(f"{d}/{f}.npy") for f in ("A", "b", "s", "X"))
worst = max(np.linalg.norm(X[j] - np.linalg.solve(np.eye(len(b)) - s[j] * A, b))
            / np.linalg.norm(X[j]) for j in range(0, len(s), 250))
print(f"X: {X.shape} {X.dtype}; worst relative difference to numpy.linalg.solve "
      f"over 20 shifts: {worst:.1e}")
PY
