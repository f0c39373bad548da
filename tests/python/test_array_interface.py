"""The NumPy boundary of specsweep: dtypes, memory orders, shapes, errors, result ownership,
threads. The same matrix in any accepted layout must give bit-identical answers, because the
engine receives the same numbers."""
import os
import sys
import threading

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
import check  # noqa: E402
import specsweep  # noqa: E402

RNG = np.random.default_rng(11)
N = 24
A = RNG.standard_normal((N, N)) / np.sqrt(N)
B = RNG.standard_normal(N)
S = np.linspace(0.05, 0.6, 7)


def solve(a, b=B, s=S, method="schur"):
    return specsweep.Resolvent(a, method).solve(s, b)


def expect_value_error(fn, *fragments):
    try:
        fn()
    except ValueError as exc:
        msg = str(exc)
        for f in fragments:
            assert f in msg, f"message {msg!r} lacks {f!r}"
        return msg
    raise AssertionError(f"no ValueError (expected one mentioning {fragments})")


def test_c_and_fortran_order_identical():
    x_c = solve(np.ascontiguousarray(A))
    x_f = solve(np.asfortranarray(A))
    assert np.array_equal(x_c, x_f)
    x_bf = solve(np.ascontiguousarray(A), b=np.asfortranarray(np.stack([B, 2 * B], axis=1)))
    assert x_bf.shape == (len(S), N, 2)
    assert np.array_equal(x_bf[:, :, 0], x_c)


def test_strided_views_identical():
    big = np.zeros((2 * N, 3 * N))
    big[::2, ::3] = A
    view = big[::2, ::3]
    assert not view.flags.c_contiguous and not view.flags.f_contiguous
    assert np.array_equal(solve(view), solve(A))
    assert np.array_equal(solve(A[::-1, ::-1][::-1, ::-1]), solve(A))
    bb = np.zeros(2 * N)
    bb[::2] = B
    assert np.array_equal(solve(A, b=bb[::2]), solve(A))


def test_other_numeric_dtypes_are_converted_exactly():
    A32 = A.astype(np.float32)
    assert np.array_equal(solve(A32), solve(A32.astype(np.float64)))
    Ai = np.round(4 * A).astype(np.int64)
    assert np.array_equal(solve(Ai), solve(Ai.astype(np.float64)))
    Ac64 = (A + 0.5j * A.T).astype(np.complex64)
    assert np.array_equal(solve(Ac64), solve(Ac64.astype(np.complex128)))
    # integer shifts and lists are accepted as numbers
    assert np.array_equal(specsweep.Resolvent(A).solve([0, 1], B),
                          specsweep.Resolvent(A).solve(np.array([0.0, 1.0]), B))


def test_complex_storage_of_a_real_matrix():
    """A real matrix stored as complex128 is recognised as real (factored in real arithmetic)."""
    r = specsweep.Resolvent(A.astype(complex))
    assert r.diagnostics["real"] is True
    assert np.allclose(r.solve(S, B), solve(A), rtol=1e-13, atol=1e-13)


def test_result_is_owned_complex128_without_copy():
    r = specsweep.Resolvent(A, "schur")
    x = r.solve(S, B)
    assert x.dtype == np.complex128 and x.flags.c_contiguous and x.flags.writeable
    assert not x.flags.owndata and x.base is not None  # NumPy holds the engine's buffer
    kept = x.copy()
    x[:] = 0  # writable, and the same Resolvent's next result does not share that buffer
    assert np.array_equal(r.solve(S, B), kept)
    assert specsweep.Resolvent(A).solve([], B).shape == (0, N)


def test_scalar_shift_counts_as_one():
    x = specsweep.Resolvent(A).solve(0.3, B)
    assert x.shape == (1, N)


def test_bad_dtypes_raise_value_error():
    expect_value_error(lambda: solve(A > 0), "A", "dtype bool")
    expect_value_error(lambda: solve(A.astype(object)), "A", "dtype object")
    expect_value_error(lambda: solve(np.array([["a", "b"], ["c", "d"]])), "A", "dtype")
    expect_value_error(lambda: solve(A, b=np.array(["x"] * N)), "b", "dtype")
    expect_value_error(lambda: solve(A, s=np.array(["x"])), "shifts", "dtype")
    r = specsweep.Resolvent(A)
    expect_value_error(lambda: r.project(np.ones((2, N), bool), S, B), "C", "dtype bool")
    expect_value_error(lambda: specsweep.Resolvent.from_product(A + 0j, A), "V must be real")


def test_bad_shapes_raise_value_error():
    expect_value_error(lambda: solve(np.ones(N)), "A must be a 2-D array", "(24,)")
    expect_value_error(lambda: solve(np.ones((2, N, N))), "A must be a 2-D array", "(2, 24, 24)")
    expect_value_error(lambda: solve(np.ones((3, 4))), "A must be square, got 3x4")
    expect_value_error(lambda: solve(np.ones((0, 0))), "A is empty")
    expect_value_error(lambda: solve(A, b=np.ones(N + 1)), "b has 25 rows but A is 24x24")
    expect_value_error(lambda: solve(A, b=np.ones((N, 2, 2))), "b must be a 1-D or 2-D array")
    expect_value_error(lambda: solve(A, s=np.ones((2, 2))), "shifts must be a 1-D array")
    r = specsweep.Resolvent(A)
    expect_value_error(lambda: r.project(np.ones((2, N + 1)), S, B), "C has 25 columns")


def test_non_finite_and_options_raise_value_error():
    bad = A.copy()
    bad[3, 4] = np.nan
    expect_value_error(lambda: solve(bad), "A contains NaN or Inf")
    expect_value_error(lambda: solve(A, b=np.full(N, np.inf)), "b contains NaN or Inf")
    expect_value_error(lambda: solve(A, s=np.array([0.1, np.nan])), "shift 1 is not finite")
    expect_value_error(lambda: specsweep.Resolvent(A, "lu"), "unknown method 'lu'")
    expect_value_error(lambda: specsweep.Resolvent(A, block_size=-1), "block_size")


def test_properties():
    r = specsweep.Resolvent(A, "hessenberg")
    assert r.method == "hessenberg" and r.n == N
    assert "requested" in r.reason
    d = r.diagnostics
    assert set(d) >= {"n", "real", "hermitian", "norm_fro", "departure_from_normality",
                      "kappa_V", "spectral_radius"}
    assert d["n"] == N and abs(d["norm_fro"] - np.linalg.norm(A)) < 1e-12 * np.linalg.norm(A)
    assert r.flagged == []
    # auto on a general A: the keyword reaches the Hessenberg/Schur crossover, named in the reason
    few = specsweep.Resolvent(A, expected_shifts=1)
    many = specsweep.Resolvent(A, expected_shifts=10**6)
    assert (few.method, many.method) == ("hessenberg", "schur"), (few.reason, many.reason)
    assert "crossover" in few.reason and "crossover" in many.reason
    sym = specsweep.Resolvent(A + A.T)
    assert sym.method == "eig-hermitian", sym.method
    ev = np.sort_complex(sym.eigenvalues)
    assert np.allclose(ev.real, np.linalg.eigvalsh(A + A.T), atol=1e-12)
    assert repr(r) == "<specsweep.Resolvent n=24 method='hessenberg'>"


def test_threads_share_one_resolvent():
    r = specsweep.Resolvent(A)
    ref = r.solve(S, B)
    out = [None] * 4

    def work(i):
        out[i] = r.solve(S * (1 + i) / 4, B * (i + 1))

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert np.allclose(out[3], 4 * ref, rtol=1e-13, atol=1e-13)
    for i in range(4):
        assert np.allclose(out[i], r.solve(S * (1 + i) / 4, B * (i + 1)), rtol=0, atol=0)


if __name__ == "__main__":
    check.run(dict(globals()), "python_interface")
