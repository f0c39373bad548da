// Auto's rules: structure first (product form, Hermitian), then the measured Hessenberg/Schur
// crossover, then eig only for projections of nearly normal A with a small kappa(V); its reason
// carries the numbers that decided, and it is never less accurate than direct.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <random>

#include "hard_matrices.hpp"
#include "reference_solve.hpp"
#include "specsweep/resolvent.hpp"

using namespace specsweep;
using namespace specsweep::testing;

namespace {

constexpr double kEps = std::numeric_limits<double>::epsilon();

bool contains(const std::string& text, const std::string& word) {
  return text.find(word) != std::string::npos;
}

std::vector<cplx> drude_shifts(Index k, double scale) {
  std::vector<cplx> s;
  for (Index j = 0; j < k; ++j) {
    const double hw = 0.05 + 0.95 * double(j) / double(std::max<Index>(1, k - 1));
    s.push_back(scale * -0.3 / (hw * cplx(hw, 0.01)));
  }
  return s;
}

// max over shifts of rel.err / (eps cond), for projected outputs C x against C x_ref.
double worst_projected_ratio(const Resolvent& R, const MatrixXcd& A, const MatrixXcd& C,
                             const std::vector<cplx>& s, const MatrixXcd& b) {
  const SweepResult y = R.project(C, s, b);
  double worst = 0;
  for (size_t j = 0; j < s.size(); ++j) {
    const ReferenceSolution ref = reference_solve(A, s[j], b);
    if (ref.singular || ref.cond2 * kEps >= 1e-2) continue;
    const MatrixXcd want = C * ref.x;
    MatrixXcd got(C.rows(), 1);
    for (Index i = 0; i < C.rows(); ++i) got(i, 0) = y(static_cast<Index>(j), i);
    // Projection error is measured against ||C|| ||x||: C x may cancel, C x_ref cannot do better.
    const double err = (got - want).norm() / (C.norm() * ref.x.norm());
    worst = std::max(worst, std::isfinite(err) ? err / (kEps * ref.cond2)
                                               : std::numeric_limits<double>::infinity());
  }
  return worst;
}

}  // namespace

TEST_CASE("auto: symmetric and Hermitian A take syevd / heevd and say so") {
  Resolvent r(random_symmetric(30, 1));
  CHECK(r.route() == Route::EigHermitian);
  CHECK(contains(r.reason(), "symmetric"));
  CHECK(r.diagnostics().kappa_V == 1.0);

  MatrixXcd H = random_complex(20, 2);
  H = (H + H.adjoint()).eval() * 0.5;
  Resolvent rc(H);
  CHECK(rc.route() == Route::EigHermitian);
  CHECK(contains(rc.reason(), "Hermitian"));
}

TEST_CASE("auto: product V D with V SPD takes the symmetric-definite route, else forms A") {
  const Index n = 24;
  MatrixXd M = random_real(n, 3);
  const MatrixXd V = M * M.transpose() + MatrixXd::Identity(n, n);
  const MatrixXd D = random_symmetric(n, 4);
  Resolvent r = Resolvent::symmetric_definite_product(V, D);
  CHECK(r.route() == Route::EigSymmetricDefinite);
  CHECK(contains(r.reason(), "SPD"));
  CHECK(r.diagnostics().product_form);

  MatrixXd Vindef = V;
  Vindef(0, 0) = -50;  // not positive definite
  Resolvent f = Resolvent::symmetric_definite_product(Vindef, D);
  CHECK(f.route() != Route::EigSymmetricDefinite);
  CHECK(f.route() != Route::Eig);
  CHECK(contains(f.reason(), "not positive definite"));

  // Both answer (I - sA) x = b within the contract.
  const MatrixXcd b = MatrixXcd::Ones(n, 1);
  for (const auto* R : {&r, &f}) {
    const MatrixXd A = (R == &r ? V : Vindef) * D;
    for (cplx s : {cplx(0.01, 0.002), cplx(-0.003, 0.0005)}) {
      const ReferenceSolution ref = reference_solve(A.cast<cplx>(), s, b);
      const SweepResult x = R->solve({s}, b);
      MatrixXcd got(n, 1);
      for (Index i = 0; i < n; ++i) got(i, 0) = x(0, i);
      const double ratio = relative_error(got, ref.x) / (kEps * ref.cond2);
      INFO(R->reason() << " s = " << s << " err/(eps cond) = " << ratio);
      CHECK(ratio <= 100);
    }
  }
}

TEST_CASE("auto: few announced shifts take Hessenberg, many take Schur, with the crossover named") {
  const MatrixXd A = random_real(64, 5);
  Options few;
  few.expected_shifts = 2;
  Resolvent h(A, few);
  CHECK(h.route() == Route::Hessenberg);
  CHECK(contains(h.reason(), "crossover"));
  CHECK(contains(h.reason(), "n=64"));

  Options many;
  many.expected_shifts = 1000000;
  Resolvent s(A, many);
  CHECK(s.route() == Route::Schur);
  CHECK(contains(s.reason(), "Schur"));
  const Diagnostics& d = s.diagnostics();
  CHECK(std::isfinite(d.departure_from_normality));
  CHECK(d.departure_from_normality > 0.1);  // a Gaussian matrix is far from normal
  CHECK(std::isfinite(d.spectral_radius));
  CHECK(d.spectral_radius > 0.5);
  CHECK(d.spectral_radius < 2.0);  // circular law: rho ~ 1 for entries of variance 1/n

  Resolvent unknown(A);  // no hint: assume many shifts
  CHECK(unknown.route() == Route::Schur);
}

TEST_CASE("auto: projection of a nearly normal A takes eig and matches direct") {
  const Index n = 40;
  const MatrixXd A = nearly_normal(n, 1e-3, 21);
  Options o;
  o.observe_rows = 2;
  Resolvent r(A, o);
  CHECK(r.route() == Route::Eig);
  const Diagnostics& d = r.diagnostics();
  INFO(r.reason());
  CHECK(d.departure_from_normality <= 0.1);
  CHECK(d.kappa_V <= 1e2);
  CHECK(contains(r.reason(), "kappa(V)"));

  const MatrixXcd C = random_complex(n, 6).topRows(2);
  const MatrixXcd b = MatrixXcd::Ones(n, 1);
  const auto s = drude_shifts(25, 0.5);
  Options od;
  od.method = Method::Direct;
  const double auto_ratio = worst_projected_ratio(r, A.cast<cplx>(), C, s, b);
  const double direct_ratio = worst_projected_ratio(Resolvent(A, od), A.cast<cplx>(), C, s, b);
  INFO("auto " << auto_ratio << " direct " << direct_ratio << " (err / (eps cond))");
  CHECK(auto_ratio <= 100);
  CHECK(auto_ratio <= 10 * std::max(direct_ratio, 1.0));
}

TEST_CASE("auto: projection of Grcar, Jordan, Frank and a random matrix does not take eig") {
  struct Named {
    const char* name;
    MatrixXd A;
  };
  for (const Named& c : {Named{"grcar", grcar(32)}, Named{"jordan", dense_jordan_block(12, 0.5, 7)},
                         Named{"frank", frank(20)}, Named{"random", random_real(50, 8)}}) {
    Options o;
    o.observe_rows = 1;
    Resolvent r(c.A, o);
    INFO(c.name << ": " << r.reason());
    CHECK(r.route() == Route::Schur);
    CHECK((contains(r.reason(), "departure") || contains(r.reason(), "kappa(V)")));
    const MatrixXcd C = MatrixXcd::Ones(1, c.A.rows());
    const MatrixXcd b = MatrixXcd::Ones(c.A.rows(), 1);
    const auto s = accuracy_shifts(c.A.cast<cplx>());
    CHECK(worst_projected_ratio(r, c.A.cast<cplx>(), C, s, b) <= 100);
  }
}

TEST_CASE("auto: a nearly normal A with close eigenvalues has large kappa(V) and falls back to Schur") {
  // Two eigenvalues 1e-9 apart coupled by 1e-3: departure is tiny relative to ||A||, but the
  // eigenvectors of the pair are nearly parallel (kappa(V) ~ 1e6).
  const Index n = 30;
  MatrixXd A = MatrixXd::Zero(n, n);
  for (Index i = 0; i < n; ++i) A(i, i) = 1.0 + static_cast<double>(i);
  A(1, 1) = A(0, 0) + 1e-9;
  A(0, 1) = 1e-3;
  Options o;
  o.observe_rows = 3;
  Resolvent r(A, o);
  INFO(r.reason());
  CHECK(r.route() == Route::Schur);
  CHECK(r.diagnostics().kappa_V > 1e2);
  CHECK(contains(r.reason(), "kappa(V)"));
}

TEST_CASE("block-diagonal splits a well-separated spectrum within the contract; auto takes it "
          "from 64 n shifts on, and keeps Schur for Grcar, Jordan and Frank") {
  Options many;
  many.expected_shifts = 100000;
  // Well separated: eigenvalues 1/n .. 1 (gaps 1/48) coupled by 1e-2 random entries, so every
  // eigenvalue splits off with ||X|| ~ 1e-2 / gap < 1 and kappa(W) stays near 1.
  const MatrixXd A = nearly_normal(48, 1e-2, 41);
  {
    const Resolvent a(A, many);
    MESSAGE(a.reason());
    CHECK(a.route() == Route::BlockDiagonal);
    CHECK(a.reason().find("100000 shifts >= 64 n: Schur form block-diagonalised into") !=
          std::string::npos);
    CHECK(a.reason().find("kappa(W) ~ ") != std::string::npos);
  }
  Options fewer = many;
  fewer.expected_shifts = 64 * 48 - 1;  // below the attempt: Schur, not even tried
  CHECK(Resolvent(A, fewer).route() == Route::Schur);
  Options requested = many;
  requested.method = Method::BlockDiagonal;
  Resolvent r(A, requested);
  INFO(r.reason());
  CHECK(r.route() == Route::BlockDiagonal);
  // Accurate like the Schur route (same contract as test_accuracy_contract).
  const std::vector<cplx> s = drude_shifts(12, 0.4);
  const MatrixXcd b = MatrixXcd::Ones(48, 1);
  const SweepResult x = r.solve(s, b);
  for (size_t j = 0; j < s.size(); ++j) {
    const ReferenceSolution ref = reference_solve(A.cast<cplx>(), s[j], b);
    MatrixXcd got(48, 1);
    for (Index i = 0; i < 48; ++i) got(i, 0) = x(Index(j), i);
    const double ratio = relative_error(got, ref.x) / (kEps * ref.cond2);
    INFO("s = " << s[j] << " err/(eps cond) = " << ratio);
    CHECK(ratio <= 100.0);
  }

  struct Hard {
    const char* name;
    MatrixXd A;
  };
  const Hard hard[] = {{"grcar(32)", grcar(32)},
                       {"jordan(12)", dense_jordan_block(12, 0.5, 3)},
                       {"frank(24)", frank(24)}};
  for (const Hard& c : hard) {
    Resolvent h(c.A, many);
    INFO(c.name << ": " << h.reason());
    CHECK(h.route() == Route::Schur);
    CHECK(h.reason().find("block-diagonalised") == std::string::npos);
  }
}
