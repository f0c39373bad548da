"""The front ends through Python: the Poisson solver against manufactured solutions (closed
forms), and the ribbon operator, modes and spectra against SciPy's special functions, the
literature values of the q = 0 modes and graphene's Drude conductivity in SI units."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
import check  # noqa: E402
import specsweep  # noqa: E402,F401  (fails early when the module is missing)


def poisson_error(n, backend, boundary):
    from specsweep import poisson
    x = poisson.coordinates(n, boundary)
    X, Y = np.meshgrid(x, x, indexing="ij")
    if boundary == "dirichlet":
        u = np.sin(np.pi * X) * np.sin(np.pi * Y)
    else:
        u = np.cos(np.pi * X) * np.cos(np.pi * Y)
    U = poisson.solve(2 * np.pi**2 * u, backend=backend, boundary=boundary)
    assert U.shape == u.shape
    return np.abs(U - u).max()


def test_poisson_second_order():
    for backend, boundary in [("blas", "dirichlet"), ("dst", "dirichlet"), ("blas", "neumann")]:
        e1, e2 = poisson_error(32, backend, boundary), poisson_error(64, backend, boundary)
        order = np.log2(e1 / e2)
        print(f"     poisson {backend:<4} {boundary:<9} err(32)={e1:.3e} err(64)={e2:.3e} "
              f"order {order:.3f}")
        assert 1.9 < order < 2.1, f"{backend}/{boundary}: observed order {order:.3f}"


def test_poisson_backends_agree_and_bad_input():
    from specsweep import poisson
    F = np.random.default_rng(3).standard_normal((47, 31))
    a = poisson.solve(F, backend="blas")
    b = poisson.solve(np.asfortranarray(F), backend="dst")
    assert np.abs(a - b).max() <= 1e-12 * np.abs(a).max()
    for bad, frag in [(lambda: poisson.solve(F, backend="fft"), "unknown backend"),
                      (lambda: poisson.solve(F, boundary="periodic"), "periodic"),
                      (lambda: poisson.solve(np.ones(5)), "F must be a 2-D array"),
                      (lambda: poisson.solve(F, backend="summa"), "MPI")]:
        try:
            bad()
        except ValueError as exc:
            assert frag in str(exc), str(exc)
        else:
            raise AssertionError(f"no ValueError for {frag}")


def integral_k0(x):
    """IK0(x) = int_0^x K0 = (pi x/2)[K0 L_-1 + K1 L0] (odd), by SciPy's Bessel and Struve."""
    from scipy import special as sp
    ax = np.abs(x)
    with np.errstate(invalid="ignore"):
        v = np.pi * ax / 2 * (sp.k0(ax) * sp.modstruve(-1, ax) + sp.k1(ax) * sp.modstruve(0, ax))
    return np.sign(x) * np.where(ax > 0, v, 0.0)


def drude_ee_si(fermi_eV, hw_eV, gamma_eV, eps_eff, width_nm):
    """The shift EE from graphene's Drude sheet conductivity in SI units (scipy.constants):
    sigma = i e^2 E_F / (pi hbar^2 (omega + i Gamma/hbar)) [S], sigma_G = sigma / (4 pi eps0) [m/s]
    in Gaussian units, and continuity with rho~ = rho/eps = (EE/W) D phi gives
    EE = i sigma_G / (eps omega W). Independent of the library's unit table, whose
    e^2 = 1.439965 eV nm differs from CODATA's 1.43996454784 by 3.1e-7 (hence rtol 1e-6)."""
    from scipy import constants as C
    omega = np.asarray(hw_eV) * C.e / C.hbar
    sigma = 1j * C.e**2 * (fermi_eV * C.e) / (np.pi * C.hbar**2 * (omega + 1j * gamma_eV * C.e / C.hbar))
    return 1j * sigma / (4 * np.pi * C.epsilon_0) / (eps_eff * omega * width_nm * 1e-9)


def hw_of_eta_si(eta, fermi_eV, eps_eff, width_nm):
    """The plasmon condition EE(hw) = eta at Gamma = 0, solved for hw with SciPy's brentq on the
    SI Drude EE above (not the closed form the library uses)."""
    from scipy.optimize import brentq
    return brentq(lambda hw: drude_ee_si(fermi_eV, hw, 0.0, eps_eff, width_nm).real - eta,
                  1e-4, 10.0, xtol=1e-15, rtol=1e-14)


def test_ribbon_operator_against_scipy_closed_form():
    from specsweep import ribbon
    for qW, N in [(0.7, 16), (2.0, 20)]:
        V, D = ribbon.operator(qW, N)
        h = 1 / N
        u = (np.arange(N) + 0.5) * h
        assert np.allclose(ribbon.cell_centres(N), u, rtol=0, atol=1e-15)
        d = u[:, None] - u[None, :]
        Vref = 2 / qW * (integral_k0(qW * (d + h / 2)) - integral_k0(qW * (d - h / 2)))
        err = np.abs(V - Vref).max() / np.abs(Vref).max()
        assert err < 1e-12, f"V(qW={qW}) vs SciPy closed form: {err:.2e}"
        # D: zero-flux second difference minus (qW)^2, symmetric and negative semi-definite
        Dref = (np.diag(-2 * np.ones(N)) + np.diag(np.ones(N - 1), 1)
                + np.diag(np.ones(N - 1), -1))
        Dref[0, 0] = Dref[-1, -1] = -1
        Dref = Dref / h**2 - qW**2 * np.eye(N)
        assert np.allclose(D, Dref, rtol=1e-13, atol=1e-13 * N**2)
        assert np.linalg.eigvalsh(V).min() > 0


def test_ribbon_modes_literature_values():
    """Literature: eta_1 -> -0.0687, eta_2 ~ -0.0289, eta_3 ~ -0.0184 at q -> 0, first order."""
    from specsweep import ribbon
    e200, e400 = ribbon.modes(0.0, 200, count=3), ribbon.modes(0.0, 400, count=3)
    extrapolated = 2 * e400 - e200  # Richardson for first-order convergence in h
    print(f"     eta(N=400) {np.round(e400, 5)}  Richardson {np.round(extrapolated, 5)}")
    assert abs(extrapolated[0] + 0.0687) < 2e-4, extrapolated
    assert abs(extrapolated[1] + 0.0289) < 2e-4, extrapolated
    assert abs(extrapolated[2] + 0.0184) < 2e-4, extrapolated
    # the spectrum from the engine matches NumPy's eigenvalues of the formed product
    V, D = ribbon.operator(0.0, 60)
    lam = np.linalg.eigvals(V @ D).real
    eta_np = np.sort(1 / lam[lam < -1e-10 * np.abs(lam).max()])
    assert np.allclose(ribbon.modes(0.0, 60), eta_np, rtol=1e-9)
    hw = ribbon.plasmon_energy(e400, 0.4, 2.45, 100.0)
    hw_ref = np.array([hw_of_eta_si(e, 0.4, 2.45, 100.0) for e in e400])
    assert np.allclose(hw, hw_ref, rtol=1e-6, atol=0), (hw, hw_ref)


def test_ribbon_sweep_against_numpy():
    """(I - EE A) phi = phi_ext over a Drude hw grid, against numpy.linalg.solve."""
    from specsweep import ribbon
    N, W = 80, 100.0
    hw = np.linspace(0.05, 0.4, 30)
    EE = ribbon.drude_prefactor(0.4, hw, 0.01, 2.45, W)
    assert np.allclose(EE, drude_ee_si(0.4, hw, 0.01, 2.45, W), rtol=1e-6, atol=0)
    r = ribbon.resolvent(0.3, N)
    assert r.method == "eig-symmetric-definite", r.method
    V, D = ribbon.operator(0.3, N)
    phi_ext = -(np.arange(N) + 0.5) / N
    phi = r.solve(EE, phi_ext)
    A = V @ D
    for j in range(len(hw)):
        M = np.eye(N) - EE[j] * A
        ref = np.linalg.solve(M, phi_ext)
        err = np.linalg.norm(phi[j] - ref) / np.linalg.norm(ref)
        assert err < 100 * np.finfo(float).eps * np.linalg.cond(M), (hw[j], err)


def test_ribbon_absorption_against_numpy():
    """sigma_abs = 4 pi (omega/c) Im alpha per unit length (absorbed power (omega/2) Im alpha E0^2
    over the incident flux c E0^2 / 8 pi), alpha = dipole moment of the induced charge
    eps rho~ = eps (EE/W) D phi_tot for phi_ext = -W u (E0 = 1), recomputed with
    numpy.linalg.solve, EE from the SI Drude conductivity and hbar c from scipy.constants; the
    peak sits at hw_1 from eta_1."""
    from scipy import constants as C
    from specsweep import ribbon
    N, W, eps, gamma = 60, 100.0, 2.45, 0.01
    hbar_c = C.hbar * C.c / C.e * 1e9  # eV nm
    hw = np.linspace(0.03, 0.3, 40)
    a = ribbon.absorption([0.3], hw, cells=N, width_nm=W, eps_eff=eps, gamma_eV=gamma)
    V, D = ribbon.operator(0.0, N)
    u = (np.arange(N) + 0.5) / N
    EE = drude_ee_si(0.3, hw, gamma, eps, W)
    sigma = np.empty(len(hw))
    for j in range(len(hw)):
        phi = np.linalg.solve(np.eye(N) - EE[j] * (V @ D), -W * u)
        charge = eps * (EE[j] / W) * (D @ phi) * (W / N)  # physical charge per cell
        alpha = (W * u) @ charge                            # dipole moment per unit E0
        sigma[j] = 4 * np.pi * hw[j] / hbar_c * alpha.imag
    err = np.abs(a["sigma_nm"][:, 0] - sigma).max() / np.abs(sigma).max()
    # 1e-5: the library's e^2 and hbar c (7 and 6 digits) against CODATA, 3e-7 and 1e-6, enter
    # sigma through the resonance, where d ln sigma / d ln EE ~ hw_1 / Gamma ~ 10.
    assert err < 1e-5, f"absorption vs NumPy: {err:.2e}"
    hw1 = hw_of_eta_si(ribbon.modes(0.0, N, count=1)[0], 0.3, eps, W)
    assert abs(a["dipole_hw_eV"][0] / hw1 - 1) < 1e-6, (a["dipole_hw_eV"][0], hw1)
    # One Lorentzian term f/(hw_1^2 - hw (hw + i Gamma)) makes hw Im alpha peak exactly at hw_1;
    # the other modes' tails move it by < 1e-4 relative, the grid step is 5e-4 hw_1: 1e-3.
    fine = np.linspace(0.9 * hw1, 1.1 * hw1, 401)
    peak = fine[ribbon.absorption([0.3], fine, cells=N, width_nm=W, eps_eff=eps,
                                  gamma_eV=gamma)["sigma_nm"][:, 0].argmax()]
    assert abs(peak - hw1) < 1e-3 * hw1, (peak, hw1)


def test_ribbon_emitter_study_runs_and_validates():
    from specsweep import ribbon
    hw = np.linspace(0.1, 0.3, 9)
    e = ribbon.emitter([0.2, 0.4], hw, cells=32, q_points=9)
    assert e["observable"].shape == (2, 9) and e["P"].shape == (2,)
    assert np.all(e["observable"] > 1), "Purcell factor must exceed 1 above a lossy ribbon"
    assert e["best_fermi_eV"] in (0.2, 0.4)
    for kwargs, frag in [(dict(foo=1), "unknown parameter 'foo'"),
                         (dict(cells=1), "cells: cells must be in [2, 20000], got 1"),
                         (dict(cells=20.0), "cells: expected an integer"),
                         (dict(observable="power"), "observable: expected one of purcell|intensity"),
                         (dict(width_nm=-5), "width_nm: width (nm) must be > 0, got -5")]:
        try:
            ribbon.emitter([0.2], hw, **kwargs)
        except ValueError as exc:
            assert frag in str(exc), str(exc)
        else:
            raise AssertionError(f"no ValueError for {kwargs}")


def test_ribbon_bad_input():
    from specsweep import ribbon
    for bad, frag in [(lambda: ribbon.operator(1.0, 1), "cells"),
                      (lambda: ribbon.operator(-1.0, 10), "qW"),
                      (lambda: ribbon.plasmon_energy(0.1, 0.4, 2.45, 100.0), "eta < 0")]:
        try:
            bad()
        except ValueError as exc:
            assert frag in str(exc), str(exc)
        else:
            raise AssertionError(f"no ValueError for {frag}")


if __name__ == "__main__":
    check.run(dict(globals()), "python_front_ends")
