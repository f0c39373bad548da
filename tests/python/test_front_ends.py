"""The front ends through Python: the Poisson solver against manufactured solutions (closed
forms), the ribbon operator, modes and spectra against SciPy's special functions, the
literature values of the q = 0 modes and graphene's Drude conductivity in SI units, and the
ribbon studies' keywords against the CLI's flags and defaults."""
import json
import os
import subprocess
import sys
import tempfile
import tomllib

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


# ---- the ribbon parameter table: Python, CLI and TOML views agree -----------------------------

STUDIES = ("modes", "absorption", "emitter", "conductivity")


def cli_output(args):
    """stdout of the CLI (SPECSWEEP_CLI, set by CMake when the CLI is built), which must succeed."""
    r = subprocess.run([os.environ["SPECSWEEP_CLI"], "ribbon", *args], capture_output=True, text=True)
    assert r.returncode == 0, f"{args}: exit {r.returncode}: {r.stderr}"
    return r.stdout


def have_cli():
    if os.environ.get("SPECSWEEP_CLI"):
        return True
    print("     skipped: SPECSWEEP_CLI is not set (built without the CLI)")
    return False


def same_value(a, b):
    a, b = (np.asarray(v) if isinstance(v, (list, tuple, np.ndarray)) else v for v in (a, b))
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return np.shape(a) == np.shape(b) and np.array_equal(a, b)
    return a == b


def toml_value(parsed, key):
    """A value of a parsed TOML echo, with { from, to, count } spelled out (as NumPy would)."""
    section, name = key.split(".", 1)
    v = parsed.get(section, {}).get(name)
    if isinstance(v, dict):
        return np.linspace(v["from"], v["to"], v["count"])
    return v


def test_ribbon_python_defaults_are_the_cli_defaults():
    """A default Python call, the empty command line and an empty TOML file give the same
    parameters: line for line as TOML, and field by field through the parameter table."""
    from specsweep import ribbon
    if not have_cli():
        return
    with tempfile.TemporaryDirectory() as d:
        empty = os.path.join(d, "empty.toml")
        open(empty, "w").close()
        for study in STUDIES:
            text = cli_output([study, "--print-config"])
            assert cli_output([study, "--config", empty, "--print-config"]) == text, study
            assert ribbon.config(study) == text, f"{study}: Python\n{ribbon.config(study)}CLI\n{text}"
            parsed, params = tomllib.loads(text), ribbon.parameters(study)
            for row in ribbon.parameter_table(study):
                if row["default"] is None:  # unset by default: neither view has a value
                    assert row["name"] not in params and toml_value(parsed, row["key"]) is None, row
                    continue
                v = toml_value(parsed, row["key"])
                if isinstance(v, np.ndarray):  # a from:to:count grid: NumPy's linspace may differ in the last bit
                    assert np.allclose(params[row["name"]], v, rtol=1e-15, atol=0), row["name"]
                else:
                    assert same_value(params[row["name"]], v), (study, row["name"], params[row["name"]], v)
                assert same_value(row["default"], params[row["name"]]), row["name"]
    # eps_eff has one default, 2.45, in every study (it was 1 in Python's absorption).
    for study in STUDIES:
        assert ribbon.parameters(study)["eps_eff"] == 2.45, study
    # The default calls themselves carry those parameters; absorption's also equal the CLI's JSON.
    a = ribbon.absorption()
    cli = json.loads(cli_output(["absorption", "--json"]))
    for name, value in ribbon.parameters("absorption").items():
        assert same_value(a["parameters"][name], value), name
        assert same_value(cli[name], value), name
    d = ribbon.dispersion()
    assert {k: same_value(v, ribbon.parameters("modes")[k]) for k, v in d["parameters"].items()} == \
        {k: True for k in ribbon.parameters("modes")}
    assert len(d["modes"]) == 1 and len(d["modes"][0]["eta"]) == 10  # qW = 0, count 10
    c = ribbon.conductivity()
    assert len(c["hw_eV"]) == 20 and c["parameters"]["fermi_eV"] == 0.4


def flag_args(study, keywords):
    """The same parameters as flags, named through the parameter table."""
    from specsweep import ribbon
    flag = {row["name"]: row["flag"] for row in ribbon.parameter_table(study)}
    args = []
    for name, v in keywords.items():
        text = ",".join(repr(float(x)) for x in v) if isinstance(v, (list, tuple)) else str(v)
        args += [flag[name], text]
    return args


def test_ribbon_keywords_are_the_flags():
    """Every keyword sets what its flag sets: ribbon.config(**keywords) is the CLI's
    --print-config for the same values as flags, and each study's calls cover all its rows."""
    from specsweep import ribbon
    if not have_cli():
        return
    with tempfile.TemporaryDirectory() as d:
        xs = os.path.join(d, "xs.txt")
        with open(xs, "w") as f:
            f.write("0.0 1.0\n1.0 3.0\n")
        eps = os.path.join(d, "eps.txt")
        with open(eps, "w") as f:
            f.write("# hw_eV Re_eps Im_eps\n0.01 3.9 0.1\n1.0 4.1 0.2\n")
        media = [dict(substrate=eps, superstrate=1.5, superstrate_lorentz=[0.5, 0.15, 0.005]),
                 dict(substrate=3.9, substrate_lorentz=[0.8, 0.13, 0.004, 0.2, 0.1, 0.003])]
        shared = dict(cells=64, width_nm=120.0, period_nm=500.0, eps_eff=3.5, conductivity="rpa",
                      temperature_K=300.0)
        ribbons = dict(widths_nm=[100, 80, 60], gaps_nm=[10, 20], ef_ratios=[1, 1.5, 2])
        cases = {
            "modes": [dict(shared, qW=[0, 0.5, 1], count=3, fermi_eV=0.35, method="eig"), ribbons],
            "absorption": [dict(shared, gamma_eV=0.02, fermi_eV=[0.2, 0.5], hw_eV=[0.1, 0.2, 0.3],
                                method="eig"), ribbons, *media],
            "emitter": [dict(shared, gamma_eV=0.02, emitter_x_nm=30.0, emitter_z_nm=12.5,
                             orientation_deg=30.0, line_center_eV=0.25, line_width_eV=0.03,
                             observation_x_nm=70.0, observation_z_nm=25.0, fermi_eV=[0.2, 0.5],
                             hw_eV=[0.1, 0.2, 0.3], q_points=9, q_max_per_nm=0.5,
                             q_scale_per_nm=0.02, observable="intensity", method="direct"),
                        dict(ribbons, cross_section=xs, hw_eV=[0.25, 0.5]), *media],
            "conductivity": [dict(fermi_eV=0.3, gamma_eV=0.02, conductivity="rpa", temperature_K=300.0,
                                  hw_eV=[0.1, 0.5], eps_eff=1.0, width_nm=40.0)],
        }
        for study, calls in cases.items():
            defaults = ribbon.config(study)
            for keywords in calls:
                py = ribbon.config(study, **keywords)
                assert py != defaults, study
                assert py == cli_output([study, *flag_args(study, keywords), "--print-config"]), \
                    f"{study} {keywords}:\n{py}"
            used = {name for keywords in calls for name in keywords}
            missing = {row["name"] for row in ribbon.parameter_table(study)} - used
            assert not missing, f"{study}: no call sets {sorted(missing)}"
        # Oscillators as (strength, hw0_eV, gamma_eV) rows are the same as their flat triples.
        rows = ribbon.parameters("absorption", substrate=3.9,
                                 substrate_lorentz=[(0.8, 0.13, 0.004), (0.2, 0.1, 0.003)])
        assert np.array_equal(rows["substrate_lorentz"], media[1]["substrate_lorentz"])
        assert "eps_eff" not in rows and rows["substrate"] == 3.9  # the media replace eps_eff
        # The cross section read from the file, interpolated onto hw: 1 + 2 hw.
        e = ribbon.parameters("emitter", cross_section=xs, hw_eV=[0.25, 0.5])
        assert np.array_equal(e["cross_section"], [1.5, 2.0])


def test_ribbon_parameter_errors():
    """Python names the keyword, and rpa with unequal E_F says why it is refused."""
    from specsweep import ribbon
    hw = [0.1, 0.2]
    cases = [
        (lambda: ribbon.absorption(eps_eff=0), "eps_eff: eps_eff must be > 0, got 0"),
        (lambda: ribbon.dispersion(widths_nm=[100, 80]), "widths_nm: 2 ribbons need R - 1 = 1 gap"),
        (lambda: ribbon.dispersion(widths_nm=[100, 80], gaps_nm=[10], width_nm=100.0),
         "give either width_nm or widths_nm, not both"),
        (lambda: ribbon.parameters("modes", widths_nm=[100, 80], gaps_nm=[10], ef_ratios=[1, 2],
                                   conductivity="rpa"),
         "would no longer have one scalar shift"),
        (lambda: ribbon.parameters("ribbons"), "unknown study 'ribbons'"),
        (lambda: ribbon.absorption(eps_eff=2.0, substrate=3.9),
         "substrate: give either eps_eff or substrate, not both"),
        (lambda: ribbon.absorption(substrate=3.9, substrate_lorentz=[0.5, 0.1]),
         "substrate_lorentz: expected (strength, hw0_eV, gamma_eV) triples, got 2 numbers"),
    ]
    for bad, frag in cases:
        try:
            bad()
        except ValueError as exc:
            assert frag in str(exc), str(exc)
        else:
            raise AssertionError(f"no ValueError for {frag}")
    # Unequal E_F under Drude is a valid description: parameters() shows it.
    p = ribbon.parameters("absorption", widths_nm=[100, 80], gaps_nm=[10], ef_ratios=[1, 1.5])
    assert np.array_equal(p["widths_nm"], [100, 80]) and "width_nm" not in p


def test_ribbon_systems_agree_with_the_cli():
    """A dimer's dispersion and an array's absorption through Python equal the CLI's JSON for
    the same parameters (both go through one library call: this checks the keywords and the
    outputs, the physics is tested in tests/ribbon/test_ribbon_system.cpp and test_ribbon_array.cpp)."""
    from specsweep import ribbon
    if not have_cli():
        return
    d = ribbon.dispersion(widths_nm=[100, 100], gaps_nm=[10], qW=[0, 1], count=4, cells=100)
    cli = json.loads(cli_output(["modes", "--widths", "100,100", "--gaps", "10", "--qw", "0,1",
                                 "--count", "4", "--cells", "100", "--json"]))
    assert len(d["modes"]) == len(cli["modes"]) == 2
    for m, c in zip(d["modes"], cli["modes"]):
        assert m["qW"] == c["qW"] and len(m["eta"]) == len(c["eta"]) == 4
        assert np.allclose(m["eta"], c["eta"], rtol=1e-12, atol=0), (m["eta"], c["eta"])
        assert np.all(np.diff(m["eta"]) >= 0) and m["eta"][-1] < 0  # most negative first
    hw = [0.05, 0.1, 0.15, 0.2]
    a = ribbon.absorption([0.3, 0.5], hw, widths_nm=[100], period_nm=200.0, cells=80,
                          conductivity="rpa", temperature_K=300.0)
    cli = json.loads(cli_output(["absorption", "--widths", "100", "--period", "200", "--cells", "80",
                                 "--conductivity", "rpa", "--temperature", "300",
                                 "--ef", "0.3,0.5", "--hw", "0.05,0.1,0.15,0.2", "--json"]))
    assert a["sigma_nm"].shape == (4, 2) and a["absorbance"].shape == (4, 2)
    assert np.allclose(a["sigma_nm"].T, cli["sigma_abs_nm"], rtol=1e-12, atol=0)
    assert np.allclose(a["absorbance"].T, cli["absorbance"], rtol=1e-12, atol=0)
    # The thin-sheet bound n1/(n1 + n2) = 1/2 in uniform surroundings.
    assert np.all((a["absorbance"] > 0) & (a["absorbance"] <= 0.5))
    # A single ribbon has no absorbance.
    assert "absorbance" not in ribbon.absorption([0.3], hw, cells=40)


if __name__ == "__main__":
    check.run(dict(globals()), "python_front_ends")
