#pragma once
// The pencil contract checked on one sweep: for every shift with kappa(s) eps < 1e-2 the
// relative error is at most 100 eps kappa(s), kappa(s) = ||(E - sA)^-1||_2 (||E||_2 +
// |s| ||A||_2), against the long-double reference; far past the contract the shift is flagged.
// The references are computed once per pencil and shared by every method checked on it (each is
// a long-double LU and an explicit inverse: most of the tests' time).
#include <doctest/doctest.h>

#include <algorithm>
#include <limits>
#include <string>
#include <vector>

#include "reference_solve.hpp"
#include "specsweep/resolvent.hpp"
#include "triangular_route_checks.hpp"

namespace specsweep::testing {

/// Shifts, right-hand sides and their long-double solutions for one pencil.
struct PencilReferences {
  std::vector<cplx> shifts;
  MatrixXcd B;
  std::vector<PencilReferenceSolution> solutions;
};

inline PencilReferences pencil_references(const MatrixXcd& E, const MatrixXcd& A,
                                          std::vector<cplx> shifts, MatrixXcd B) {
  PencilReferences r{std::move(shifts), std::move(B), {}};
  for (const cplx s : r.shifts) r.solutions.push_back(reference_solve_pencil(E, A, s, r.B));
  return r;
}

struct PencilFigures {
  std::string route;
  Index in_contract = 0, shifts = 0, flagged = 0;
  double worst = 0;  ///< max rel.err / (eps kappa(s)) inside the contract
};

/// Sweeps R over the references' shifts and checks the contract. lower_bound_flags: the route's
/// estimate is a lower bound of kappa(s) (the triangular routes: Schur, Hessenberg, qz), so a
/// flagged shift must lie outside the contract.
inline PencilFigures check_pencil_contract(const Resolvent& R, const PencilReferences& ref,
                                           const std::string& label, bool lower_bound_flags) {
  constexpr double kEps = std::numeric_limits<double>::epsilon();
  PencilFigures f;
  f.route = to_string(R.route());
  const SweepResult X = R.solve(ref.shifts, ref.B);
  f.shifts = X.shifts;
  f.flagged = Index(X.flagged.size());
  for (Index j = 0; j < X.shifts; ++j) {
    const PencilReferenceSolution& sol = ref.solutions[size_t(j)];
    const MatrixXcd got = shift_block(X, j);
    REQUIRE(got.allFinite());
    const bool flagged = is_flagged(X, j);
    INFO(label << " (" << f.route << ") shift " << j << " s = " << ref.shifts[size_t(j)]
               << " kappa " << sol.kappa << (flagged ? " (flagged)" : ""));
    if (!sol.singular && sol.kappa * kEps < 1e-2) {
      ++f.in_contract;
      const double ratio = relative_error(got, sol.x) / (kEps * sol.kappa);
      f.worst = std::max(f.worst, ratio);
      CHECK(ratio <= 100.0);
    }
    if (sol.singular || sol.kappa > 1e3 / kEps) CHECK(flagged);
    if (lower_bound_flags && flagged) CHECK(sol.kappa * kEps >= 1e-2);
  }
  return f;
}

}  // namespace specsweep::testing
