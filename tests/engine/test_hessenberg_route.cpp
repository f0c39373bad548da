// The Hessenberg route (gehrd, then Henry's Givens solve vectorised across shifts): accuracy
// against the long-double reference on hard matrices, projection and block sizes that cut the
// shift groups unevenly, the rotation edge cases (zero subdiagonal, zero pivot candidate) and
// exactly singular shifts, with closed-form references.
#include <doctest/doctest.h>

#include <iostream>

#include "triangular_route_checks.hpp"

using namespace specsweep;
using namespace specsweep::testing;

namespace {

Options hessenberg() {
  Options o;
  o.method = Method::Hessenberg;
  return o;
}

}  // namespace

TEST_CASE("hessenberg: relative error <= 100 eps cond(I - sA) on hard matrices, backward stable") {
  std::string table = accuracy_header("hessenberg");
  for (const NamedMatrix& c : route_test_matrices()) {
    const SweepFigures f = check_accuracy_sweep(c, Method::Hessenberg);
    CHECK(f.in_contract >= 10);
    table += accuracy_row(c, f);
  }
  std::cout << table << std::flush;
}

TEST_CASE("hessenberg: projection, several right-hand sides and uneven shift groups agree") {
  for (const NamedMatrix& c : route_test_matrices())
    if (c.name.rfind("random", 0) == 0 || c.name.rfind("complex pairs", 0) == 0)
      check_projection_and_blocks(c, Method::Hessenberg);
}

TEST_CASE("hessenberg: a zero rotation target and a zero subdiagonal take the closed form") {
  // A = [1 1; 1 1], s = 1: M = I - A = [0 -1; -1 0], so the first rotation meets f = M(1,1) = 0
  // and x = M^-1 b = (-b_1, -b_0) exactly.
  MatrixXd A(2, 2);
  A << 1, 1, 1, 1;
  const MatrixXcd b = random_rhs(2, 1, 4);
  const SweepResult X = Resolvent(A, hessenberg()).solve({cplx(1.0)}, b);
  CHECK(X.flagged.empty());
  CHECK(std::abs(X(0, 0) + b(1, 0)) <= 4 * kEpsD * b.norm());
  CHECK(std::abs(X(0, 1) + b(0, 0)) <= 4 * kEpsD * b.norm());

  // Upper triangular A: H = A, every subdiagonal zero, so each rotation is the identity and
  // x is plain back-substitution; t_11 = 0.5 makes s = 2 exactly singular (flagged, finite).
  MatrixXd U(4, 4);
  U << 0.2, 0.3, -0.2, 0.1,  //
      0, 0.5, 0.7, 0.4,      //
      0, 0, -1.5, -0.6,      //
      0, 0, 0, 1;
  const std::vector<cplx> s = {cplx(0.3, 0.1), cplx(2.0), cplx(-0.2), cplx(0.4, -0.9)};
  const MatrixXcd bu = random_rhs(4, 1, 6);
  const SweepResult Y = Resolvent(U, hessenberg()).solve(s, bu);
  CHECK(is_flagged(Y, 1));
  CHECK(Y.flagged.size() == 1);
  for (Index j = 0; j < Y.shifts; ++j) CHECK(shift_block(Y, j).allFinite());
  for (Index j : {0, 2, 3}) {
    const ReferenceSolution ref = reference_solve(U.cast<cplx>(), s[static_cast<size_t>(j)], bu);
    CHECK(relative_error(shift_block(Y, j), ref.x) <= 100 * kEpsD * ref.cond2);
  }
}

TEST_CASE("hessenberg and schur agree shift by shift on a complex A with many shifts") {
  const MatrixXcd A = random_complex(45, 12);
  std::vector<cplx> s;
  for (Index j = 0; j < 101; ++j) s.push_back(std::polar(0.2 + 0.02 * double(j), 0.37 * double(j)));
  const MatrixXcd b = random_rhs(45, 1, 1);
  Options o;
  o.method = Method::Schur;
  const SweepResult xs = Resolvent(A, o).solve(s, b);
  const SweepResult xh = Resolvent(A, hessenberg()).solve(s, b);
  for (Index j = 0; j < 101; ++j) {
    const ReferenceSolution ref = reference_solve(A, s[static_cast<size_t>(j)], b);
    if (ref.cond2 * kEpsD >= 1e-2) continue;
    CHECK(relative_error(shift_block(xh, j), shift_block(xs, j)) <= 200 * kEpsD * ref.cond2);
  }
}
