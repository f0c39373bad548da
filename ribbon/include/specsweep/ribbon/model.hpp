#pragma once
// The ribbon operator A(q) = V(q) D(q) (docs/design.md#ribbon), on N finite-volume cells of
// the scaled coordinate u = x/W in [0, 1] (cell width h = 1/N, centres u_i = (i + 1/2) h).
//
// Units (Gaussian, docs/design.md#ribbon-geometry): with the induced charge
// rho~ = (EE/W) D phi_tot, the induced potential is phi_ind = W V rho~ = EE V D phi_tot, so
// (I - EE A) phi_tot = phi_ext with EE dimensionless. The physical surface charge is
// eps_eff * rho~ (EE carries 1/eps_eff).
//
// Every entry point checks its arguments and throws Error (kind Input) with a one-line
// message naming the bad value: cells below the stated minimum, a qW that is negative or not
// finite, a non-positive energy, width or eps_eff.
#include "specsweep/resolvent.hpp"
#include "specsweep/types.hpp"

namespace specsweep::ribbon {

/// Cell centres u_i = (i + 1/2)/N.
/// @param cells  N >= 1
/// @return the N centres in (0, 1)
VectorXd cell_centres(Index cells);

/// Coulomb operator V_ij = 2 int_{cell j} K0(qW |u_i - u'|) du' (docs/design.md#ribbon-coulomb);
/// at qW = 0 the neutral log kernel -2 ln|u - u'|. Symmetric positive definite and Toeplitz.
/// @param qW     q times W, finite and >= 0
/// @param cells  N >= 2
/// @return the dense N x N V
/// Cost: N kernel integrals (each a Struve series or a short trapezoid sum), N^2 to fill.
MatrixXd coulomb_operator(double qW, Index cells);

/// D = d^2/du^2 - (qW)^2 with zero normal current at both edges, by finite volumes
/// (docs/design.md#ribbon-difference). Symmetric, <= 0; tridiagonal, returned dense.
/// @param qW     finite and >= 0
/// @param cells  N >= 2
/// Cost: O(N^2) to zero-fill, O(N) entries set.
MatrixXd difference_operator(double qW, Index cells);

/// Drude prefactor EE = -(alpha hbar c E_F)/(pi eps_eff W) / (hw (hw + i Gamma)), the shift of
/// the sweep (docs/design.md#ribbon-drude). Dimensionless.
/// @param fermi_eV  E_F > 0 [eV]
/// @param hw_eV     photon energy > 0 [eV]
/// @param gamma_eV  damping Gamma >= 0 [eV]
/// @param eps_eff   mean dielectric constant > 0
/// @param width_nm  W > 0 [nm]
cplx drude_prefactor(double fermi_eV, double hw_eV, double gamma_eV, double eps_eff,
                     double width_nm);

/// The engine's factorisation of A(q) = V D, passed as the symmetric-definite product.
/// @param qW, cells  as coulomb_operator
/// @param opts  engine options (Auto: the eig-symmetric-definite route)
/// Cost: O(N^2) to assemble, O(N^3) to factor (Cholesky of V and syevd of L^T D L on Auto).
Resolvent ribbon_resolvent(double qW, Index cells, const Options& opts = {});

/// A(q) at one qW with its factors kept: what the studies build on.
class RibbonOperator {
 public:
  /// Assembles V(qW) and D(qW); preconditions and cost as coulomb_operator.
  RibbonOperator(double qW, Index cells);

  double qW() const { return qW_; }
  Index cells() const { return V_.rows(); }
  const MatrixXd& coulomb() const { return V_; }     ///< V(q)
  const MatrixXd& difference() const { return D_; }  ///< D(q)
  /// A = V D formed explicitly (for references and the direct route). O(N^3).
  MatrixXd product() const { return V_ * D_; }
  /// Factorisation of A through the engine's symmetric-definite route (V, D). O(N^3).
  Resolvent resolvent(const Options& opts = {}) const;
  /// rho~ = (EE/W) D phi_tot for one shift EE: the induced charge on the cells.
  /// @param phi_tot  N values
  /// @param width_nm  W > 0
  /// @throws Error (kind Input) on a size mismatch or a bad width. O(N^2) (D is stored dense).
  VectorXcd induced_charge(cplx EE, double width_nm, const VectorXcd& phi_tot) const;
  /// Observer for Resolvent::project when the outputs are M rho~ (M is p x N): returns M D,
  /// so that project() yields M D phi_tot(s) and M rho~(s) = (EE(s)/W) times that row.
  /// @throws Error (kind Input) unless M has N columns. O(p N^2).
  MatrixXcd charge_observer(const MatrixXcd& M) const;

 private:
  double qW_;
  MatrixXd V_, D_;
};

}  // namespace specsweep::ribbon
