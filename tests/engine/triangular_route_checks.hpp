#pragma once
// Checks shared by the Schur and Hessenberg route tests: the hard-matrix accuracy sweep against
// the long-double reference (relative error <= 100 eps cond_2 inside the contract, normwise
// backward error at rounding level for every unflagged shift), and agreement of projections
// and block sizes. Each check returns the figures it measured so the test can print a table.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "hard_matrices.hpp"
#include "reference_solve.hpp"
#include "specsweep/resolvent.hpp"

namespace specsweep::testing {

inline constexpr double kEpsD = std::numeric_limits<double>::epsilon();

struct NamedMatrix {
  std::string name;
  MatrixXcd A;
  bool real;
};

inline MatrixXcd random_rhs(Index n, Index m, unsigned seed) {
  std::mt19937 gen(seed);
  std::normal_distribution<double> N01;
  return MatrixXcd::NullaryExpr(n, m, [&] { return cplx(N01(gen), N01(gen)); });
}

/// Real matrix whose real Schur form has many 2x2 bumps: an orthogonal similarity of a block
/// diagonal of non-normal blocks [a b; -c a] (eigenvalues a +- i sqrt(bc)) and some 1x1 blocks.
inline MatrixXd real_with_complex_pairs(Index n, unsigned seed) {
  std::mt19937 gen(seed);
  std::uniform_real_distribution<double> U(-1.0, 1.0);
  MatrixXd D = MatrixXd::Zero(n, n);
  Index i = 0;
  while (i < n) {
    if (i + 1 < n && i % 5 != 4) {
      const double a = U(gen), b = 0.3 + std::abs(U(gen)), c = 0.1 + std::abs(U(gen));
      D(i, i) = a;
      D(i + 1, i + 1) = a;
      D(i, i + 1) = b;
      D(i + 1, i) = -c;
      i += 2;
    } else {
      D(i, i) = U(gen);
      i += 1;
    }
  }
  std::normal_distribution<double> N01;
  const MatrixXd G = MatrixXd::NullaryExpr(n, n, [&] { return N01(gen); });
  const MatrixXd Q = Eigen::HouseholderQR<MatrixXd>(G).householderQ();
  return Q * D * Q.transpose();
}

/// The matrices the route tests sweep: hard (Frank, Grcar, Kahan, Jordan, companion) and
/// generic (random real and complex, real with complex pairs), sizes crossing the routes'
/// internal panels and shift groups.
inline std::vector<NamedMatrix> route_test_matrices() {
  std::vector<double> roots;
  for (int i = 1; i <= 10; ++i) roots.push_back(0.3 * i - 1.4);
  return {
      {"frank(30)", frank(30).cast<cplx>(), true},
      {"grcar(30)", grcar(30).cast<cplx>(), true},
      {"kahan(30)", kahan(30).cast<cplx>(), true},
      {"jordan(16, 0.7)", dense_jordan_block(16, 0.7, 5).cast<cplx>(), true},
      {"companion(10)", companion_from_roots(roots).cast<cplx>(), true},
      {"random real(97)", random_real(97, 21).cast<cplx>(), true},
      {"complex pairs(61)", real_with_complex_pairs(61, 4).cast<cplx>(), true},
      {"random complex(70)", random_complex(70, 8), false},
  };
}

inline Resolvent build_resolvent(const NamedMatrix& c, const Options& o) {
  return c.real ? Resolvent(MatrixXd(c.A.real()), o) : Resolvent(c.A, o);
}

inline MatrixXcd shift_block(const SweepResult& r, Index j) {
  MatrixXcd X(r.outputs, r.rhs);
  for (Index i = 0; i < r.outputs; ++i)
    for (Index c = 0; c < r.rhs; ++c) X(i, c) = r(j, i, c);
  return X;
}

inline bool is_flagged(const SweepResult& r, Index j) {
  return std::any_of(r.flagged.begin(), r.flagged.end(),
                     [&](const ShiftFlag& f) { return f.index == j; });
}

struct SweepFigures {
  Index shifts = 0, in_contract = 0, flagged = 0;
  double worst_error = 0;     ///< max rel.err / (eps cond_2) inside the contract
  double worst_backward = 0;  ///< max ||(I - sA)x - b|| / ((||I - sA|| ||x|| + ||b||) n eps)
};

/// Sweeps the case's accuracy shifts (plus conjugates and real shifts) with two right-hand
/// sides on the given method and checks the contract shift by shift.
inline SweepFigures check_accuracy_sweep(const NamedMatrix& c, Method method) {
  Options o;
  o.method = method;
  const Resolvent R = build_resolvent(c, o);
  std::vector<cplx> shifts = accuracy_shifts(c.A);
  const Index base = static_cast<Index>(shifts.size());
  for (Index j = 0; j < base; j += 3) shifts.push_back(std::conj(shifts[static_cast<size_t>(j)]));
  const double rho = std::max(reference_eigenvalues(c.A).cwiseAbs().maxCoeff(), 1e-300);
  for (double t : {0.3, -1.5, 2.5}) shifts.push_back(cplx(t / rho));

  const Index n = c.A.rows();
  const MatrixXcd B = random_rhs(n, 2, 17);
  const SweepResult X = R.solve(shifts, B);
  REQUIRE(X.shifts == Index(shifts.size()));

  SweepFigures f;
  f.shifts = X.shifts;
  f.flagged = static_cast<Index>(X.flagged.size());
  for (Index j = 0; j < X.shifts; ++j) {
    const cplx s = shifts[static_cast<size_t>(j)];
    const MatrixXcd got = shift_block(X, j);
    REQUIRE(got.allFinite());
    const ReferenceSolution ref = reference_solve(c.A, s, B);
    const bool flagged = is_flagged(X, j);
    INFO(c.name << " " << to_string(method) << " shift " << j << " s = " << s << " cond_2 "
                << ref.cond2 << (flagged ? " (flagged)" : ""));
    if (!ref.singular && ref.cond2 * kEpsD < 1e-2) {
      ++f.in_contract;
      const double ratio = relative_error(got, ref.x) / (kEpsD * ref.cond2);
      f.worst_error = std::max(f.worst_error, ratio);
      CHECK(ratio <= 100.0);
      CHECK_FALSE(flagged);  // the estimate is a lower bound of cond_2: no false alarms here
    }
    if (!ref.singular && ref.cond2 > 1e3 / kEpsD) CHECK(flagged);
    if (!flagged) {
      MatrixXcd M = -s * c.A;
      M.diagonal().array() += 1.0;
      const double normM = M.norm() / std::sqrt(double(n));  // <= ||M||_2: errs strict
      const double backward =
          (M * got - B).norm() / ((normM * got.norm() + B.norm()) * double(n) * kEpsD);
      f.worst_backward = std::max(f.worst_backward, backward);
      CHECK(backward <= 10.0);
    }
  }
  return f;
}

inline std::string accuracy_row(const NamedMatrix& c, const SweepFigures& f) {
  return fmt::format("{:<20} {:>4} {:>4}/{:<4} {:>7} {:>12.3g} {:>14.3g}\n", c.name,
                     c.A.rows(), f.in_contract, f.shifts, f.flagged, f.worst_error,
                     f.worst_backward);
}

inline std::string accuracy_header(const std::string& route) {
  return fmt::format(
      "\n{} route: err/(eps cond_2) inside the contract, backward error/(n eps) unflagged\n"
      "{:<20} {:>4} {:>9} {:>7} {:>12} {:>14}\n",
      route, "matrix", "n", "in/shifts", "flagged", "err/eps.cond", "backward/n.eps");
}

/// Projection C x(s) with real and complex C, several right-hand sides and block sizes that
/// cut shift groups unevenly all agree with the unprojected sweep, itself checked against the
/// reference.
inline void check_projection_and_blocks(const NamedMatrix& c, Method method) {
  const Index n = c.A.rows(), p = 3, m = 2;
  const MatrixXcd B = random_rhs(n, m, 3);
  const MatrixXcd Cc = random_rhs(p, n, 5);
  const MatrixXcd Cr = Cc.real().cast<cplx>();
  std::vector<cplx> shifts;
  const double rho = std::max(reference_eigenvalues(c.A).cwiseAbs().maxCoeff(), 1e-300);
  for (Index j = 0; j < 37; ++j) {
    const double hw = 0.05 + 0.95 * double(j) / 36.0;
    shifts.push_back(-0.3 / (hw * cplx(hw, 0.01)) / (10.0 * rho));
  }
  Options o;
  o.method = method;
  const SweepResult full = build_resolvent(c, o).solve(shifts, B);
  for (Index j = 0; j < Index(shifts.size()); j += 4) {  // the unprojected sweep is right
    const ReferenceSolution ref = reference_solve(c.A, shifts[static_cast<size_t>(j)], B);
    CHECK(relative_error(shift_block(full, j), ref.x) <= 100 * kEpsD * ref.cond2);
  }
  for (Index block : {Index(1), Index(7), Index(20), Index(0)}) {
    o.block_size = block;
    const Resolvent R = build_resolvent(c, o);
    const SweepResult X = R.solve(shifts, B);
    const SweepResult Yc = R.project(Cc, shifts, B);
    const SweepResult Yr = R.project(Cr, shifts, B);
    REQUIRE(Yc.outputs == p);
    REQUIRE(Yc.rhs == m);
    for (Index j = 0; j < Index(shifts.size()); ++j) {
      INFO(c.name << " " << to_string(method) << " block " << block << " shift " << j);
      const MatrixXcd x = shift_block(X, j);
      CHECK(relative_error(x, shift_block(full, j)) <= 1e-13);
      CHECK(relative_error(shift_block(Yc, j), Cc * x) <= 1e-13);
      CHECK(relative_error(shift_block(Yr, j), Cr * x) <= 1e-13);
    }
  }
}

}  // namespace specsweep::testing
