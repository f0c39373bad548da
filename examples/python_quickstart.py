#!/usr/bin/python3
"""specsweep from Python in a dozen lines: factor once, sweep many shifts, project, check.

    PYTHONPATH=build/python /usr/bin/python3 examples/python_quickstart.py
"""
import numpy as np

import specsweep

rng = np.random.default_rng(0)
n = 400
A = rng.standard_normal((n, n)) / np.sqrt(n)        # any real/complex (n, n), C or F order
b = rng.standard_normal(n)
hw = np.linspace(0.05, 1.0, 4000)
shifts = -0.3 / (hw * (hw + 0.01j))                   # Drude-shaped, complex

r = specsweep.Resolvent(A, expected_shifts=len(shifts))   # method="auto"
print(f"route {r.method}: {r.reason}")
x = r.solve(shifts, b)                                # (4000, 400) complex128
C = np.zeros((2, n))
C[0, 0] = C[1, -1] = 1                                # observe two entries only
y = r.project(C, shifts, b)                           # (4000, 2): O(n p) per shift
print(f"x {x.shape}, y {y.shape}, flagged shifts: {r.flagged}")

j = 1234
ref = np.linalg.solve(np.eye(n) - shifts[j] * A, b)
print(f"shift {j}: |x - numpy|/|numpy| = {np.linalg.norm(x[j] - ref) / np.linalg.norm(ref):.1e}, "
      f"|y - C x| = {np.abs(y[j] - C @ x[j]).max():.1e}")
try:
    r.solve(shifts, np.ones(n + 1))
except ValueError as err:                             # same message as the CLI
    print(f"ValueError: {err}")
