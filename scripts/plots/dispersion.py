#!/usr/bin/python3
"""Plot of `specsweep ribbon modes`: the plasmon branches -eta_j(qW) (log scale) and, when W
and E_F were given, hw_j(qW).

The title names the geometry (widths, gaps, period) from the parameters echo.

usage: dispersion.py DATA.json OUT.png   (DATA.json is what `--json` prints, plus cells)
At qW = 0 each ribbon's monopole branch (R of them for R ribbons) has lambda = 0 and is not
listed, so the branches are aligned by giving them a gap there.
"""
import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from ribbon_geometry import geometry_title  # noqa: E402


def branches(modes, key, ribbons):
    rows = []
    for m in modes:
        v = list(m[key])
        if m["qW"] == 0.0:
            v = [np.nan] * ribbons + v  # the monopoles (lambda = 0) are not modes at q = 0
        rows.append(v)
    width = max(len(r) for r in rows)
    return np.array([r + [np.nan] * (width - len(r)) for r in rows])


def main(data_path, out_png):
    with open(data_path) as f:
        d = json.load(f)
    p = d.get("parameters", {})
    ribbons = len(p.get("widths_nm") or [None])
    modes = sorted(d["modes"], key=lambda m: m["qW"])
    qw = np.array([m["qW"] for m in modes])
    eta = branches(modes, "eta", ribbons)
    have_hw = all(len(m["hw_eV"]) for m in modes)
    fig, axes = plt.subplots(1, 2 if have_hw else 1, figsize=(11 if have_hw else 6, 4.5), squeeze=False)
    marker = "o-" if len(qw) < 12 else "-"
    ax = axes[0, 0]
    for j in range(eta.shape[1]):
        ax.semilogy(qw, -eta[:, j], marker, ms=3, lw=1.2, label=("monopole" if ribbons == 1 else f"monopole {j + 1}")
                    if j < ribbons and qw.max() > 0 else None)
    ax.set_xlabel("qW")
    ax.set_ylabel(r"$-\eta_j = -1/\lambda_j$")
    ax.set_title(f"{geometry_title(p)}: plasmon branches, N = {d.get('cells', '?')} cells per ribbon",
                 fontsize=9)
    ax.grid(True, which="both", alpha=0.3)
    if qw.max() > 0:
        ax.legend(loc="upper right")
    if have_hw:
        hw = branches(modes, "hw_eV", ribbons)
        ax = axes[0, 1]
        for j in range(hw.shape[1]):
            ax.plot(qw, hw[:, j], marker, ms=3, lw=1.2)
        ax.set_xlabel("qW")
        ax.set_ylabel(r"$\hbar\omega_j$ [eV]")
        ax.set_title(f"$E_F$ = {p['fermi_eV']:g} eV, $\\varepsilon$ = {p['eps_eff']:g}", fontsize=9)
        ax.grid(True, alpha=0.3)
    fig.tight_layout()
    fig.savefig(out_png, dpi=120)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
