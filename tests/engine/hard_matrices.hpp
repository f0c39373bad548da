#pragma once
// Test matrices on which spectral methods are known to struggle (Higham, "Accuracy and
// Stability of Numerical Algorithms", and MATLAB's gallery): ill-conditioned eigenvalues,
// defective or strongly non-normal A, wide dynamic range. Each is defined by its formula so a
// reader can check it; none comes from specsweep output.
#include <string>
#include <vector>

#include "specsweep/types.hpp"

namespace specsweep::testing {

/// Frank matrix: F(i,j) = n + 1 - max(i,j) for j >= i - 1 (1-based), 0 below; its small
/// eigenvalues are very ill-conditioned.
MatrixXd frank(Index n);
/// Grcar matrix: -1 on the subdiagonal, 1 on the diagonal and the k superdiagonals; highly
/// non-normal, pseudospectra far wider than the spectrum.
MatrixXd grcar(Index n, Index k = 3);
/// Kahan's upper-triangular matrix diag(1, s, s^2, ...) (I - c * strict upper ones),
/// s = sin(theta), c = cos(theta).
MatrixXd kahan(Index n, double theta = 1.2);
/// Jordan block J = lambda I + N (one eigenvalue, geometric multiplicity 1), made dense by an
/// orthogonal similarity Q J Q^T so no route sees the structure.
MatrixXd dense_jordan_block(Index n, double lambda, unsigned seed);
/// Companion matrix (first row -c_{n-1} ... -c_0, ones on the subdiagonal) of the monic
/// polynomial with the given roots.
MatrixXd companion_from_roots(const std::vector<double>& roots);
/// Graded matrix: G(i,j) = g_ij 10^(-decades (i+j) / (2(n-1))), g_ij standard normal; entries
/// span `decades` orders of magnitude.
MatrixXd graded(Index n, double decades, unsigned seed);
/// Symmetric random matrix (M + M^T)/2 scaled to spectral radius about 1.
MatrixXd random_symmetric(Index n, unsigned seed);
/// Hilbert matrix H(i,j) = 1/(i+j-1): symmetric positive definite, eigenvalues down to ~1e-17
/// relative at n = 12.
MatrixXd hilbert(Index n);
/// Gaussian random real / complex matrix scaled to spectral radius about 1.
MatrixXd random_real(Index n, unsigned seed);
MatrixXcd random_complex(Index n, unsigned seed);

/// Nearly normal, non-symmetric: diag(1/n, 2/n, ..., 1) plus coupling * random_real(n, seed);
/// well-separated real spectrum, so kappa(V) stays near 1 (the case where eig is safe).
MatrixXd nearly_normal(Index n, double coupling, unsigned seed);

/// Clustered spectrum: Q (D + N) Q^T with D holding n/2 pairs of real eigenvalues gap apart
/// (pair centres spread over [-1, 1]), N strictly upper random of size 0.3/sqrt(n) and Q random
/// orthogonal: each pair is coupled, so its eigenvectors are nearly parallel (kappa ~ 1/gap).
MatrixXd clustered_pairs(Index n, double gap, unsigned seed);
/// dense_jordan_block(n, lambda) with delta added at the bottom-left corner (before the
/// orthogonal similarity): eigenvalues lambda + delta^(1/n) on a circle, each of condition
/// about delta^(1/n - 1): nearly defective.
MatrixXd perturbed_jordan(Index n, double lambda, double delta, unsigned seed);
/// Normal, non-symmetric, with repeated eigenvalues: Q blockdiag(...) Q^T with 2x2 blocks
/// [a -b; b a] and 1x1 blocks drawn from a few fixed values (each eigenvalue several times).
MatrixXd normal_repeated(Index n, unsigned seed);

/// Eigenvalues by Eigen's own QR algorithm (independent of the LAPACK-based routes).
VectorXcd reference_eigenvalues(const MatrixXcd& A);

/// A set of shifts for an accuracy sweep of A: real and complex shifts across the spectrum
/// scale 1/rho(A), Drude-shaped ones, and near-resonant ones s = (1 + delta)/lambda for a few
/// eigenvalues with |delta| from 1e-2 down to 1e-9 (cond(I - sA) up to and past 1/eps).
std::vector<cplx> accuracy_shifts(const MatrixXcd& A);

}  // namespace specsweep::testing
