#pragma once
// Cheap, honest estimate of cond_2(I - sA) for one shift of a triangular-factor route (Schur,
// Hessenberg), from quantities the solve has already produced. With M = I - sA = U R W, U, W
// unitary and R (block) upper triangular:
//   ||M||_2    >= max( max_i |r_ii|, |s| ||A||_2 - 1 )   (|r_ii| <= ||R||_2; triangle inequality)
//   ||M^-1||_2 >= max( 1 / min_i |r_ii|, ||y|| / ||c|| )  (diagonal of R^-1; y = M^-1 c solved)
// For a 2x2 diagonal block the extreme singular values of that block stand in for |r_ii|.
// The product is a LOWER bound on cond_2(M); ||y||/||c|| for a generic c is within a modest
// factor (~sqrt n) of ||M^-1||, so the estimate tracks non-normal growth (Grcar, Kahan) that
// the diagonal alone would miss. With several right-hand sides each solved y_r = M^-1 c_r gives
// such a bound; the largest is kept. Cost: O(n) per shift and right-hand side on top of the
// solve.
#include <algorithm>
#include <cmath>
#include <limits>

#include "route_solver.hpp"

namespace specsweep::detail {

struct ShiftConditionBound {
  double diag_max = 0;                                        ///< max |r_ii| (or block sigma_max)
  double diag_min = std::numeric_limits<double>::infinity();  ///< min |r_ii| (or block sigma_min)
  double growth = 0;                                          ///< max_r ||y_r|| / ||c_r||
  bool exactly_singular = false;                              ///< a pivot was exactly zero

  void add_diagonal(double sigma_max, double sigma_min) {
    diag_max = std::max(diag_max, sigma_max);
    diag_min = std::min(diag_min, sigma_min);
  }

  /// s_abs = |s|, norm2_A = a lower estimate of ||A||_2.
  double estimate(double s_abs, double norm2_A) const {
    constexpr double inf = std::numeric_limits<double>::infinity();
    if (exactly_singular || !(diag_min > 0)) return inf;
    const double norm_M = std::max({diag_max, s_abs * norm2_A - 1.0, 1e-300});
    const double norm_Minv = std::max(1.0 / diag_min, growth);
    const double c = norm_M * norm_Minv;
    return std::isfinite(c) ? c : inf;
  }

  /// Fills status when the estimate is beyond the contract.
  void flag(double s_abs, double norm2_A, ShiftStatus& status) const {
    const double c = estimate(s_abs, norm2_A);
    if (c > kSingularCond) status = {true, c};
  }
};

/// Lower estimate of ||A||_2 by a few steps of power iteration on A^*A (O(n^2) each). Never
/// above the true norm, typically within a few percent of it.
template <class Mat>
double norm2_lower_estimate(const Mat& A) {
  using Vec = Eigen::Matrix<typename Mat::Scalar, Eigen::Dynamic, 1>;
  if (A.size() == 0) return 0.0;
  Vec v = Vec::Ones(A.cols()) / std::sqrt(double(A.cols()));
  double est = 0;
  for (int it = 0; it < 20; ++it) {
    Vec w = A * v;
    const double nw = w.norm();
    est = std::max(est, nw);
    if (nw == 0) break;
    v = A.adjoint() * (w / nw);
    const double nv = v.norm();
    if (nv == 0) break;
    v /= nv;
  }
  // A matrix whose action on the all-ones direction vanishes: fall back to ||A||_F / sqrt(n).
  return std::max(est, A.norm() / std::sqrt(double(A.cols())));
}

}  // namespace specsweep::detail
