// The shifted standard form: a pencil (E, A) whose A is exactly c I (state space with E = I maps
// to it) is solved as (E - s c I) x = b by the standard form's triangular routes on E (Schur,
// Hessenberg). Held to the pencil contract against the independent long-double reference: the
// relative error is at most 100 eps kappa(s), kappa(s) = ||(E - s c I)^-1||_2 (||E||_2 + |s| |c|),
// wherever kappa(s) eps < 1e-2, on hard matrices, real and complex, for methods schur,
// hessenberg and auto; shifts at an eigenvalue are flagged and flags are honest (a lower bound
// of kappa(s)); s = 0, which the standard form of E/c cannot express without E^-1, works and
// matches a closed form.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <limits>
#include <string>
#include <vector>

#include "hard_matrices.hpp"
#include "reference_solve.hpp"
#include "specsweep/resolvent.hpp"
#include "pencil_contract_checks.hpp"
#include "triangular_route_checks.hpp"

using namespace specsweep;
using namespace specsweep::testing;

namespace {

using Figures = PencilFigures;
constexpr double kEps = std::numeric_limits<double>::epsilon();

struct ShiftedCase {
  std::string name;
  MatrixXcd E;
  cplx c;
  bool real;  ///< E and c real: the real factorisations
};

std::vector<ShiftedCase> shifted_cases() {
  return {
      {"grcar(30), c = -1", grcar(30).cast<cplx>(), -1.0, true},
      {"frank(24), c = 2.5", frank(24).cast<cplx>(), 2.5, true},
      {"jordan(16, 0.7), c = -1", dense_jordan_block(16, 0.7, 5).cast<cplx>(), -1.0, true},
      {"kahan(30), c = 0.5", kahan(30).cast<cplx>(), 0.5, true},
      {"random real(97), c = -3", random_real(97, 21).cast<cplx>(), -3.0, true},
      {"random complex(70), c = 1-2i", random_complex(70, 8), cplx(1.0, -2.0), false},
      {"grcar(30), c = i", grcar(30).cast<cplx>(), cplx(0.0, 1.0), false},
  };
}

Resolvent build(const ShiftedCase& k, const Options& o) {
  const Index n = k.E.rows();
  if (k.real)
    return Resolvent(MatrixXd(k.E.real()), MatrixXd(k.c.real() * MatrixXd::Identity(n, n)), o);
  return Resolvent(k.E, MatrixXcd(k.c * MatrixXcd::Identity(n, n)), o);
}

// Shifts for E - s c I: s = 0, a spread over the spectrum's scale (real, imaginary, complex),
// and near-resonant s = lambda (1 + delta) / c for a few eigenvalues of E with delta from 1e-2
// down to 1e-10 (kappa(s) up to and past 1/eps).
std::vector<cplx> shifted_shifts(const ShiftedCase& k) {
  const VectorXcd lambda = reference_eigenvalues(k.E);
  const double rho = std::max(lambda.cwiseAbs().maxCoeff(), 1e-3) / std::abs(k.c);
  std::vector<cplx> s{0.0};
  for (double f : {0.05, 0.3, 1.0, 3.0, 20.0})
    for (double ang : {0.0, 0.5 * M_PI, 0.3, 2.2}) s.push_back(std::polar(f * rho, ang));
  for (Index j = 0; j < lambda.size(); j += std::max<Index>(1, lambda.size() / 4))
    for (double delta : {1e-2, 1e-5, 1e-8, 1e-10})
      s.push_back(lambda[j] * (1.0 + cplx(delta, 0.5 * delta)) / k.c);
  return s;
}

Figures check_shifted(const ShiftedCase& k, const PencilReferences& ref, Method method,
                      Index expected_shifts = 0) {
  Options o;
  o.method = method;
  o.expected_shifts = expected_shifts;
  const Resolvent R = build(k, o);
  INFO(k.name << " " << to_string(method) << ": " << R.reason());
  if (method == Method::Schur) CHECK(R.route() == Route::Schur);
  if (method == Method::Hessenberg) CHECK(R.route() == Route::Hessenberg);
  CHECK(R.reason().find("A = c I") != std::string::npos);
  // Both routes' estimates are lower bounds of kappa(s): a flagged shift lies outside it.
  return check_pencil_contract(R, ref, k.name + " " + to_string(method), true);
}

}  // namespace

TEST_CASE("shifted standard form: schur, hessenberg and auto within 100 eps kappa(s)") {
  std::string table = fmt::format(
      "\nshifted-form accuracy: max over shifts with kappa(s) eps < 1e-2 of rel.err / (eps "
      "kappa(s))\n{:<28} {:>9} {:>7} {:>9} {:>11} {:<11} {:>9} {:<11} {:>9}\n",
      "E, c", "in/shifts", "flagged", "schur", "hessenberg", "auto few", "", "auto many", "");
  for (const ShiftedCase& k : shifted_cases()) {
    const Index n = k.E.rows();
    const PencilReferences ref =
        pencil_references(k.E, MatrixXcd(k.c * MatrixXcd::Identity(n, n)), shifted_shifts(k),
                          random_rhs(n, 2, 19));
    const Figures s = check_shifted(k, ref, Method::Schur);
    const Figures h = check_shifted(k, ref, Method::Hessenberg);
    const Figures few = check_shifted(k, ref, Method::Auto, 20);
    const Figures many = check_shifted(k, ref, Method::Auto, 0);
    CHECK(few.route == "hessenberg");
    CHECK(many.route == "schur");
    CHECK(s.in_contract > s.shifts / 2);
    table +=
        fmt::format("{:<28} {:>4}/{:<4} {:>7} {:>9.2g} {:>11.2g} {:<11} {:>9.2g} {:<11} {:>9.2g}\n",
                    k.name, s.in_contract, s.shifts, s.flagged, s.worst, h.worst, few.route,
                    few.worst, many.route, many.worst);
  }
  std::cout << table;
}

TEST_CASE("shifted standard form: a shift exactly at an eigenvalue is flagged") {
  // Upper triangular E with exactly representable eigenvalues 1..n: gees and gehrd leave it
  // as it is, so E - s c I at s = 3 / c has an exactly zero pivot.
  const Index n = 12;
  MatrixXd E = MatrixXd::Zero(n, n);
  for (Index i = 0; i < n; ++i) {
    E(i, i) = double(i + 1);
    for (Index j = i + 1; j < n; ++j) E(i, j) = 0.25 * double((i * 7 + j * 3) % 5) - 0.5;
  }
  for (const double c : {2.0, -1.0}) {
    const MatrixXd A = c * MatrixXd::Identity(n, n);
    for (const Method m : {Method::Schur, Method::Hessenberg, Method::Auto}) {
      Options o;
      o.method = m;
      const Resolvent R(E, A, o);
      const std::vector<cplx> shifts{3.0 / c, 0.0, cplx(0.0, 1.0), 7.0 / c, 2.5 / c};
      const SweepResult X = R.solve(shifts, MatrixXcd::Ones(n, 1));
      INFO(to_string(m) << " (" << to_string(R.route()) << ") c = " << c);
      CHECK(X.data.size() == size_t(shifts.size() * n));
      for (const cplx v : X.data) CHECK(std::isfinite(std::abs(v)));
      CHECK(is_flagged(X, 0));
      CHECK(is_flagged(X, 3));
      CHECK_FALSE(is_flagged(X, 1));
      CHECK_FALSE(is_flagged(X, 2));
      CHECK_FALSE(is_flagged(X, 4));
    }
  }
}

TEST_CASE("shifted standard form: s = 0 gives E^-1 b (state space DC gain -A^-1 B)") {
  // E = I + N, N the superdiagonal of ones: (E^-1)_{ij} = (-1)^(j-i) for j >= i, so with
  // b = e_n the solution at s = 0 is x_i = (-1)^(n-1-i), exactly. The standard form of this
  // pencil would be (I - s E^-1 c) E x = b: it needs E^-1, the pencil form does not.
  const Index n = 40;
  MatrixXd E = MatrixXd::Identity(n, n);
  for (Index i = 0; i + 1 < n; ++i) E(i, i + 1) = 1.0;
  MatrixXcd b = MatrixXcd::Zero(n, 1);
  b(n - 1, 0) = 1.0;
  VectorXcd closed(n);
  for (Index i = 0; i < n; ++i) closed[i] = (n - 1 - i) % 2 == 0 ? 1.0 : -1.0;
  for (const Method m : {Method::Schur, Method::Hessenberg, Method::Auto}) {
    Options o;
    o.method = m;
    const Resolvent R(E, MatrixXd(-MatrixXd::Identity(n, n)), o);
    const SweepResult X = R.solve({cplx(0.0)}, b);
    INFO(to_string(m) << " (" << to_string(R.route()) << ")");
    CHECK(X.flagged.empty());
    const double err = (shift_block(X, 0).col(0) - closed).norm() / closed.norm();
    // kappa(0) = ||E^-1|| ||E|| ~ n^2: well inside the contract.
    CHECK(err <= 100 * kEps * double(n * n));
  }

  // The state-space reading: G(0) = C (0 I - A)^-1 B = -C A^-1 B, through the pencil
  // (E' - z A') with E' = -A, A' = -I, as statespace's frequency response builds it.
  const MatrixXd Ass = -E.transpose();  // stable: all eigenvalues -1
  const MatrixXd Bss = MatrixXd::Ones(n, 1), Css = MatrixXd::Ones(1, n);
  const MatrixXcd dc_ref =
      reference_solve_pencil(MatrixXcd(-Ass.cast<cplx>()), MatrixXcd(-MatrixXcd::Identity(n, n)),
                             cplx(0.0), Bss.cast<cplx>())
          .x;
  // -A^-1 B with A = -E^T: E^-T 1 = (1, 0, 1, 0, ...): sum over even i of 1 = n / 2 outputs.
  CHECK(std::abs((Css.cast<cplx>() * dc_ref)(0, 0) - cplx(double(n / 2))) <= 1e-12 * n);
  for (const Method m : {Method::Schur, Method::Hessenberg}) {
    Options o;
    o.method = m;
    const Resolvent R(MatrixXd(-Ass), MatrixXd(-MatrixXd::Identity(n, n)), o);
    const MatrixXcd C = Css.cast<cplx>();
    const SweepResult Y = R.project(C, {cplx(0.0)}, Bss.cast<cplx>());
    CHECK(std::abs(Y(0, 0, 0) - cplx(double(n / 2))) <= 1e-12 * n);
  }
}

TEST_CASE("shifted standard form: eigenvalues are eig(E) / c, diagnostics as qz's") {
  for (const ShiftedCase& k : shifted_cases()) {
    Options o;
    o.method = Method::Schur;
    const Resolvent R = build(k, o);
    o.method = Method::Qz;
    const Resolvent Q = build(k, o);
    const VectorXcd ev = R.eigenvalues(), ref = reference_eigenvalues(k.E) / k.c;
    INFO(k.name);
    REQUIRE(ev.size() == ref.size());
    // The sum is well conditioned even where single eigenvalues are not: trace(E) / c.
    const cplx trace = k.E.trace() / k.c;
    CHECK(std::abs(ev.sum() - trace) <= 1e-10 * double(k.E.rows()) * (k.E.norm() / std::abs(k.c)));
    // What the pencil route (qz) returned before: each eigenvalue matches one of qz's, and, for
    // the random matrices (the hard ones have ill-conditioned eigenvalues: Frank's small ones,
    // the Jordan block's spread by eps^(1/16)), one of Eigen's own QR algorithm's.
    const VectorXcd evq = Q.eigenvalues();
    const double tol = 1e-6 * std::max(1.0, ref.cwiseAbs().maxCoeff());
    for (Index j = 0; j < ev.size(); ++j) {
      double best = std::numeric_limits<double>::infinity(), best_q = best;
      for (Index i = 0; i < ref.size(); ++i) best = std::min(best, std::abs(ev[j] - ref[i]));
      for (Index i = 0; i < evq.size(); ++i) best_q = std::min(best_q, std::abs(ev[j] - evq[i]));
      CHECK(best_q <= tol);
      if (k.name.find("random") != std::string::npos) CHECK(best <= tol);
    }
    CHECK(R.diagnostics().pencil);
    CHECK(R.diagnostics().infinite_eigenvalues == 0);
    CHECK(R.diagnostics().spectral_radius ==
          doctest::Approx(Q.diagnostics().spectral_radius).epsilon(1e-6));
  }
  // Hessenberg computes no eigenvalues (as for the standard form): empty, never wrong.
  Options o;
  o.method = Method::Hessenberg;
  CHECK(build(shifted_cases()[0], o).eigenvalues().size() == 0);
}

TEST_CASE("shifted standard form: only A == c I exactly takes it; qz and direct as asked") {
  const Index n = 20;
  const MatrixXd E = random_real(n, 3);
  MatrixXd A = -MatrixXd::Identity(n, n);
  Options o;
  o.expected_shifts = 50;  // below both crossovers at n = 20, above the direct route's count
  CHECK(Resolvent(E, A, o).route() == Route::Hessenberg);
  CHECK(Resolvent(E, A, o).reason().find("A = c I") != std::string::npos);
  // No longer scalar: the general pencil's Hessenberg-triangular form.
  auto general = [&](const MatrixXd& A2) {
    const Resolvent R(E, A2, o);
    CHECK(R.route() == Route::Hessenberg);
    CHECK(R.reason().find("A = c I") == std::string::npos);
    CHECK(R.reason().find("Hessenberg-triangular") != std::string::npos);
  };
  A(3, 3) = -1.0 + 1e-15;
  general(A);
  A = -MatrixXd::Identity(n, n);
  A(0, 5) = 1e-300;
  general(A);
  A = -MatrixXd::Identity(n, n);
  o.method = Method::Qz;
  CHECK(Resolvent(E, A, o).route() == Route::Qz);
  o.method = Method::Direct;
  CHECK(Resolvent(E, A, o).route() == Route::Direct);
  // A symmetric E with A = c I is symmetric-definite: Auto keeps that modal route (O(n p) per
  // shift), for few shifts as for many, as the standard form keeps syevd for a Hermitian A.
  const MatrixXd S = random_symmetric(n, 4);
  Options many, few;
  few.expected_shifts = 10;
  CHECK(Resolvent(S, A, many).route() == Route::EigSymmetricDefinite);
  CHECK(Resolvent(S, A, few).route() == Route::EigSymmetricDefinite);
}
