// The Schur route (real quasi-triangular and complex triangular T, multi-shift blocked
// back-substitution): accuracy against the long-double reference on hard matrices, 2x2 bumps,
// projection, block-size independence, singular shifts and its diagnostics, whose references
// are closed forms (Henrici's departure from normality from known eigenvalues).
#include <doctest/doctest.h>

#include <iostream>

#include "triangular_route_checks.hpp"

using namespace specsweep;
using namespace specsweep::testing;

namespace {

Options schur() {
  Options o;
  o.method = Method::Schur;
  return o;
}

// Orthogonal similarity Q M Q^T with a seeded random Q: hides the structure from the route.
MatrixXd hide(const MatrixXd& M, unsigned seed) {
  const MatrixXd Q = Eigen::HouseholderQR<MatrixXd>(random_real(M.rows(), seed)).householderQ();
  return Q * M * Q.transpose();
}

}  // namespace

TEST_CASE("schur: relative error <= 100 eps cond(I - sA) on hard matrices, backward stable") {
  std::string table = accuracy_header("schur");
  for (const NamedMatrix& c : route_test_matrices()) {
    const SweepFigures f = check_accuracy_sweep(c, Method::Schur);
    CHECK(f.in_contract >= 10);
    table += accuracy_row(c, f);
  }
  std::cout << table << std::flush;
}

TEST_CASE("schur: projection, several right-hand sides and block sizes agree") {
  for (const NamedMatrix& c : route_test_matrices())
    if (c.name.rfind("random", 0) == 0 || c.name.rfind("complex pairs", 0) == 0)
      check_projection_and_blocks(c, Method::Schur);
}

TEST_CASE("schur: eigenvalues, spectral radius and Henrici's departure from normality") {
  // Block diagonal of a non-normal 2x2 bump [0 2; -1/2 0] (eigenvalues +-i), a normal bump
  // [0.3 1; -1 0.3] (0.3 +- i) and 1x1 blocks, hidden by an orthogonal similarity. Henrici:
  // dep^2 = ||A||_F^2 - sum |lambda|^2 = (4 + 1/4 - 2) from the first bump only.
  MatrixXd D = MatrixXd::Zero(6, 6);
  D(0, 1) = 2;
  D(1, 0) = -0.5;
  D(2, 2) = 0.3;
  D(2, 3) = 1;
  D(3, 2) = -1;
  D(3, 3) = 0.3;
  D(4, 4) = -0.8;
  D(5, 5) = 0.1;
  const MatrixXd A = hide(D, 3);
  const Resolvent R(A, schur());
  REQUIRE(R.route() == Route::Schur);
  const double expected = std::sqrt(2.25) / D.norm();
  CHECK(R.diagnostics().departure_from_normality == doctest::Approx(expected).epsilon(1e-10));
  CHECK(R.diagnostics().spectral_radius == doctest::Approx(std::hypot(0.3, 1.0)).epsilon(1e-12));
  std::vector<cplx> want = {{0, 1}, {0, -1}, {0.3, 1}, {0.3, -1}, {-0.8, 0}, {0.1, 0}};
  VectorXcd got = R.eigenvalues();
  REQUIRE(got.size() == 6);
  for (cplx w : want) {
    double best = 1e300;
    for (Index i = 0; i < got.size(); ++i) best = std::min(best, std::abs(got[i] - w));
    CHECK(best < 1e-13);
  }

  // A normal matrix (orthogonal similarity of rotations and reals) has departure ~ eps.
  MatrixXd N = MatrixXd::Zero(5, 5);
  N(0, 0) = N(1, 1) = std::cos(0.4);
  N(0, 1) = std::sin(0.4);
  N(1, 0) = -std::sin(0.4);
  N(2, 2) = 2;
  N(3, 3) = -1;
  N(4, 4) = 0.5;
  CHECK(Resolvent(hide(N, 8), schur()).diagnostics().departure_from_normality < 1e-13);

  // Complex triangular T: departure of a Jordan block J = 0.5 I + N is ||N||_F / ||J||_F.
  const MatrixXd J = dense_jordan_block(8, 0.5, 2);
  const Resolvent Rj(MatrixXcd(J.cast<cplx>() * cplx(0.6, 0.8)), schur());
  CHECK(Rj.diagnostics().departure_from_normality ==
        doctest::Approx(std::sqrt(7.0) / std::sqrt(7.0 + 8 * 0.25)).epsilon(1e-3));
}

TEST_CASE("schur: exactly singular shifts on a 1x1 and on a 2x2 bump are flagged, finite") {
  // Rows 0-1 form the bump [0 1; -1 0] (eigenvalues +-i): s = -i makes I - sT_JJ exactly
  // singular. t_22 = 0.5 makes s = 2 exactly singular. The other shifts share their blocks.
  MatrixXd A(3, 3);
  A << 0, 1, 0.3,  //
      -1, 0, 0.2,  //
      0, 0, 0.5;
  const std::vector<cplx> s = {cplx(0.2), cplx(0, -1), cplx(-0.4, 0.1), cplx(2), cplx(0.9, 0.3)};
  const MatrixXcd b = random_rhs(3, 1, 9);
  const SweepResult X = Resolvent(A, schur()).solve(s, b);
  CHECK(is_flagged(X, 1));
  CHECK(is_flagged(X, 3));
  CHECK(X.flagged.size() == 2);
  for (Index j = 0; j < X.shifts; ++j) CHECK(shift_block(X, j).allFinite());
  for (Index j : {0, 2, 4}) {
    const ReferenceSolution ref = reference_solve(A.cast<cplx>(), s[static_cast<size_t>(j)], b);
    CHECK(relative_error(shift_block(X, j), ref.x) <= 100 * kEpsD * ref.cond2);
  }
}

TEST_CASE("schur: a real A with complex shifts equals the same A given as complex data") {
  // Real arithmetic on T and Q (dgemm on the interleaved view) against the complex Schur form
  // of the same matrix, forced by a tiny imaginary part that changes x by ~1e-300.
  const MatrixXd A = real_with_complex_pairs(53, 6);
  MatrixXcd Ac = A.cast<cplx>();
  Ac(0, 0) += cplx(0, 1e-300);
  const std::vector<cplx> s = {cplx(0.3, 0.2), cplx(-1.1, 0.05), cplx(0.7, -0.4)};
  const MatrixXcd b = random_rhs(53, 1, 2);
  const SweepResult xr = Resolvent(A, schur()).solve(s, b);
  const SweepResult xc = Resolvent(Ac, schur()).solve(s, b);
  for (Index j = 0; j < 3; ++j) {
    const ReferenceSolution ref = reference_solve(Ac, s[static_cast<size_t>(j)], b);
    CHECK(relative_error(shift_block(xr, j), shift_block(xc, j)) <= 100 * kEpsD * ref.cond2);
  }
}
