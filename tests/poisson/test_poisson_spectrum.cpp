// The 1-D operator spectra: the closed-form sine basis against LAPACK stevd on the assembled
// tridiagonal, and the identities T Q = Q Lambda, Q^T Q = I checked on the assembled T.
#include <doctest/doctest.h>

#include "specsweep/poisson/spectrum.hpp"

using namespace specsweep;
using namespace specsweep::poisson;

namespace {

// T assembled from its definition, independently of any eigen-solver.
MatrixXd assembled_T(Index intervals, Boundary bc) {
  const Index N = unknowns(intervals, bc);
  const double h2inv = double(intervals) * double(intervals);
  MatrixXd T = MatrixXd::Zero(N, N);
  for (Index i = 0; i < N; ++i) {
    T(i, i) = 2 * h2inv;
    if (i > 0) T(i, i - 1) = -h2inv;
    if (i + 1 < N) T(i, i + 1) = -h2inv;
  }
  if (bc == Boundary::Neumann) {
    T(0, 0) = h2inv;
    T(N - 1, N - 1) = h2inv;
  }
  return T;
}

void check_eigenpairs(const MatrixXd& T, const Spectrum1D& s) {
  const Index N = T.rows();
  const double scale = T.norm();
  const double res = (T * s.Q - s.Q * s.lambda.asDiagonal()).norm() / scale;
  const double orth = (s.Q.transpose() * s.Q - MatrixXd::Identity(N, N)).norm();
  INFO("N = ", N, "  ||TQ - QL||/||T|| = ", res, "  ||Q^TQ - I|| = ", orth);
  CHECK(res < 1e-13 * double(N));
  CHECK(orth < 1e-13 * double(N));
  for (Index k = 1; k < N; ++k) CHECK(s.lambda[k] >= s.lambda[k - 1]);
}

}  // namespace

TEST_CASE("Dirichlet closed form diagonalises the assembled operator") {
  for (Index n : {2, 3, 17, 64, 257}) check_eigenpairs(assembled_T(n, Boundary::Dirichlet),
                                                       dirichlet_sine_spectrum(n));
}

TEST_CASE("stevd and the closed form agree for Dirichlet") {
  for (Index n : {5, 40, 129}) {
    const Spectrum1D c = dirichlet_sine_spectrum(n), s = tridiagonal_spectrum(n, Boundary::Dirichlet);
    const double lam_err = ((c.lambda - s.lambda).array().abs() / c.lambda.array()).maxCoeff();
    INFO("n = ", n, "  max rel eigenvalue difference ", lam_err);
    CHECK(lam_err < 1e-12);
    // Simple eigenvalues: the vectors agree up to sign, so |Q_c^T Q_s| is the identity.
    const MatrixXd overlap = (c.Q.transpose() * s.Q).cwiseAbs();
    CHECK((overlap - MatrixXd::Identity(n - 1, n - 1)).cwiseAbs().maxCoeff() < 1e-10);
  }
}

TEST_CASE("Neumann spectrum: eigenpairs, exact null mode, closed-form eigenvalues") {
  for (Index n : {2, 9, 100}) {
    const Spectrum1D s = tridiagonal_spectrum(n, Boundary::Neumann);
    check_eigenpairs(assembled_T(n, Boundary::Neumann), s);
    CHECK(s.lambda[0] == 0.0);
    // Cell-centred Neumann: lambda_k = (2 - 2cos(k pi/n))/h^2, k = 0..n-1.
    for (Index k = 1; k < n; ++k) {
      const double ref = (2 - 2 * std::cos(M_PI * double(k) / double(n))) * double(n * n);
      CHECK(std::abs(s.lambda[k] - ref) < 1e-11 * ref);
    }
  }
}

TEST_CASE("sine entries keep full accuracy for large index products") {
  // (j+1)(k+1) = 1024 n: the exact value is sin(1024 pi) = 0. A double argument 1024*M_PI
  // would be off by ~1e-13; the integer reduction gives 0 up to the rounding of one sin.
  const Index n = Index(1) << 20, j = (Index(1) << 15) - 1;
  const double scale = std::sqrt(2.0 / double(n));
  CHECK(std::abs(dirichlet_sine_entry(j, j, n)) < 1e-15 * scale);
  // (j+1)(k+1) = n/2 + 2n: sin(pi/2 + 2pi) = 1.
  CHECK(dirichlet_sine_entry((Index(1) << 19) * 5 - 1, 0, n) / scale ==
        doctest::Approx(1.0).epsilon(1e-15));
}
