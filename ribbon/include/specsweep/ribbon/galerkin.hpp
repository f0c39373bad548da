#pragma once
// Galerkin Coulomb integrals between the finite-volume cells of coplanar ribbons. Lengths are in
// units of the first ribbon's width W0 (t = x/W0, Q = q W0); the kernel is the in-plane potential
// of a unit line charge with the factor 2 of Gaussian units, as in the collocation operator:
//   isolated, Q = 0:  k(t) = -2 ln|t|                F2(t) = -t^2 ln|t| + 3t^2/2
//   isolated, Q > 0:  k(t) = 2 K0(Q|t|)              F2(t) = (2/Q^2) JK0(Q|t|)
//   periodic, Q = 0:  k(t) = -2 ln|2 sin(pi t/L)|    F2(t) = (L^2/2pi^2) int_0^{2 pi t/L} Cl2
// F2 is the even second antiderivative (F2'' = k, F2(0) = 0), so the integral of k over a pair
// of cells is exact in closed form, a second difference of F2 at the four edge distances:
//   G = int_{|x - d| < a} int_{|x'| < b} k(x - x') = F2(d+a+b) + F2(d-a-b) - F2(d+a-b) - F2(d-a+b).
// The log-kernel constant drops out of every neutral charge: the periodic kernel is the q -> 0
// lattice sum of 2 K0 without its divergent g = 0 term, which multiplies the charge per period.
#include <vector>

#include "specsweep/types.hpp"

namespace specsweep::ribbon {

class CoulombKernel {
 public:
  /// Isolated ribbons at Q = q W0 >= 0 (Q = 0: the log kernel).
  static CoulombKernel isolated(double Q);
  /// A periodic array at q = 0 with period L (in W0) > 0.
  static CoulombKernel periodic(double period);

  bool is_periodic() const { return period_ > 0; }
  double Q() const { return Q_; }
  double period() const { return period_; }

  /// k(t) for t != 0 (and t not a multiple of the period).
  double operator()(double t) const;
  /// F2(t): the second antiderivative above.
  double second_antiderivative(double t) const;

  /// int over the cell |x - d| < a of int over |x'| < b of k(x - x') (a, b > 0). Near pairs
  /// (|d| < 4 (a + b) after reducing d by the period) by the closed form, where the cancellation
  /// between the F2 values costs at most a factor ~100 of rounding; far pairs by Gauss-Legendre
  /// on the equivalent single integral int k(d + u) w(u) du, w the trapezoid of the two cells'
  /// overlap, whose nodes are chosen for 1e-17 from the distance to the kernel's singularity
  /// (the closed form would lose (d/a)^2 there). K0 pairs spanning Q (a + b) >= 1/2, where k
  /// decays like e^{-Q t} across the pair, take the closed form through Ki2 instead, which has
  /// no such loss there. Cost: a few kernel evaluations.
  double cell_pair(double d, double a, double b) const;

 private:
  CoulombKernel(double Q, double period) : Q_(Q), period_(period) {}
  double Q_ = 0, period_ = 0;
};

/// A ribbon's cells: `cells` cells of width h from `left` (all in W0).
struct CellRow {
  double left = 0, h = 0;
  Index cells = 0;
};

/// G_ij = int_i int_j k for every pair of cells of all rows (rows in the order given, cells left
/// to right). Symmetric. Rows of equal h are Toeplitz against each other (G depends on i - j
/// only), so a row pair costs O(cells) kernel integrals, O(cells^2) when the widths differ.
MatrixXd galerkin_coulomb(const CoulombKernel& kernel, const std::vector<CellRow>& rows);

}  // namespace specsweep::ribbon
