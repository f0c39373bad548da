"""Several Python threads share one Resolvent with the GIL released: each gets the answer
numpy.linalg.solve gives, and nothing process-wide changes. The check that failed before the
execution policy: OpenBLAS's own thread count, read from the loaded library itself, must be
the same after concurrent sweeps as before (a non-reentrant save/restore left it at 1)."""
import ctypes
import os
import threading

import numpy as np

import specsweep


def loaded_openblas():
    with open("/proc/self/maps") as maps:
        for line in maps:
            path = line.split()[-1]
            if "libopenblas" in os.path.basename(path):
                return ctypes.CDLL(path)
    return None


def reference(A, s, b):
    n = A.shape[0]
    return np.array([np.linalg.solve(np.eye(n) - sj * A, b) for sj in s])


def main():
    rng = np.random.default_rng(3)
    n = 200
    A = np.triu(rng.standard_normal((n, n))) / np.sqrt(n)  # non-normal: Schur route
    b = rng.standard_normal(n)
    s = 0.4 * np.exp(2j * np.pi * (np.arange(600) + 0.5) / 600)
    ref = reference(A, s[::50], b)
    blas = loaded_openblas()
    before = blas.openblas_get_num_threads() if blas else None

    shared = specsweep.Resolvent(A, method="schur", expected_shifts=len(s))
    one = specsweep.Resolvent(A, method="schur", threads=1)
    errors, results = [], {}

    def work(name, r):
        try:
            for _ in range(3):
                results[name] = r.solve(s, b)
        except Exception as e:  # reported below, never swallowed
            errors.append(f"{name}: {e!r}")

    threads = [threading.Thread(target=work, args=(f"shared{i}", shared)) for i in range(3)]
    threads.append(threading.Thread(target=work, args=("single", one)))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    for name, x in results.items():
        # cond(I - sA) is modest here (|s| ||A|| < 1): 1e-12 is rounding, not a loose bound.
        err = np.abs(x[::50] - ref).max() / np.abs(ref).max()
        assert err < 1e-12, (name, err)
    if blas is not None:
        after = blas.openblas_get_num_threads()
        assert after == before, f"OpenBLAS threads changed from {before} to {after}"
    print(f"ok: {len(results)} concurrent sweeps agree with numpy; OpenBLAS threads {before} -> "
          f"{blas.openblas_get_num_threads() if blas else 'n/a'}")


if __name__ == "__main__":
    main()
