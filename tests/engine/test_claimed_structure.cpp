// Structure a caller claims is verified, never trusted: the symmetric-definite product form
// A = V D with a V or D that is not symmetric must not take the product route (which
// symmetrises both and would answer another problem), and the answers must match an
// independent long-double LU solve of (I - s V D) x = b.
#include <doctest/doctest.h>

#include <random>
#include <string>

#include "reference_solve.hpp"
#include "specsweep/resolvent.hpp"

using namespace specsweep;
using namespace specsweep::testing;

namespace {

MatrixXd random_matrix(Index n, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> g(0.0, 1.0);
  MatrixXd M(n, n);
  for (Index j = 0; j < n; ++j)
    for (Index i = 0; i < n; ++i) M(i, j) = g(rng);
  return M;
}

MatrixXd spd(Index n, unsigned seed) {
  const MatrixXd M = random_matrix(n, seed);
  return M * M.transpose() / double(n) + MatrixXd::Identity(n, n);
}

MatrixXd symmetric(Index n, unsigned seed) {
  const MatrixXd M = random_matrix(n, seed);
  return (M + M.transpose()) / 2.0;
}

// Shifts with |s| ||A|| small enough that every system is well conditioned: an answer off by
// more than 1e-10 is a wrong answer, not rounding.
std::vector<cplx> shifts(const MatrixXd& A) {
  const double scale = 0.5 / A.norm();
  return {cplx(scale, 0.1 * scale), cplx(-scale, 0.3 * scale), cplx(0.2 * scale, -scale)};
}

double worst_error(const Resolvent& r, const MatrixXd& A) {
  const MatrixXcd b = MatrixXcd::Ones(A.rows(), 1);
  const std::vector<cplx> s = shifts(A);
  const SweepResult x = r.solve(s, b);
  double worst = 0;
  for (size_t j = 0; j < s.size(); ++j) {
    const ReferenceSolution ref = reference_solve(A.cast<cplx>(), s[j], b);
    MatrixXcd got(A.rows(), 1);
    for (Index i = 0; i < A.rows(); ++i) got(i, 0) = x(Index(j), i);
    worst = std::max(worst, relative_error(got, ref.x));
  }
  return worst;
}

bool contains(const std::string& text, const std::string& word) {
  return text.find(word) != std::string::npos;
}

}  // namespace

TEST_CASE("a symmetric V and D take the product route") {
  const Index n = 40;
  const MatrixXd V = spd(n, 1), D = symmetric(n, 2);
  const Resolvent r = Resolvent::symmetric_definite_product(V, D);
  CHECK(r.route() == Route::EigSymmetricDefinite);
  CHECK(r.diagnostics().product_form);
  CHECK(worst_error(r, V * D) < 1e-12);
}

TEST_CASE("a non-symmetric D is detected, A is formed, and the answers are right") {
  const Index n = 40;
  const MatrixXd V = spd(n, 3);
  MatrixXd D = symmetric(n, 4);
  D(0, n - 1) += 0.5;  // one broken entry: symmetrising it would solve another problem
  for (Method m : {Method::Auto, Method::Eig}) {
    Options o;
    o.method = m;
    const Resolvent r = Resolvent::symmetric_definite_product(V, D, o);
    INFO("method " << to_string(m) << ": " << r.reason());
    CHECK(r.route() != Route::EigSymmetricDefinite);
    CHECK_FALSE(r.diagnostics().product_form);
    CHECK(contains(r.reason(), "D is not symmetric"));
    CHECK(contains(r.reason(), "formed A = V D"));
    CHECK(worst_error(r, V * D) < 1e-10);
  }
}

TEST_CASE("a non-symmetric V is detected, A is formed, and the answers are right") {
  const Index n = 40;
  MatrixXd V = spd(n, 5);
  V += 1e-3 * random_matrix(n, 6);  // still positive definite in its symmetric part
  const MatrixXd D = symmetric(n, 7);
  const Resolvent r = Resolvent::symmetric_definite_product(V, D);
  INFO(r.reason());
  CHECK(r.route() != Route::EigSymmetricDefinite);
  CHECK(contains(r.reason(), "V is not symmetric"));
  CHECK(worst_error(r, V * D) < 1e-10);
}

TEST_CASE("both broken are named together") {
  const Index n = 12;
  MatrixXd V = spd(n, 8), D = symmetric(n, 9);
  V(1, 0) += 0.1;
  D(2, 0) -= 0.1;
  const Resolvent r = Resolvent::symmetric_definite_product(V, D);
  CHECK(contains(r.reason(), "V and D are not symmetric"));
  CHECK(worst_error(r, V * D) < 1e-10);
}

TEST_CASE("rounding-level asymmetry, as from assembling (M + M^T)/2 in another order, passes") {
  const Index n = 30;
  const MatrixXd V = spd(n, 10);
  MatrixXd D = symmetric(n, 11);
  D(3, 7) = std::nextafter(D(7, 3), 10.0);  // one ulp apart
  const Resolvent r = Resolvent::symmetric_definite_product(V, D);
  CHECK(r.route() == Route::EigSymmetricDefinite);
}
