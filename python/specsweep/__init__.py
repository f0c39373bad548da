"""specsweep: solve (I - sA) x(s) = b for one matrix A and many shifts s.

Factor A once (O(n^3)); every further shift then costs O(n^2), or O(n p) when only p outputs
C x(s) are wanted.

    >>> import numpy as np, specsweep
    >>> A = np.random.default_rng(0).standard_normal((200, 200)) / 20
    >>> b = np.ones(200)
    >>> shifts = np.linspace(0.1, 1.0, 1000)
    >>> r = specsweep.Resolvent(A)              # method="auto": picks a stable route
    >>> x = r.solve(shifts, b)                  # (1000, 200) complex128, x[j] = x(shifts[j])
    >>> r.method, r.reason                      # the route it chose and why
    >>> y = r.project(np.eye(3, 200), shifts, b)  # (1000, 3): C x(s), O(n p) per shift

Arrays. A, b, C and the shifts may be any real or complex numeric dtype, in C or Fortran
order. float64/complex128 arrays are read once straight into the engine's column-major
storage (C order is transposed during that single copy); other dtypes and non-contiguous views
are first converted by NumPy (one extra copy). The copy of A is O(n^2), against the O(n^3)
factorisation. Results are complex128 arrays that own the engine's buffer: no copy on the way
out. b of shape (n,) gives x of shape (k, n); b of shape (n, m) gives (k, n, m). C of shape
(p, n) gives (k, p[, m]); a 1-D C of shape (n,) gives (k[, m]).

Errors. Bad input (dtype, shape, NaN/Inf, unknown method) raises ValueError with the same
message the CLI prints; an environment or library failure raises RuntimeError.

Threads. The factorisation and the sweeps release the GIL. `.flagged` belongs to the last
solve/project call on that object, so share one Resolvent across threads only if you do not
read `.flagged`.

Accuracy. Whatever `auto` picks, and on the schur, hessenberg, direct and Hermitian routes, the
relative error of x(s) is at most about 100 eps cond(I - sA) for every shift with
cond(I - sA) eps < 1e-2. The general eig route is only as good as the conditioning of the
eigenvector basis allows. Numerically singular shifts are listed in `.flagged`.
"""
import numpy as _np

from ._specsweep import Resolvent, __version__

__all__ = ["Resolvent", "sweep", "__version__"]

try:  # the state-space front end, when the build has it: G(z) in python-control's layout
    from ._specsweep import freqresp  # noqa: F401
    __all__.append("freqresp")
except ImportError:
    pass

# Front ends, present when the build had them: specsweep.ribbon, specsweep.poisson.
for _front_end in ("ribbon", "poisson"):
    try:
        __import__(f"{__name__}.{_front_end}")
        __all__.append(_front_end)
    except ImportError:
        pass


def sweep(A, b, shifts, method="auto", observe=None, E=None):
    """x(s) = (I - sA)^-1 b, or (E - sA)^-1 b with `E`, for every s in `shifts` in one call.

    Returns an array of shape (k, n) (or (k, n, m) for b of shape (n, m)); with
    `observe=C` (p x n) returns C x(s) instead, shape (k, p[, m]). `method` is one of
    "auto", "direct", "eig", "schur", "hessenberg", "block-diagonal", "qz" (pencils). Builds
    a Resolvent told how many shifts and outputs to expect, so `auto` can weigh the
    factorisation against the sweep.
    """
    shifts = _np.atleast_1d(_np.asarray(shifts))
    C = None if observe is None else _np.asarray(observe)
    p = 0 if C is None else (1 if C.ndim == 1 else C.shape[0])
    E = None if E is None else _np.asarray(E)
    r = Resolvent(_np.asarray(A), method, E=E, expected_shifts=shifts.shape[0], observe_rows=p)
    b = _np.asarray(b)
    return r.solve(shifts, b) if C is None else r.project(C, shifts, b)
