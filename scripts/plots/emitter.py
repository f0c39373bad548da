#!/usr/bin/python3
"""Plots of `specsweep ribbon emitter`: emitter_purcell.png (the observable against hw for a
few Fermi energies, with the emitter line) and emitter_P.png (P(E_F) with its q-error estimate).

The titles name the geometry (widths, gaps) from the parameters echo.

usage: emitter.py DATA.json OUTDIR   (DATA.json is what `--json` prints)
"""
import json
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from ribbon_geometry import geometry_title, medium_title  # noqa: E402


def main(data_path, out_dir):
    with open(data_path) as f:
        d = json.load(f)
    p = d["parameters"]
    ef = np.array(d["fermi_eV"])
    hw = np.array(d["hw_eV"])
    obs = np.array(d["observable_values"])
    purcell = d["observable"] == "purcell"
    title = (f"{geometry_title(p)}\nemitter at x = {p['emitter_x_nm']:g} nm, "
             f"z = {p['emitter_z_nm']:g} nm, {medium_title(p)}, $\\Gamma$ = {1e3 * p['gamma_eV']:g} meV")

    fig, ax = plt.subplots(figsize=(7, 4.5))
    picks = sorted(set(np.linspace(0, len(ef) - 1, min(len(ef), 5)).round().astype(int)))
    for i in picks:
        ax.semilogy(hw, obs[i], label=f"$E_F$ = {ef[i]:.3g} eV")
    line = p["line_center_eV"]
    ax.axvspan(line - p["line_width_eV"] / 2, line + p["line_width_eV"] / 2, color="0.85",
               label="emitter line (FWHM)")
    ax.set_xlabel(r"$\hbar\omega$ [eV]")
    ax.set_ylabel("Purcell factor F" if purcell else r"$|E_{ext} + E_{ind}|^2$ [nm$^{-6}$]")
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=8)
    ax.grid(True, which="both", alpha=0.3)
    fig.tight_layout()
    fig.savefig(os.path.join(out_dir, "emitter_purcell.png"), dpi=120)
    plt.close(fig)

    P = np.array(d["P"])
    err = np.array(d["P_error"])
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.errorbar(ef, P, yerr=err, marker="o", capsize=3, label="P($E_F$) (bars: q-error estimate)")
    best = int(np.argmax(P))
    ax.plot(ef[best], P[best], "r*", markersize=14, label=f"best: $E_F$ = {ef[best]:.3g} eV")
    ax.set_xlabel(r"$E_F$ [eV]")
    ax.set_ylabel("line-averaged " + ("Purcell factor" if purcell else "intensity"))
    ax.set_title(f"emitter line {line:g} eV, FWHM {1e3 * p['line_width_eV']:g} meV; " + title,
                 fontsize=8)
    ax.legend(fontsize=8)
    ax.grid(True, alpha=0.3)
    fig.tight_layout()
    fig.savefig(os.path.join(out_dir, "emitter_P.png"), dpi=120)
    plt.close(fig)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
