#!/usr/bin/python3
"""Log-log plot of the scaling bench (measure_scaling.py's JSON): time against n at fixed k,
and against k at fixed n, per route and peer, with the cost models as guide lines:
direct  t = c n^3 k  (one LU per shift),  spectral  t = a n^3 + c n^2 k  (factor once, O(n^2)
per shift). The guide constants are least-squares fits to the measured direct and schur points.

    /usr/bin/python3 bench/plots/plot_scaling.py scaling.json scaling.png
"""
import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

SERIES = [  # key, label, style
    ("direct", "specsweep direct (LU per shift)", dict(color="tab:red", marker="s")),
    ("numpy_direct", "NumPy solve loop", dict(color="tab:red", marker="x", ls=":")),
    ("numpy_eig", "NumPy eig + broadcast", dict(color="tab:gray", marker="x", ls=":")),
    ("eig", "specsweep eig", dict(color="tab:orange", marker="v")),
    ("hessenberg", "specsweep hessenberg", dict(color="tab:green", marker="^")),
    ("schur", "specsweep schur", dict(color="tab:blue", marker="o")),
    ("auto", "specsweep auto", dict(color="black", marker=".", ls="--")),
]


def fit_direct(rows):
    """c in t = c n^3 k, fitted in log space."""
    x = np.array([r["n"] ** 3 * r["k"] for r in rows], float)
    t = np.array([r["direct"] for r in rows])
    return float(np.exp(np.mean(np.log(t) - np.log(x))))


def fit_spectral(rows):
    """(a, c) >= 0 in t = a n^3 + c n^2 k, minimising the relative misfit."""
    n = np.array([r["n"] for r in rows], float)
    k = np.array([r["k"] for r in rows], float)
    t = np.array([r["schur"] for r in rows])
    M = np.stack([n**3 / t, n**2 * k / t], axis=1)
    a, c = np.linalg.lstsq(M, np.ones_like(t), rcond=None)[0]
    return max(a, 0.0), max(c, 0.0)


def main():
    data = json.load(open(sys.argv[1]))
    out = sys.argv[2]
    rows = data["vs_n"] + data["vs_k"]
    c_direct = fit_direct(rows)
    a_spec, c_spec = fit_spectral(rows)

    fig, axes = plt.subplots(1, 2, figsize=(12, 5), constrained_layout=True)
    for ax, key, fixed, xlabel in [
            (axes[0], "vs_n", f"k = {data['k_fixed']} shifts", "matrix size n"),
            (axes[1], "vs_k", f"n = {data['n_fixed']}", "number of shifts k")]:
        pts = data[key]
        var = "n" if key == "vs_n" else "k"
        x = np.array([p[var] for p in pts], float)
        for name, label, style in SERIES:
            ax.plot(x, [p[name] for p in pts], label=label, **style)
        xs = np.geomspace(x.min(), x.max(), 100)
        n = xs if var == "n" else np.full_like(xs, data["n_fixed"])
        k = xs if var == "k" else np.full_like(xs, data["k_fixed"])
        ax.plot(xs, c_direct * n**3 * k, color="tab:red", alpha=0.35, lw=6,
                label=r"guide $O(n^3)\cdot k$ (direct)")
        ax.plot(xs, a_spec * n**3 + c_spec * n**2 * k, color="tab:blue", alpha=0.35, lw=6,
                label=r"guide $O(n^3) + O(n^2 k)$ (spectral)")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel(xlabel)
        ax.set_ylabel("time for the whole job: factor + all shifts [s]")
        ax.set_title(f"time against {var} ({fixed})")
        ax.grid(True, which="both", alpha=0.3)
    axes[0].legend(fontsize=8, loc="upper left")
    m = data.get("machine", {})
    fig.suptitle(f"specsweep scaling: {m.get('cores', '?')} cores, OMP/OpenBLAS threads "
                 f"{m.get('omp_threads') or 'default'}/{m.get('openblas_threads') or 'default'}, "
                 f"load average {m.get('load_average_1min', float('nan')):.1f}\n"
                 f"(direct and NumPy loop extrapolated from 16 shifts where k > 16)", fontsize=10)
    fig.savefig(out, dpi=110)
    print(f"wrote {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
