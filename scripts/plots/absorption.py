#!/usr/bin/python3
"""Plot of `specsweep ribbon absorption`: sigma_abs(hw) per unit length (arrays: per period) for
every E_F, with the dipole plasmon hw_1 of each marked when the run reports it; for an array
also its absorbance A(hw) (with radiative damping) in a second panel. The title names the
geometry: the width(s), gap(s), E_F ratios and period.

usage: absorption.py DATA.json OUT.png   (DATA.json is what `--json` prints)
"""
import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from ribbon_geometry import conductivity_title, geometry_title, medium_title  # noqa: E402


def main(data_path, out_png):
    with open(data_path) as f:
        d = json.load(f)
    hw = np.array(d["hw_eV"])
    sigma = np.array(d["sigma_abs_nm"])
    absorbance = np.array(d["absorbance"]) if d.get("absorbance") else None
    dipole = d.get("dipole_hw_eV") or []
    panels = 2 if absorbance is not None else 1
    fig, axes = plt.subplots(panels, 1, figsize=(7, 4.5 if panels == 1 else 7), sharex=True,
                             squeeze=False)
    ax = axes[0, 0]
    for i, ef in enumerate(d["fermi_eV"]):
        (line,) = ax.plot(hw, sigma[i], lw=1.5, label=f"$E_F$ = {ef:g} eV")
        if i < len(dipole):
            ax.axvline(dipole[i], color=line.get_color(), ls=":", lw=1)
        if absorbance is not None:
            axes[1, 0].plot(hw, absorbance[i], lw=1.5, color=line.get_color())
    per = " per period" if absorbance is not None else " per unit length"
    ax.set_ylabel(r"$\sigma_{abs}$" + per + " [nm]")
    ax.set_title(f"{geometry_title(d)}\n{medium_title(d)}, {conductivity_title(d)}, "
                 f"$\\Gamma$ = {1e3 * d['gamma_eV']:g} meV, N = {d['cells']} per ribbon"
                 + (r" (dotted: $\hbar\omega_1$ of $\eta_1$)" if dipole else ""), fontsize=9)
    ax.set_ylim(bottom=0)
    ax.legend()
    if absorbance is not None:
        axes[1, 0].set_ylabel("absorbance A of the array")
        axes[1, 0].set_ylim(bottom=0)
    for row in axes[:, 0]:
        row.grid(True, alpha=0.3)
        row.set_xlim(hw.min(), hw.max())
    axes[-1, 0].set_xlabel(r"$\hbar\omega$ [eV]")
    fig.tight_layout()
    fig.savefig(out_png, dpi=100)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
