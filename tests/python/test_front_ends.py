"""The front ends through Python: the Poisson solver against manufactured solutions (closed
forms), and the ribbon operator and modes against DESIGN.md 2's literature values."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
import check  # noqa: E402
import specsweep  # noqa: E402


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


if __name__ == "__main__":
    check.run(dict(globals()), "python_front_ends")
