#!/usr/bin/python3
"""Writes the clamped-beam look-alike of bench_freqresp.cpp as A.npy, B.npy, C.npy in DIR:
a cantilever (clamped at x = 0, free at x = 1) by finite differences, q nodes, bending
stiffness K = D2 D2 / h^4, unit lumped mass, Rayleigh damping 0.002 M + 1e-5 K; force at the
tip in, tip displacement and tip velocity out. State x = [w; w'], n = 2 q.

usage: make_beam_model.py DIR [q]
"""
import sys

import numpy as np


def main(out_dir, q=174):
    D2 = -2 * np.eye(q) + np.eye(q, k=1) + np.eye(q, k=-1)
    D2[-1, -1] = -1  # free end
    h = 1.0 / q
    K = D2 @ D2 / h**4
    Dmp = 0.002 * np.eye(q) + 1e-5 * K
    n = 2 * q
    A = np.zeros((n, n))
    A[:q, q:] = np.eye(q)
    A[q:, :q] = -K
    A[q:, q:] = -Dmp
    B = np.zeros((n, 1))
    B[-1, 0] = 1 / h
    C = np.zeros((2, n))
    C[0, q - 1] = 1
    C[1, -1] = 1
    for name, M in (("A", A), ("B", B), ("C", C)):
        np.save(f"{out_dir}/{name}.npy", M)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 174)
