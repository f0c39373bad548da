"""NumPy's eig + broadcast spectral code, timed on the A, b, shifts that bench_engine_vs_peers wrote.

usage: /usr/bin/python3 bench_engine_vs_peers.py DIR n k repeats
Prints one JSON object (best of `repeats`) and writes x for the shifts listed in DIR/idx.bin
to DIR/x_numpy.bin so the caller can check it solved the same problem.
"""
import json
import sys
import time

import numpy as np


def blog_spectral(A, phi_ext, EE_omega_vec):
    # The usual NumPy spectral recipe: eig, V^-1 b, broadcast division, V @ temp.T.
    w, V = np.linalg.eig(A)
    t_eig = time.perf_counter()
    phi_hat_i = np.linalg.solve(V, phi_ext)
    denom = 1.0 - EE_omega_vec[:, None] * w[None, :]
    temp = phi_hat_i[None, :] / denom
    phi_tot_all_omega = (V @ temp.T).T
    return phi_tot_all_omega, t_eig


def main():
    d, n, k, repeats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    A = np.fromfile(f"{d}/A.bin", dtype=np.float64).reshape((n, n), order="F")
    b = np.fromfile(f"{d}/b.bin", dtype=np.float64)
    s = np.fromfile(f"{d}/s.bin", dtype=np.complex128)
    idx = np.fromfile(f"{d}/idx.bin", dtype=np.int64)
    best = None
    for _ in range(repeats):
        t0 = time.perf_counter()
        X, t_eig = blog_spectral(A, b, s)
        t1 = time.perf_counter()
        run = {"total_seconds": t1 - t0, "eig_seconds": t_eig - t0, "sweep_seconds": t1 - t_eig}
        if best is None or run["total_seconds"] < best["total_seconds"]:
            best = run
        # Rows of X for the subset, C order: the bytes of a column-major n x len(idx) matrix.
        x_sub = np.ascontiguousarray(X[idx, :])
        del X
    x_sub.tofile(f"{d}/x_numpy.bin")
    best["numpy"] = np.__version__
    print(json.dumps(best))


if __name__ == "__main__":
    main()
