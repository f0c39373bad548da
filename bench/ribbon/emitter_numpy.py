#!/usr/bin/python3
"""The NumPy peer: the eig + broadcast spectral method for the emitter study, on the same
model, q rule and spectral weight as `specsweep ribbon emitter` (docs/design.md#ribbon-emitter).

Per q: build V (scipy's iti0k0 for int_0^x K0) and D, eig(A = V D) with np.linalg.eig,
phi_hat = V^-1 phi_ext. Per E_F: the broadcast denominators over all hw, phi_tot = X @ temp.T
(one GEMM per source orientation), rho = (EE/W) D phi_tot, the field rows, and the q sum.
"""
import numpy as np
import scipy.linalg as sl
import scipy.special as sp

ALPHA_HBAR_C = 1.439965  # eV nm
HBAR_C = 197.327         # eV nm


def q_rule(points, a, qmax):
    t = np.linspace(0.0, np.log1p(qmax / a), points)
    dt = t[1] - t[0]
    jac = a * np.exp(t)
    simpson = np.where(np.arange(points) % 2 == 1, 4.0, 2.0)
    simpson[0] = simpson[-1] = 1.0
    return a * np.expm1(t), jac * dt / 3.0 * simpson


def coulomb(qW, N):
    h = 1.0 / N
    m = np.arange(N)
    lo, hi = (m - 0.5) * h, (m + 0.5) * h
    if qW == 0.0:
        F = lambda t: np.where(t == 0, 0.0, -2.0 * (t * np.log(np.abs(t) + (t == 0)) - t))
        v = F(hi) - F(lo)
    else:
        ik0 = lambda x: np.sign(x) * sp.iti0k0(np.abs(x))[1]
        v = 2.0 / qW * (ik0(qW * hi) - ik0(qW * lo))
    return sl.toeplitz(v)


def difference(qW, N):
    D = (np.diag(-2.0 * np.ones(N)) + np.diag(np.ones(N - 1), 1) + np.diag(np.ones(N - 1), -1)) * N * N
    D[0, 0] = D[-1, -1] = -N * N  # zero flux at both edges
    return D - qW * qW * np.eye(N)


def radial(q, rho):
    return 1.0 / rho**2 if q == 0.0 else q * sp.k1(q * rho) / rho


def emitter_study(W, eps, gamma, N, xs, zs, ef, hw, q_points, line_center, line_width,
                  q_nodes=None, ef_subset=None):
    """P(E_F) (theta-averaged Purcell) and F; q_nodes / ef_subset restrict the work for timing."""
    q, wq = q_rule(q_points, 1.0 / W, 8.0 / zs)
    h = 1.0 / N
    x = W * (np.arange(N) + 0.5) * h
    ef = np.asarray(ef)
    hw = np.asarray(hw)
    efs = range(len(ef)) if ef_subset is None else ef_subset
    G = np.zeros((len(ef), len(hw), 2, 2), complex)
    for i in (range(q_points) if q_nodes is None else q_nodes):
        qW = q[i] * W
        V, D = coulomb(qW, N), difference(qW, N)
        A = V @ D
        lam, X = np.linalg.eig(A)
        dx, dz = xs - x, zs * np.ones(N)
        g = radial(q[i], np.hypot(dx, dz))
        phi_ext = -(2.0 / eps) * np.stack([g * dx, g * dz], axis=1)      # (N, 2)
        phi_hat = np.linalg.solve(X, phi_ext)
        M = -eps * W * h * phi_ext.T                                       # field rows (2, N)
        for f in efs:
            EE = -(ALPHA_HBAR_C * ef[f]) / (np.pi * eps * W) / (hw * (hw + 1j * gamma))
            denom = 1.0 - EE[:, None] * lam[None, :]
            for b in range(2):
                temp = phi_hat[None, :, b] / denom
                phi_tot = X @ temp.T                                       # (N, n_hw)
                rho = (EE / W)[None, :] * (D @ phi_tot)
                G[f, :, :, b] += wq[i] / np.pi * (M @ rho).T
    k = HBAR_C / hw
    F = 1.0 + 1.5 * k**3 * (0.5 * (G[:, :, 0, 0] + G[:, :, 1, 1])).imag
    half = 0.5 * line_width
    trap = np.gradient(hw) if len(hw) > 1 else np.ones(1)
    trap[0], trap[-1] = 0.5 * (hw[1] - hw[0]), 0.5 * (hw[-1] - hw[-2])
    S = half / np.pi / ((hw - line_center) ** 2 + half**2) * trap
    S /= S.sum()
    return F @ S, F
