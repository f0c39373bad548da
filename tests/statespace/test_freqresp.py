"""specsweep.freqresp: python-control's (p, m, k) layout, checked against an independent
NumPy solve of (1j w E - A) X = B for every frequency; pencils through Resolvent(A, E=...);
flags at a pole."""
import sys

import numpy as np

import specsweep

rng = np.random.default_rng(5)
n, p, m, k = 12, 3, 2, 40
A = rng.standard_normal((n, n)) - 4 * np.eye(n)
B = rng.standard_normal((n, m))
C = rng.standard_normal((p, n))
D = rng.standard_normal((p, m))
E = np.eye(n) + 0.1 * rng.standard_normal((n, n))
w = np.logspace(-2, 2, k)


def reference(A, B, C, D, w, E):
    out = np.empty((C.shape[0], B.shape[1], len(w)), complex)
    for j, wj in enumerate(w):
        out[:, :, j] = C @ np.linalg.solve(1j * wj * E - A, B) + D
    return out


def check(cond, what):
    if not cond:
        print("FAIL:", what)
        sys.exit(1)


G = specsweep.freqresp(A, B, C, D, omega=w, E=E)
check(G.shape == (p, m, k) and G.dtype == np.complex128, f"layout {G.shape} {G.dtype}")
ref = reference(A, B, C, D, w, E)
# This pencil is well conditioned (kappa < 1e3 over the range): 1e-11 covers 100 eps kappa.
err = np.abs(G - ref).max() / np.abs(ref).max()
check(err < 1e-11, f"freqresp vs numpy solve: {err}")
G0 = specsweep.freqresp(A, B, C, omega=w)  # E = I, D = 0
err0 = np.abs(G0 - reference(A, B, C, 0 * D, w, np.eye(n))).max() / np.abs(G0).max()
check(err0 < 1e-11, f"E = I, D = 0: {err0}")

# Pencil Resolvent: x(s) = (E - sA)^-1 b.
r = specsweep.Resolvent(A, E=E)
s = np.array([0.3, 0.1 + 0.7j])
x = r.solve(s, B[:, 0])
check(r.method == "qz", f"pencil route {r.method}")
xr = np.array([np.linalg.solve(E - sj * A, B[:, 0]) for sj in s])
check(np.abs(x - xr).max() < 1e-11 * np.abs(xr).max(), "Resolvent(A, E=E).solve")
check(r.diagnostics["pencil"], "diagnostics say pencil")

# At a pole: an undamped oscillator at omega = 3 is flagged, and its entry named.
Ao = np.array([[0.0, 1.0], [-9.0, 0.0]])
Bo = np.array([[0.0], [9.0]])
Co = np.array([[1.0, 0.0]])
Go, info = specsweep.freqresp(Ao, Bo, Co, omega=[1.0, 3.0], return_info=True)
check(np.isfinite(Go).all(), "finite best effort at the pole")
check([f["index"] for f in info["flagged"]] == [1], f"flags {info['flagged']}")
check(info["flagged"][0]["unreliable"] == [(0, 0)], "unreliable entry named")
check(abs(Go[0, 0, 0] - 9 / (9 - 1)) < 1e-13, "off the pole exact")
print("freqresp python: ok (max rel err", err, ")")
