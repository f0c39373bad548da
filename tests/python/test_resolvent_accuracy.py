"""specsweep.Resolvent against numpy.linalg.solve, shift by shift, on random and hard matrices.

Accuracy contract (docs/design.md#accuracy-contract): relative error <= 100 eps cond(I - sA)
for every shift with cond(I - sA) eps < 1e-2, on every stable route and whatever `auto` picks.
The reference, numpy.linalg.solve, is itself accurate to about eps cond, so the bound checked
is that plus the contract. The normwise backward error (residual) of a stable route is O(n eps).
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
import check  # noqa: E402
import specsweep  # noqa: E402

EPS = np.finfo(float).eps
STABLE = ["auto", "direct", "schur", "hessenberg"]


def grcar(n, k=3):
    """-1 on the subdiagonal, 1 on the diagonal and k superdiagonals: highly non-normal."""
    A = np.diag(-np.ones(n - 1), -1)
    for d in range(k + 1):
        A += np.diag(np.ones(n - d), d)
    return A


def dense_jordan(n, lam, seed):
    """Q (lam I + N) Q^T, Q random orthogonal: one defective eigenvalue, structure hidden."""
    Q, _ = np.linalg.qr(np.random.default_rng(seed).standard_normal((n, n)))
    return Q @ (lam * np.eye(n) + np.diag(np.ones(n - 1), 1)) @ Q.T


def frank(n):
    """F(i,j) = n + 1 - max(i,j) for j >= i - 1 (1-based): ill-conditioned small eigenvalues."""
    i, j = np.indices((n, n)) + 1
    return np.where(j >= i - 1, n + 1 - np.maximum(i, j), 0).astype(float)


def shifts_for(A, seed=0):
    """Real and complex shifts across the spectrum's scale, plus a few near resonances."""
    lam = np.linalg.eigvals(A)
    rho = np.abs(lam).max()
    rng = np.random.default_rng(seed)
    s = list(np.linspace(-0.95, 0.95, 9) / rho)
    s += list((rng.standard_normal(6) + 1j * rng.standard_normal(6)) / rho)
    big = lam[np.argsort(-np.abs(lam))[:2]]
    s += [(1 + d) / l for l in big for d in (1e-3, 1e-6)]
    return np.array(s, dtype=complex)


def check_against_numpy(A, b, method, label, check_residual=True):
    n = A.shape[0]
    s = shifts_for(A)
    r = specsweep.Resolvent(A, method)
    x = r.solve(s, b)
    assert x.shape == (len(s), n) + b.shape[1:], f"{label}: shape {x.shape}"
    flagged = {i for i, _ in r.flagged}
    worst = 0.0
    for j, sj in enumerate(s):
        M = np.eye(n) - sj * A
        cond = np.linalg.cond(M)
        if cond * EPS >= 1e-2:
            continue  # outside the contract; flags are checked elsewhere
        assert j not in flagged, f"{label}: shift {j} flagged with cond {cond:.1e}"
        ref = np.linalg.solve(M, b)
        err = np.linalg.norm(x[j] - ref) / np.linalg.norm(ref)
        bound = 100 * EPS * cond + EPS * cond
        worst = max(worst, err / bound)
        assert err <= bound, (f"{label} {r.method}: shift {sj:.3g}: rel. error {err:.2e} > "
                              f"{bound:.2e} (cond {cond:.1e})")
        if check_residual:
            res = np.linalg.norm(M @ x[j] - b) / (
                np.linalg.norm(M, 2) * np.linalg.norm(x[j]) + np.linalg.norm(b))
            assert res <= 50 * n * EPS, f"{label} {r.method}: backward error {res:.2e}"
    print(f"     {label:<28} {method:<10} -> {r.method:<24} worst err/bound {worst:.2e}")


def test_random_real_every_route():
    rng = np.random.default_rng(1)
    A = rng.standard_normal((60, 60)) / np.sqrt(60)
    b = rng.standard_normal(60)
    for method in STABLE:
        check_against_numpy(A, b, method, "random real n=60")
    # eig is only as good as kappa(V); on a random matrix kappa(V) is modest.
    check_against_numpy(A, b, "eig", "random real n=60", check_residual=False)


def test_random_complex_several_rhs():
    rng = np.random.default_rng(2)
    n = 40
    A = (rng.standard_normal((n, n)) + 1j * rng.standard_normal((n, n))) / np.sqrt(2 * n)
    B = rng.standard_normal((n, 3)) + 1j * rng.standard_normal((n, 3))
    for method in STABLE:
        check_against_numpy(A, B, method, "random complex n=40 m=3")


def test_grcar():
    A = grcar(32)
    b = np.ones(32)
    for method in STABLE:
        check_against_numpy(A, b, method, "grcar n=32")


def test_jordan_block():
    A = dense_jordan(16, 0.5, seed=3)
    b = np.random.default_rng(4).standard_normal(16)
    for method in STABLE:
        check_against_numpy(A, b, method, "dense jordan n=16 lambda=.5")


def test_frank():
    A = frank(12)
    b = np.ones(12)
    for method in STABLE:
        check_against_numpy(A, b, method, "frank n=12")


def test_symmetric_definite_product():
    """A = V D with V SPD, D symmetric: the ribbon's structure, given as factors."""
    rng = np.random.default_rng(5)
    n = 30
    G = rng.standard_normal((n, n))
    V = G @ G.T / n + np.eye(n)
    D = rng.standard_normal((n, n))
    D = (D + D.T) / 2
    r = specsweep.Resolvent.from_product(V, D)
    assert r.method == "eig-symmetric-definite", r.method
    assert r.diagnostics["product_form"]
    A = V @ D
    s = np.array([0.01, -0.02, 0.03 + 0.01j])
    b = np.ones(n)
    x = r.solve(s, b)
    for j, sj in enumerate(s):
        M = np.eye(n) - sj * A
        ref = np.linalg.solve(M, b)
        bound = 101 * EPS * np.linalg.cond(M)
        err = np.linalg.norm(x[j] - ref) / np.linalg.norm(ref)
        assert err <= bound, f"product form: shift {sj}: {err:.2e} > {bound:.2e}"


def test_projection_matches_solve():
    rng = np.random.default_rng(6)
    n = 50
    A = rng.standard_normal((n, n)) / np.sqrt(n)
    b = rng.standard_normal(n)
    C = rng.standard_normal((4, n))
    s = np.linspace(0.1, 0.8, 25)
    for method in STABLE + ["eig"]:
        r = specsweep.Resolvent(A, method)
        x = r.solve(s, b)
        y = r.project(C, s, b)
        assert y.shape == (25, 4)
        ref = x @ C.T
        err = np.abs(y - ref).max() / np.abs(ref).max()
        assert err < 1e-12, f"{method}: project vs C x: {err:.2e}"
        y1 = r.project(C[0], s, b)  # 1-D observer: the output axis is dropped
        assert y1.shape == (25,) and np.allclose(y1, y[:, 0], rtol=1e-13, atol=0)


def test_singular_shift_is_flagged():
    """I - sA with s = 1/lambda exactly singular: flagged, the other shifts still exact."""
    A = np.diag([0.5, 0.25, 2.0, 4.0])
    s = np.array([0.1, 2.0, 0.3])  # 2.0 = 1/0.5
    b = np.ones(4)
    for method in STABLE:
        r = specsweep.Resolvent(A, method)
        x = r.solve(s, b)
        idx = [i for i, _ in r.flagged]
        assert idx == [1], f"{method}: flagged {r.flagged}"
        for j in (0, 2):
            ref = b / (1 - s[j] * np.diag(A))
            assert np.allclose(x[j], ref, rtol=1e-14, atol=0), f"{method}: shift {j}"


def test_sweep_convenience():
    rng = np.random.default_rng(7)
    A = rng.standard_normal((20, 20)) / 5
    b = rng.standard_normal(20)
    s = np.linspace(-0.5, 0.5, 11)
    x = specsweep.sweep(A, b, s)
    ref = np.array([np.linalg.solve(np.eye(20) - sj * A, b) for sj in s])
    assert np.abs(x - ref).max() / np.abs(ref).max() < 1e-12
    C = np.eye(20)[:2]
    y = specsweep.sweep(A, b, s, method="hessenberg", observe=C)
    assert y.shape == (11, 2) and np.abs(y - ref[:, :2]).max() < 1e-12
    # The pencil (E - sA) with a singular E (last row zero), against NumPy's LU of E - sA.
    E = np.eye(20) + rng.standard_normal((20, 20)) / 10
    E[-1] = 0
    xe = specsweep.sweep(A, b, s + 0.1j, E=E)
    ref_e = np.array([np.linalg.solve(E - sj * A, b) for sj in s + 0.1j])
    assert np.abs(xe - ref_e).max() / np.abs(ref_e).max() < 1e-11


if __name__ == "__main__":
    check.run(dict(globals()), "python_accuracy")
