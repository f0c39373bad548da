#!/usr/bin/python3
"""Reference table for the interband sheet conductivity of graphene at temperature T.

    sigma_inter / (e^2/hbar) = (i/pi) int_0^inf Omega [f(-e) - f(e)] / (Omega^2 - 4 e^2) de,
    Omega = hw + i Gamma, f(e) = 1 / (exp((e - mu)/kT) + 1), mu = E_F.

Run once; the output lives in data/ and the C++ test reads it (it never runs Python). The integral
is taken by mpmath's tanh-sinh quadrature at 30 digits on the full occupation difference (no
subtraction of the T = 0 part), split at mu, at hw/2 +- 5 Gamma and beyond the thermal tail.

    /usr/bin/python3 scripts/reference/make_rpa_table.py > data/rpa_interband_mpmath.txt
"""
import mpmath as mp

mp.mp.dps = 30
KB = mp.mpf("8.617333262e-5")  # eV/K


def interband(ef, temperature, gamma, hw):
    ef, gamma, hw = mp.mpf(ef), mp.mpf(gamma), mp.mpf(hw)
    kT = KB * temperature
    omega = mp.mpc(hw, gamma)

    def occ(e):
        return 1 / (mp.exp((-e - ef) / kT) + 1) - 1 / (mp.exp((e - ef) / kT) + 1)

    def f(e):
        return omega * occ(e) / (omega**2 - 4 * e**2)

    points = {mp.mpf(0), ef, ef + 60 * kT, hw / 2, hw / 2 + 5 * gamma}
    if ef - 60 * kT > 0:
        points.add(ef - 60 * kT)
    if hw / 2 - 5 * gamma > 0:
        points.add(hw / 2 - 5 * gamma)
    pts = sorted(points)
    total = mp.quad(f, pts) + mp.quad(f, [pts[-1], mp.inf])
    return 1j / mp.pi * total


cases = []
for ef, temperature in [(0.4, 300), (0.4, 77), (0.1, 300), (0.02, 300), (0.4, 1000)]:
    for gamma in [0.01, 0.001]:
        for hw in [0.05, 0.2, 0.5, 0.79, 0.8, 0.81, 1.2, 2.0]:
            cases.append((ef, temperature, gamma, hw))

print(f"# Interband sigma~ = sigma/(e^2/hbar) of graphene, mpmath {mp.__version__} at {mp.mp.dps} digits")
print("# E_F_eV  T_K  Gamma_eV  hw_eV  Re_sigma  Im_sigma")
for ef, temperature, gamma, hw in cases:
    s = interband(ef, temperature, gamma, hw)
    print(f"{ef} {temperature} {gamma} {hw} {mp.nstr(s.real, 20, min_fixed=-1, max_fixed=-1)} "
          f"{mp.nstr(s.imag, 20, min_fixed=-1, max_fixed=-1)}")
