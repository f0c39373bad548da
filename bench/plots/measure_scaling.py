#!/usr/bin/python3
"""Time the whole job (factor + sweep) against n and against the number of shifts k, per route,
through the Python module, with NumPy's eig + broadcast code and NumPy's direct loop as peers in the
same run. Prints one JSON object (seconds) on stdout.

    PYTHONPATH=build/python /usr/bin/python3 bench/plots/measure_scaling.py [--quick]

The direct routes cost the same for every shift, so they are timed on an evenly spaced subset
of at most DIRECT_SUBSET shifts and scaled to k (listed under "extrapolated"). Every point is
the best of up to REPEATS runs (fewer once REPEAT_BUDGET seconds are spent). Shifts are Drude-shaped, s = -0.3 / (hw (hw + 0.01i)) with hw on
[0.05, 1], and A is a random real matrix scaled to spectral radius about 1.
"""
import argparse
import json
import os
import platform
import sys
import time

import numpy as np

import specsweep

DIRECT_SUBSET = 16
REPEATS = 3          # best of up to REPEATS runs ...
REPEAT_BUDGET = 2.0  # ... while the runs so far took less than this many seconds


def problem(n, k, seed=0):
    rng = np.random.default_rng(seed)
    A = rng.standard_normal((n, n)) / np.sqrt(n)
    b = rng.standard_normal(n)
    hw = np.linspace(0.05, 1.0, k)
    s = -0.3 / (hw * (hw + 0.01j))
    return A, b, s


def best_of(fn):
    best, spent = np.inf, 0.0
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        fn()
        dt = time.perf_counter() - t0
        best, spent = min(best, dt), spent + dt
        if spent > REPEAT_BUDGET:
            break
    return best


def numpy_blog(A, b, s):
    """NumPy's spectral recipe: eig, broadcast division, back-transform."""
    lam, V = np.linalg.eig(A)
    bh = np.linalg.solve(V, b)
    return V @ (bh[None, :] / (1 - s[:, None] * lam[None, :])).T


def numpy_direct(A, b, s):
    n = A.shape[0]
    return [np.linalg.solve(np.eye(n) - sj * A, b) for sj in s]


def subset(s):
    idx = np.unique(np.linspace(0, len(s) - 1, min(len(s), DIRECT_SUBSET)).round().astype(int))
    return s[idx]


def measure_point(n, k):
    A, b, s = problem(n, k)
    row = {"n": n, "k": k}
    for method in ["auto", "schur", "hessenberg", "eig"]:
        route = {}

        def run():
            r = specsweep.Resolvent(A, method, expected_shifts=k)
            r.solve(s, b)
            route["name"] = r.method

        row[method] = best_of(run)
        if method == "auto":
            row["auto_route"] = route["name"]
    sub = subset(s)
    scale = k / len(sub)
    row["direct"] = scale * best_of(lambda: specsweep.Resolvent(A, "direct").solve(sub, b))
    row["numpy_direct"] = scale * best_of(lambda: numpy_direct(A, b, sub))
    row["numpy_eig"] = best_of(lambda: numpy_blog(A, b, s))
    row["extrapolated"] = ["direct", "numpy_direct"] if scale > 1 else []
    print(f"n={n:5d} k={k:6d} " + " ".join(
        f"{key}={row[key]:.3g}" for key in ["auto", "schur", "hessenberg", "eig", "direct",
                                           "numpy_eig", "numpy_direct"]),
          f"auto->{row['auto_route']}", file=sys.stderr)
    return row


def slope(xs, ys):
    """Least-squares slope of log y against log x."""
    return float(np.polyfit(np.log(xs), np.log(ys), 1)[0])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="small grid (about 20 s)")
    args = ap.parse_args()
    if args.quick:
        ns, k_fixed = [32, 64, 128, 256], 200
        ks, n_fixed = [10, 100, 1000, 5000], 128
    else:
        ns, k_fixed = [32, 64, 128, 256, 512, 768], 500
        ks, n_fixed = [10, 30, 100, 300, 1000, 3000, 10000, 30000], 256
    vs_n = [measure_point(n, k_fixed) for n in ns]
    vs_k = [measure_point(n_fixed, k) for k in ks]
    big = [r for r in vs_n if r["n"] >= 128] or vs_n
    many = [r for r in vs_k if r["k"] >= 1000] or vs_k
    out = {
        "bench": "scaling",
        "machine": {"cores": os.cpu_count(), "python": platform.python_version(),
                    "numpy": np.__version__, "omp_threads": os.environ.get("OMP_NUM_THREADS"),
                    "openblas_threads": os.environ.get("OPENBLAS_NUM_THREADS"),
                    "load_average_1min": os.getloadavg()[0]},
        "k_fixed": k_fixed,
        "n_fixed": n_fixed,
        "vs_n": vs_n,
        "vs_k": vs_k,
        # Fitted exponents: direct ~ n^3 per shift; the spectral job's sweep ~ n^2 k at large k.
        "slope_direct_vs_n": slope([r["n"] for r in big], [r["direct"] for r in big]),
        "slope_schur_vs_n": slope([r["n"] for r in big], [r["schur"] for r in big]),
        "slope_direct_vs_k": slope([r["k"] for r in vs_k], [r["direct"] for r in vs_k]),
        "slope_schur_vs_k_large_k": slope([r["k"] for r in many], [r["schur"] for r in many]),
        # Peer ratios at the largest point of each sweep (> 1: specsweep is faster).
        "speedup_auto_vs_numpy_eig_at_max_n": vs_n[-1]["numpy_eig"] / vs_n[-1]["auto"],
        "speedup_auto_vs_numpy_eig_at_max_k": vs_k[-1]["numpy_eig"] / vs_k[-1]["auto"],
        "speedup_auto_vs_direct_at_max_k": vs_k[-1]["direct"] / vs_k[-1]["auto"],
    }
    json.dump(out, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
