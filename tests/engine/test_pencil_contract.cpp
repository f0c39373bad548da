// The pencil contract (E - sA) x = b: for every shift with kappa(s) eps < 1e-2 the relative
// error of auto, qz, hessenberg (the Hessenberg-triangular form), direct (and the
// symmetric-definite route where it applies) is at most
// 100 eps kappa(s), kappa(s) = ||(E - sA)^-1||_2 (||E||_2 + |s| ||A||_2), against the
// long-double reference (which measures kappa(s) from its explicit inverse). Prints the table.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <limits>
#include <map>

#include "hard_matrices.hpp"
#include "hard_pencils.hpp"
#include "reference_solve.hpp"
#include "specsweep/resolvent.hpp"
#include "pencil_contract_checks.hpp"
#include "triangular_route_checks.hpp"

using namespace specsweep;
using namespace specsweep::testing;

namespace {

constexpr double kEps = std::numeric_limits<double>::epsilon();
constexpr double kContract = 100.0;  // allowed err / (eps kappa(s))

Resolvent build_pencil(const NamedPencil& p, const Options& o) {
  return p.real ? Resolvent(MatrixXd(p.E.real()), MatrixXd(p.A.real()), o) : Resolvent(p.E, p.A, o);
}

PencilFigures check_pencil(const NamedPencil& p, const PencilReferences& ref, Method method) {
  Options o;
  o.method = method;
  const Resolvent R = build_pencil(p, o);
  const std::string route = to_string(R.route());
  return check_pencil_contract(R, ref, p.name + " " + to_string(method),
                               route == "qz" || route == "hessenberg");
}

}  // namespace

TEST_CASE("pencil contract: auto, qz, hessenberg, direct within 100 eps kappa(s) on hard pencils") {
  std::string table = fmt::format(
      "\npencil accuracy table: max over shifts with kappa(s) eps < 1e-2 of rel.err / (eps "
      "kappa(s))\n{:<24} {:>4} {:<24} {:>9} {:>8} {:>9} {:>9} {:>10} {:>9} {:>9}\n",
      "pencil", "n", "auto chose", "in/shifts", "flagged", "auto", "qz", "hessenberg", "direct",
      "eig");
  for (const NamedPencil& p : hard_pencils()) {
    const PencilReferences ref =
        pencil_references(p.E, p.A, pencil_accuracy_shifts(p), random_rhs(p.A.rows(), 2, 19));
    const PencilFigures a = check_pencil(p, ref, Method::Auto);
    const PencilFigures q = check_pencil(p, ref, Method::Qz);
    const PencilFigures h = check_pencil(p, ref, Method::Hessenberg);
    const PencilFigures d = check_pencil(p, ref, Method::Direct);
    CHECK(q.route == "qz");
    CHECK(h.route == "hessenberg");
    CHECK(d.route == "direct");
    CHECK(a.in_contract >= 10);
    std::string eig = "-";
    if (p.symmetric_definite) {
      const PencilFigures e = check_pencil(p, ref, Method::Eig);
      CHECK(e.route == "eig-symmetric-definite");
      CHECK(a.route == "eig-symmetric-definite");
      eig = fmt::format("{:.3g}", e.worst);
    } else {
      CHECK(a.route == "qz");
    }
    table += fmt::format(
        "{:<24} {:>4} {:<24} {:>4}/{:<4} {:>8} {:>9.3g} {:>9.3g} {:>10.3g} {:>9.3g} {:>9}\n",
        p.name, p.A.rows(), a.route, a.in_contract, a.shifts, q.flagged, a.worst, q.worst,
        h.worst, d.worst, eig);
  }
  std::cout << table << std::flush;
}

TEST_CASE("pencil with E = I exactly is the standard path, bit for bit") {
  const MatrixXd A = random_real(40, 3);
  const MatrixXd I = MatrixXd::Identity(40, 40);
  const MatrixXcd B = random_rhs(40, 1, 4);
  const std::vector<cplx> s{cplx(0.3), cplx(0.1, 0.7), cplx(-2.0, 0.01)};
  for (Method m : {Method::Auto, Method::Schur, Method::Hessenberg, Method::Direct}) {
    Options o;
    o.method = m;
    const Resolvent std_r(A, o), pen_r(I, A, o);
    CHECK(pen_r.route() == std_r.route());
    CHECK(pen_r.reason() == std_r.reason());
    CHECK_FALSE(pen_r.diagnostics().pencil);
    const SweepResult a = std_r.solve(s, B), b = pen_r.solve(s, B);
    CHECK(a.data == b.data);
  }
}

TEST_CASE("pencil auto: reasons name singular E and A, claimed symmetry is verified") {
  const auto pencils = hard_pencils();
  auto find = [&](const std::string& name) {
    return *std::find_if(pencils.begin(), pencils.end(), [&](const NamedPencil& p) { return p.name == name; });
  };
  {
    const NamedPencil p = find("singular E(36)");
    const Resolvent R(MatrixXd(p.E.real()), MatrixXd(p.A.real()));
    CHECK(R.route() == Route::Qz);
    CHECK(R.diagnostics().pencil);
    CHECK(R.diagnostics().zero_eigenvalues == 3);
    CHECK(R.reason().find("E is singular") != std::string::npos);
    // s = 0 is an eigenvalue: flagged, finite best effort.
    const SweepResult X = R.solve({cplx(0.0), cplx(0.5)}, random_rhs(36, 1, 2));
    REQUIRE(X.flagged.size() == 1);
    CHECK(X.flagged[0].index == 0);
  }
  {
    const NamedPencil p = find("RLC ladder MNA(38)");
    const Resolvent R(MatrixXd(p.E.real()), MatrixXd(p.A.real()));
    CHECK(R.route() == Route::Qz);
    // Storage-free unknowns: the 13 resistor-only nodes (v_0 and a_k) and the source current.
    CHECK(R.diagnostics().infinite_eigenvalues == 14);
    CHECK(R.reason().find("A is singular") != std::string::npos);
  }
  {
    MatrixXd K, M;
    mass_spring_chain(30, K, M);
    const Resolvent R(K, M);
    CHECK(R.route() == Route::EigSymmetricDefinite);
    CHECK(R.reason().find("A positive definite") != std::string::npos);
    // The generalised eigenvalues are the chain's omega^2: real, positive, and those of
    // Eigen's independent QZ to rounding relative to the largest.
    const VectorXcd ev = R.eigenvalues();
    NamedPencil chain{"chain", K.cast<cplx>(), M.cast<cplx>()};
    VectorXcd ref = reference_pencil_eigenvalues(chain);
    std::vector<double> a, b;
    for (Index i = 0; i < ev.size(); ++i) {
      CHECK(ev[i].imag() == 0.0);
      CHECK(ev[i].real() > 0);
      a.push_back(ev[i].real());
      b.push_back(ref[i].real());
    }
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    REQUIRE(a.size() == b.size());
    for (size_t i = 0; i < a.size(); ++i) CHECK(std::abs(a[i] - b[i]) <= 1e-12 * b.back());
    // Symmetry off by 1e-10 relative: no longer symmetric to a few eps, so qz, and the reason
    // says why the modal route was not taken only when it was considered.
    MatrixXd K2 = K;
    K2(0, 1) += 1e-10 * K.norm();
    const Resolvent R2(K2, M);
    CHECK(R2.route() == Route::Qz);
    CHECK_FALSE(R2.diagnostics().hermitian);
    // Symmetric but neither definite: qz, and the reason says so.
    const MatrixXd I30 = MatrixXd::Identity(30, 30);
    const Resolvent R3(MatrixXd(K - 2.0 * I30), MatrixXd(-M + 2.0 * I30));
    CHECK(R3.route() == Route::Qz);
    CHECK(R3.reason().find("neither is definite") != std::string::npos);
    // Negative definite A (K + s M in the sweep form) is definite too.
    const Resolvent R4(K, MatrixXd(-M));
    CHECK(R4.route() == Route::EigSymmetricDefinite);
  }
  {
    // Few announced shifts: direct; up to the crossover: Hessenberg-triangular; beyond: qz.
    Options o;
    o.expected_shifts = 3;
    const Resolvent R(random_real(30, 1), random_real(30, 2), o);
    CHECK(R.route() == Route::Direct);
    o.expected_shifts = o.tuning.hessenberg_beats_qz_below(30) - 1;
    const Resolvent H(random_real(30, 1), random_real(30, 2), o);
    CHECK(H.route() == Route::Hessenberg);
    CHECK(H.reason().find("Hessenberg-triangular") != std::string::npos);
    o.expected_shifts = o.tuning.hessenberg_beats_qz_below(30);
    const Resolvent Q(random_real(30, 1), random_real(30, 2), o);
    CHECK(Q.route() == Route::Qz);
    CHECK(Q.reason().find("crossover") != std::string::npos);
  }
  // Every standard-form method asked of a pencil takes a pencil route and says which.
  for (Method m : {Method::Schur, Method::Hessenberg, Method::BlockDiagonal}) {
    Options o;
    o.method = m;
    const Resolvent R(random_real(20, 3), random_real(20, 4), o);
    CAPTURE(to_string(m));
    CHECK(R.route() != Route::Direct);
    CHECK(R.reason().rfind(fmt::format("method '{}' requested; ", to_string(m)), 0) == 0);
  }
}

TEST_CASE("pencil A = alpha I takes the Schur form of E, and agrees with the general QZ") {
  const MatrixXd E = random_real(45, 8);
  const MatrixXd A = -2.5 * MatrixXd::Identity(45, 45);
  const MatrixXcd B = random_rhs(45, 2, 9);
  const std::vector<cplx> s{cplx(0.0), cplx(0.2, 0.3), cplx(0, -1.7), cplx(3.0)};
  Options o;
  o.method = Method::Qz;
  const SweepResult X = Resolvent(E, A, o).solve(s, B);
  for (Index j = 0; j < Index(s.size()); ++j) {
    const PencilReferenceSolution ref =
        reference_solve_pencil(E.cast<cplx>(), A.cast<cplx>(), s[size_t(j)], B);
    CHECK(relative_error(shift_block(X, j), ref.x) <= kContract * kEps * ref.kappa);
  }
}

TEST_CASE("pencil projection and right-hand sides agree with the full qz sweep") {
  const NamedPencil p = hard_pencils()[0];
  const MatrixXd E = p.E.real(), A = p.A.real();
  const Index n = E.rows();
  const MatrixXcd B = random_rhs(n, 3, 1), C = random_rhs(2, n, 2);
  std::vector<cplx> s;
  for (int j = 0; j < 150; ++j) s.push_back(cplx(0.01 * j, 0.5 - 0.003 * j));
  Options o;
  o.method = Method::Qz;
  for (Index block : {Index(0), Index(7)}) {
    o.block_size = block;
    const Resolvent R(E, A, o);
    const SweepResult X = R.solve(s, B), Y = R.project(C, s, B);
    const SweepResult X1 = R.solve(s, B.col(1));
    for (Index j = 0; j < Index(s.size()); ++j) {
      const MatrixXcd x = shift_block(X, j);
      CHECK(relative_error(shift_block(Y, j), C * x) <= 1e-13);
      CHECK(relative_error(shift_block(X1, j), x.col(1)) <= 1e-13);
    }
  }
}
