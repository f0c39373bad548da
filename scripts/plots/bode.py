#!/usr/bin/python3
"""Bode plot of `specsweep freqresp`: magnitude in dB and phase in degrees against omega, one
curve per channel (output i, input j); resonance peaks and flagged frequencies are marked.

usage: bode.py DATA.json OUT.png
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
    w = np.array(d["omega"])
    p, m = d["outputs"], d["inputs"]
    fig, (ax_mag, ax_ph) = plt.subplots(2, 1, figsize=(7.5, 6), sharex=True)
    for c, (re, im) in enumerate(zip(d["re"], d["im"])):
        g = np.array(re) + 1j * np.array(im)
        label = f"G[{c // m},{c % m}]" if p * m > 1 else "G"
        with np.errstate(divide="ignore"):
            ax_mag.semilogx(w, 20 * np.log10(np.abs(g)), lw=1.3, label=label)
        ax_ph.semilogx(w, np.degrees(np.unwrap(np.angle(g))), lw=1.3)
    for pk in d.get("peaks", []):
        ax_mag.plot(pk["omega"], 20 * np.log10(pk["magnitude"]), "kv", ms=5)
    for wf in d.get("flagged_omega", []):
        ax_mag.axvline(wf, color="r", lw=0.8, ls=":")
    ax_mag.set_ylabel("magnitude [dB]")
    ax_ph.set_ylabel("phase [deg]")
    ax_ph.set_xlabel(r"$\omega$ [rad / time unit]" + (f", dt = {d['dt']:g}" if d["dt"] > 0 else ""))
    ax_mag.set_title(f"frequency response ({d['route']} route)", fontsize=10)
    for ax in (ax_mag, ax_ph):
        ax.grid(True, which="both", alpha=0.3)
    if p * m > 1:
        ax_mag.legend(fontsize=8, ncol=min(p * m, 4))
    fig.tight_layout()
    fig.savefig(out_png, dpi=120)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
