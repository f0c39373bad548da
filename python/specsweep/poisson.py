"""Poisson front end (local backends): -Laplace(u) = f on the unit square by
diagonalise-divide-transform, T_x U + U T_y = F.

    >>> from specsweep import poisson
    >>> x = poisson.coordinates(256)                   # 255 interior points
    >>> X, Y = np.meshgrid(x, x, indexing="ij")
    >>> U = poisson.solve(2 * np.pi**2 * np.sin(np.pi * X) * np.sin(np.pi * Y), backend="dst")

The SUMMA backend runs over MPI from the CLI (`mpiexec -n 4 specsweep poisson --backend summa`).
"""
from ._specsweep import poisson as _core

solve = _core.solve
coordinates = _core.coordinates

__all__ = ["solve", "coordinates"]
