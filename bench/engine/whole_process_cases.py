"""The whole-process cases shared by whole_process.py and route_split.py: real random A (n x n,
spectral radius about 1), one right-hand side and k Drude shifts s = -0.3/(hw (hw + 0.01i)),
scaled so that every shift is well posed, saved as .npy files in a work directory."""
import os

import numpy as np

CASES = ((512, 2000), (256, 50000))


def write_case(n, k, work, rng, kind="random"):
    """Writes A, b, s for one case into work and returns their paths, keyed by name. kind
    "nearly-normal" makes A = Q (diag(1/n .. 1) + 0.01 G / sqrt(n)) Q^T instead (Q random
    orthogonal, G Gaussian): a well-separated spectrum that the block-diagonal route splits."""
    A = rng.standard_normal((n, n)) / np.sqrt(n)
    if kind == "nearly-normal":
        Q, _ = np.linalg.qr(rng.standard_normal((n, n)))
        A = Q @ (np.diag(np.linspace(1.0 / n, 1.0, n)) + 0.01 * A) @ Q.T
    b = rng.standard_normal(n)
    hw = np.linspace(0.05, 0.5, k)
    s = -0.3 / (hw * (hw + 0.01j))
    s *= 0.5 / (np.abs(s).max() * np.abs(np.linalg.eigvals(A)).max())  # every shift well posed
    paths = {name: os.path.join(work, f"{name}{n}{kind}.npy") for name in "Abs"}
    np.save(paths["A"], A), np.save(paths["b"], b), np.save(paths["s"], s)
    return paths
