#!/usr/bin/python3
"""Plot of `specsweep ribbon absorption`: sigma_abs(hw) per unit length for every E_F, with the
dipole plasmon hw_1 of each marked.

usage: absorption.py DATA.json OUT.png   (DATA.json is what `--json` prints)
"""
import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402


def main(data_path, out_png):
    with open(data_path) as f:
        d = json.load(f)
    hw = np.array(d["hw_eV"])
    sigma = np.array(d["sigma_abs_nm"])
    fig, ax = plt.subplots(figsize=(7, 4.5))
    for i, ef in enumerate(d["fermi_eV"]):
        (line,) = ax.plot(hw, sigma[i], lw=1.5, label=f"$E_F$ = {ef:g} eV")
        if i < len(d["dipole_hw_eV"]):
            ax.axvline(d["dipole_hw_eV"][i], color=line.get_color(), ls=":", lw=1)
    ax.set_xlabel(r"$\hbar\omega$ [eV]")
    ax.set_ylabel(r"$\sigma_{abs}$ per unit length [nm]")
    ax.set_title(f"W = {d['width_nm']:g} nm, $\\varepsilon_{{eff}}$ = {d['eps_eff']:g}, "
                 f"$\\Gamma$ = {1e3 * d['gamma_eV']:g} meV, N = {d['cells']} "
                 r"(dotted: $\hbar\omega_1$ of $\eta_1$)", fontsize=10)
    ax.set_xlim(hw.min(), hw.max())
    ax.set_ylim(bottom=0)
    ax.grid(True, alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(out_png, dpi=120)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
