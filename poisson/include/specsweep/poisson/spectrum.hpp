#pragma once
// Eigenpairs of the 1-D three-point operator T (T = Q diag(lambda) Q^T, Q orthogonal), the
// "diagonalise" step of the Poisson pipeline.
//   Dirichlet, n intervals, unknowns at x_i = (i+1)h, i < n-1, h = 1/n:
//     T = tridiag(-1, 2, -1)/h^2, closed form lambda_k = (2 - 2cos((k+1)pi/n))/h^2,
//     Q_jk = sqrt(2/n) sin((j+1)(k+1)pi/n).
//   Neumann (zero flux), n cells, unknowns at cell centres x_i = (i+1/2)h, i < n:
//     T = tridiag(-1, 2, -1)/h^2 with the corner entries 1: symmetric, singular (constants).
//     Eigenpairs from stevd; the null mode is pinned to lambda_0 = 0, q_0 = 1/sqrt(n).
// docs/design.md#poisson-discretisation
#include "specsweep/types.hpp"

namespace specsweep::poisson {

enum class Boundary { Dirichlet, Neumann };

/// @return the unknowns along one axis with `intervals` grid intervals: intervals - 1
///         (Dirichlet, interior nodes) or intervals (Neumann, cell centres)
Index unknowns(Index intervals, Boundary bc);
/// @return the coordinate of unknown i on [0, 1]: (i + 1) h or (i + 1/2) h, h = 1/intervals
double coordinate(Index i, Index intervals, Boundary bc);

struct Spectrum1D {
  VectorXd lambda;  ///< ascending eigenvalues of T
  MatrixXd Q;       ///< orthonormal eigenvectors, column k for lambda_k
};

/// Closed-form eigenvalues of the uniform Dirichlet operator, ascending, as 4 sin^2(.)/h^2 (no
/// cancellation for the small ones). No Q: O(N).
VectorXd dirichlet_eigenvalues(Index intervals);
/// Closed-form sine basis of the uniform Dirichlet operator (exact to rounding). O(N^2).
Spectrum1D dirichlet_sine_spectrum(Index intervals);
/// T assembled and diagonalised by LAPACK stevd (divide and conquer, O(N^2) with vectors).
/// @throws Error (kind Input) if there are no unknowns; Error (kind Runtime) if stevd fails
Spectrum1D tridiagonal_spectrum(Index intervals, Boundary bc);
/// The closed form where it exists (uniform Dirichlet), stevd otherwise.
Spectrum1D laplacian_spectrum(Index intervals, Boundary bc);
/// Q_jk of the uniform Dirichlet sine basis, with the argument (j+1)(k+1) reduced mod 2n in
/// integers so it keeps full relative accuracy for large n. O(1).
double dirichlet_sine_entry(Index j, Index k, Index intervals);

}  // namespace specsweep::poisson
