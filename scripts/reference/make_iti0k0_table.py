#!/usr/bin/python3
"""Reference table for IK0(x) = int_0^x K0(t) dt and Ki1(x) = int_x^inf K0(t) dt.

Run once; the output lives in data/ and the C++ test reads it (it never runs Python).
Columns: x, scipy.special.iti0k0(x)[1], IK0 by mpmath quadrature at 40 digits, and Ki1 by
mpmath at 40 digits (quadrature on [x, inf) for x >= 2, pi/2 - IK0 below).

    /usr/bin/python3 scripts/reference/make_iti0k0_table.py > data/iti0k0_scipy.txt
"""
import numpy as np
import scipy
import scipy.special as sp
import mpmath as mp

mp.mp.dps = 40


def k0(t):
    return mp.besselk(0, t)


def ik0_and_ki1(x):
    x = mp.mpf(x)
    if x < 2:
        ik0 = mp.quad(k0, [0, x])
        return ik0, mp.pi / 2 - ik0
    ki1 = mp.quad(k0, [x, mp.inf])
    return mp.pi / 2 - ki1, ki1


xs = np.unique(np.concatenate([np.logspace(-6, np.log10(50.0), 161),
                               [0.5, 1.0, 1.999, 2.0, 2.001, 5.0, 10.0, 20.0, 30.0, 40.0]]))
print(f"# IK0(x) = int_0^x K0(t) dt; scipy {scipy.__version__} iti0k0, mpmath {mp.__version__} "
      f"at {mp.mp.dps} digits")
print("# x  scipy_iti0k0  mpmath_IK0  mpmath_Ki1")
for x in xs:
    ik0, ki1 = ik0_and_ki1(float(x))
    print(f"{x:.17e} {sp.iti0k0(x)[1]:.17e} {mp.nstr(ik0, 20, min_fixed=-1, max_fixed=-1)} "
          f"{mp.nstr(ki1, 20, min_fixed=-1, max_fixed=-1)}")
