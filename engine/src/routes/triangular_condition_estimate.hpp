#pragma once
// Cheap, honest estimate of cond_2(I - sA) for one shift of a triangular-factor route (Schur,
// Hessenberg), from quantities the solve has already produced (for a pencil, of
// kappa(s) = ||(E - sA)^-1|| (||E|| + |s| ||A||) from the same ||M^-1|| bound). With M = I - sA = U
// R W, U, W unitary and R (block) upper triangular:
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

  /// Lower estimate of ||M^-1||_2; inf when a pivot was exactly zero.
  double inverse_norm() const {
    if (exactly_singular || !(diag_min > 0)) return std::numeric_limits<double>::infinity();
    return std::max(1.0 / diag_min, growth);
  }

  /// cond_2(I - sA), the standard form's: s_abs = |s|, norm2_A = a lower estimate of ||A||_2.
  double estimate(double s_abs, double norm2_A) const {
    const double norm_M = std::max({diag_max, s_abs * norm2_A - 1.0, 1e-300});
    return finite_or_inf(norm_M * inverse_norm());
  }

  /// kappa(s) = ||(E - sA)^-1|| (||E|| + |s| ||A||), the pencil contract's, from lower estimates
  /// norm_E, norm_A of ||E||_2 and ||A||_2 (M = E - sA up to unitary factors).
  double pencil_estimate(double norm_E, double s_abs, double norm_A) const {
    return finite_or_inf(inverse_norm() * (norm_E + s_abs * norm_A));
  }

  /// Fills status when the estimate c is beyond the contract.
  static void flag(double c, ShiftStatus& status) {
    if (c > kSingularCond) status = {true, c};
  }

 private:
  static double finite_or_inf(double c) {
    return std::isfinite(c) ? c : std::numeric_limits<double>::infinity();
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
