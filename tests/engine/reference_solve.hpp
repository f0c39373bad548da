#pragma once
// Independent reference for (I - sA) x = b and for pencils (E - sA) x = b: LU with partial pivoting and iterative refinement in
// complex<long double>, written here without LAPACK so it shares no code with any route. Its
// error is about eps_ld cond(I - sA) with eps_ld = 2^-63, 2048x below double's eps, so it is
// far inside the 100 eps cond tolerance the routes are held to.
#include <complex>

#include "specsweep/types.hpp"

namespace specsweep::testing {

using cplxl = std::complex<long double>;
using MatrixXcl = Eigen::Matrix<cplxl, Eigen::Dynamic, Eigen::Dynamic>;

struct ReferenceSolution {
  MatrixXcd x;        ///< n x m solution, rounded to double
  double cond2 = 0;   ///< ||I - sA||_2 ||(I - sA)^-1||_2 from the explicit long-double inverse
  bool singular = false;  ///< a pivot was exactly zero: no reference exists
};

/// Solves (I - sA) X = B in long double and measures cond_2(I - sA) independently of specsweep.
ReferenceSolution reference_solve(const MatrixXcd& A, cplx s, const MatrixXcd& B);

struct PencilReferenceSolution : ReferenceSolution {
  /// kappa(s) = ||(E - sA)^-1||_2 (||E||_2 + |s| ||A||_2), the pencil contract's condition number
  double kappa = 0;
};
/// Solves (E - sA) X = B in long double (the same LU and refinement); cond2 is cond_2(E - sA).
PencilReferenceSolution reference_solve_pencil(const MatrixXcd& E, const MatrixXcd& A, cplx s,
                                               const MatrixXcd& B);

/// Relative 2-norm (Frobenius for several columns) error ||got - ref|| / ||ref||.
double relative_error(const MatrixXcd& got, const MatrixXcd& ref);

}  // namespace specsweep::testing
