#pragma once
// The operator of several coplanar ribbons, isolated or as a periodic array (geometry.hpp), on
// `cells` finite-volume cells per ribbon. Lengths are in units of W0 (ribbon 0's width): ribbon r
// spans [a_r, a_r + w_r], w_r = W_r/W0, a_0 = 0, a_r = a_{r-1} + w_{r-1} + g_r/W0; its cells have
// width h_r = w_r / cells. Q = q W0.
//
// Galerkin form (cell-averaged potentials, several ribbons and arrays):
//   G_ij = int_i int_j k  (galerkin.hpp),  H = diag(h),  L = blockdiag_r( w_r (S_r/h_r - Q^2 h_r I) )
// with S_r the no-flux difference stencil of ribbon r (-1 on the edge diagonals, -2 inside, 1 off
// the diagonal) and w_r its Drude-weight ratio D_w(E_F,r)/D_w(E_F,0). The potential is
// phi_ind = s (H^-1 G)(H^-1 L) phi, so
//   A = V D,  V = H^-1 G H^-1 + c 1 1^T  (SPD),  D = L  (symmetric),
// and the engine takes route eig-symmetric-definite. Collocation (integrating the source cell
// only) is not symmetric once the cell sizes differ, and no diagonal scaling makes it so.
//   c: at Q = 0 each block of L has zero column sums (no flux through a ribbon's edges: every
//   ribbon keeps its charge), so 1^T L = 0 and c 1 1^T L = 0: A does not change, whatever c is.
//   The log kernel alone is positive definite only while the span S (in W0) is below 4: the
//   energy of a unit charge spread at equilibrium over the ribbons is at least 2 ln(4/S) (S/4 is
//   the logarithmic capacity of an interval of length S, and a subset has less). Adding c lifts
//   every such energy by c, so c = 2 ln S - 2 leaves it >= 2 ln 4 - 2 = 0.77 > 0 for any span:
//   positive definite, and the Galerkin matrix inherits it (a Gram matrix of the kernel on the
//   cell functions). The -2 also keeps the uniform mode's eigenvalue, ~n (3 + c - 2 ln S) for
//   one ribbon, from dominating kappa(V): it halves kappa(L) against c = 2 ln S.
//   For the periodic kernel, whose g = 0 Fourier weight is 0 (the mean of -2 ln|2 sin| over a
//   period vanishes), c = 1 gives that weight the size of g = +-1's.
//   At Q > 0, 2 K0 is positive definite and c = 0 (1^T L != 0 there).
//
// Collocation (one isolated ribbon, the default there): exactly model.hpp's V(q) and D(q), the
// validated model the published single-ribbon figures come from; Galerkin differs from it at
// O(h) and converges to the same limit.
//
// The induced charge on cell i is rho~_i = (s/W0) (K phi)_i, K = H^-1 L (collocation: K = D), and
// the physical surface charge is eps_eff rho~ (as in model.hpp).
//
// Balancing (Galerkin): the total charge of each ribbon carries the kernel's long-range part
// (2 K0 ~ -2 ln|t| + 2 ln(2/Q) at small Q, or c), which can make V's uniform directions a
// hundred times stiffer than the rest and kappa(L) of V = L L^T exceed what the engine accepts.
// With U the R orthonormal per-ribbon uniform vectors and T = (U^T V U / m)^(1/2), m = mean of
// diag V, the similarity P = I + U (T - I) U^T gives P^-1 A P = (P^-1 V P^-T)(P^T D P): again
// SPD times symmetric, the same spectrum, and U^T V' U = m I. The resolvent factors that pair:
// right-hand sides go in through source() (P^-1 b) and outputs come out through observer() or
// charge_observer() (C P), so C (I - sA)^-1 b is unchanged. kappa(L) stays below ~200 for
// 256 cells per ribbon at every Q (it reached 1.7e3 unbalanced at Q = 0.01).
#include <optional>
#include <string>
#include <vector>

#include "specsweep/resolvent.hpp"
#include "specsweep/ribbon/geometry.hpp"
#include "specsweep/types.hpp"

namespace specsweep::ribbon {

enum class Discretisation {
  Auto,         ///< collocation for one isolated ribbon, Galerkin otherwise
  Galerkin,     ///< cell-averaged potentials, any geometry
  Collocation,  ///< model.hpp's operator; one isolated ribbon only
};

/// What every study shares: the ribbons, their conductivity and the discretisation.
struct RibbonSystem {
  Geometry geometry;
  ConductivityModel conductivity;
  Index cells = 200;  ///< per ribbon
  Discretisation discretisation = Discretisation::Auto;
};

/// One isolated ribbon of width W under Drude at T = 0: today's single-ribbon model.
RibbonSystem single_ribbon(double width_nm, Index cells);

/// A broken rule: the parameter it concerns, by the parameter tables' name (widths_nm, gaps_nm,
/// ef_ratios, period_nm, temperature_K, conductivity, cells, discretisation), and a sentence.
struct SystemProblem {
  std::string field, text;
};

/// The first problem, or none: no ribbons, a width <= 0, a gap <= 0 between ribbons (or != 0
/// before the first), an ef_ratio <= 0 (or != 1 on the first), a period not exceeding the unit
/// cell's span, a temperature < 0, rpa with unequal E_F (sigma_r/sigma_0 would then depend on hw
/// and the sweep would not have one scalar shift), cells < 2, collocation for anything but one
/// isolated ribbon. The one place these rules are written; the parameter tables call it.
std::optional<SystemProblem> first_problem(const RibbonSystem& system);

/// Throws Error("<field>: <text>") for first_problem.
void validate(const RibbonSystem& system);

/// Drude-weight ratios w_r = D_w(E_F,0 r_r)/D_w(E_F,0), r_r = ef_ratio; E_F,0 matters only at
/// T > 0 (at T = 0, w_r = r_r).
std::vector<double> drude_weight_ratios(const RibbonSystem& system, double fermi_eV);
/// True when the ratios depend on E_F,0 (T > 0 and unequal ratios): each E_F then needs its own A.
bool weights_depend_on_fermi(const RibbonSystem& system);

/// Ribbon r's left edge a_r and width w_r in W0; the span is a_{R-1} + w_{R-1}.
struct RibbonPlacement {
  double left, width;
};
std::vector<RibbonPlacement> ribbon_placements(const Geometry& geometry);

/// A(q) of the system at one Q = q W0 with its factors kept (the studies build on it).
/// Cost: the Coulomb matrix takes O(R^2 cells) kernel integrals for equal widths, O(R^2 cells^2)
/// otherwise, plus O(n^2) to form V; n = R cells.
class SystemOperator {
 public:
  /// weights: w_r, one per ribbon (drude_weight_ratios). Arrays need qW = 0.
  SystemOperator(const RibbonSystem& system, double qW, const std::vector<double>& weights);

  double qW() const { return qW_; }
  Index size() const { return V_.rows(); }
  Index ribbons() const { return Index(start_.size()); }
  /// First cell of ribbon r (cells of ribbon r are start(r) .. start(r) + cells - 1).
  Index start(Index r) const { return start_[size_t(r)]; }
  Discretisation discretisation() const { return discretisation_; }
  bool periodic() const { return period_ > 0; }
  double period() const { return period_; }  ///< L/W0 (0: isolated)
  double definiteness_shift() const { return c_; }  ///< c above

  const VectorXd& centres() const { return u_; }  ///< cell centres u_i = x_i/W0
  const VectorXd& sizes() const { return h_; }    ///< cell widths h_i (in W0)
  const MatrixXd& coulomb() const { return V_; }     ///< V (SPD)
  const MatrixXd& difference() const { return D_; }  ///< D (symmetric)
  const MatrixXd& charge() const { return K_; }      ///< K: rho~ = (s/W0) K phi
  MatrixXd product() const { return V_ * D_; }       ///< A = V D formed explicitly

  /// The engine's factorisation of the balanced P^-1 A P as the symmetric-definite product
  /// (P^-1 V P^-T, P^T D P); collocation: of A = V D itself (P = I). With method auto or eig the
  /// route must be eig-symmetric-definite: any other outcome is a bug of the model and throws
  /// std::logic_error with the engine's reason (never a silent fall back to general eig). Other
  /// methods are applied to the formed product, as requested. Eigenvalues are those of A.
  Resolvent resolvent(const Options& opts = {}) const;
  /// P^-1 B: right-hand sides (phi_ext, n x m) in the resolvent's basis.
  MatrixXcd source(const MatrixXcd& B) const;
  /// C P: observers of phi (p x n) for the resolvent's basis.
  MatrixXcd observer(const MatrixXcd& C) const;
  /// M K P for Resolvent::project when the outputs are M rho~: M rho~(s) = (s/W0) (M K phi).
  MatrixXcd charge_observer(const MatrixXcd& M) const;

 private:
  double qW_, period_ = 0, c_ = 0;
  Discretisation discretisation_;
  std::vector<Index> start_;
  VectorXd u_, h_;
  MatrixXd V_, D_, K_;
  MatrixXd T_, T_inv_;  // R x R balancing on the per-ribbon uniform vectors (empty: P = I)
  MatrixXd Vb_, Db_;    // the balanced factors the resolvent uses
};

}  // namespace specsweep::ribbon
