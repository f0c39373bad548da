#pragma once
// The ribbon operator A(q) = V(q) D(q) of DESIGN.md 2, on N finite-volume cells of the scaled
// coordinate u = x/W in [0, 1] (cell width h = 1/N, centres u_i = (i + 1/2) h).
//
// Units (Gaussian, DESIGN 2): with the induced charge rho~ = (EE/W) D phi_tot, the induced
// potential is phi_ind = W V rho~ = EE V D phi_tot, so (I - EE A) phi_tot = phi_ext with EE
// dimensionless. The physical surface charge is eps_eff * rho~ (EE carries 1/eps_eff).
#include "specsweep/resolvent.hpp"
#include "specsweep/types.hpp"

namespace specsweep::ribbon {

/// Cell centres u_i = (i + 1/2)/N.
VectorXd cell_centres(Index cells);

/// Coulomb operator V_ij = 2 int_{cell j} K0(qW |u_i - u'|) du'; at qW = 0 the neutral log
/// kernel -2 ln|u - u'|. Symmetric positive definite and Toeplitz: O(N) kernel integrals.
MatrixXd coulomb_operator(double qW, Index cells);

/// D = d^2/du^2 - (qW)^2 with zero normal current at both edges. Symmetric, <= 0.
MatrixXd difference_operator(double qW, Index cells);

/// Drude prefactor EE = -(alpha hbar c E_F)/(pi eps_eff W) / (hw (hw + i Gamma)) [1].
cplx drude_prefactor(double fermi_eV, double hw_eV, double gamma_eV, double eps_eff,
                     double width_nm);

/// The engine's factorisation of A(q) = V D, passed as the symmetric-definite product.
Resolvent ribbon_resolvent(double qW, Index cells, const Options& opts = {});

/// A(q) at one qW with its factors kept: what the studies build on.
class RibbonOperator {
 public:
  RibbonOperator(double qW, Index cells);

  double qW() const { return qW_; }
  Index cells() const { return V_.rows(); }
  const MatrixXd& coulomb() const { return V_; }     ///< V(q)
  const MatrixXd& difference() const { return D_; }  ///< D(q)
  /// A = V D formed explicitly (for references and the direct route).
  MatrixXd product() const { return V_ * D_; }
  /// Factorisation of A through the engine's symmetric-definite route (V, D).
  Resolvent resolvent(const Options& opts = {}) const;
  /// rho~ = (EE/W) D phi_tot for one shift EE: the induced charge on the cells.
  VectorXcd induced_charge(cplx EE, double width_nm, const VectorXcd& phi_tot) const;
  /// Observer for Resolvent::project when the outputs are M rho~ (M is p x N): returns M D,
  /// so that project() yields M D phi_tot(s) and M rho~(s) = (EE(s)/W) times that row.
  MatrixXcd charge_observer(const MatrixXcd& M) const;

 private:
  double qW_;
  MatrixXd V_, D_;
};

}  // namespace specsweep::ribbon
