"""The NumPy user's whole job, as a script: load A, b and the shifts from .npy, NumPy's
spectral code (eig, V^-1 b, broadcast division, one GEMM), np.save the (k, n) result. The peer of
`specsweep sweep -A A.npy -b b.npy -s s.npy -o X.npy`, timed as a whole process.

usage: /usr/bin/python3 numpy_blog_sweep.py A.npy b.npy s.npy X.npy
"""
import sys

import numpy as np

A, b, s = (np.load(p) for p in sys.argv[1:4])
w, V = np.linalg.eig(A)
b_hat = np.linalg.solve(V, b)
X = (V @ (b_hat[None, :] / (1.0 - s[:, None] * w[None, :])).T).T
np.save(sys.argv[4], X)
