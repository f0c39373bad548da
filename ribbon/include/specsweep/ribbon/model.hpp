#pragma once
// The ribbon operator A(q) = V(q) D(q) of DESIGN.md 2, on N finite-volume cells of the scaled
// coordinate u = x/W in [0, 1] (cell width h = 1/N, centres u_i = (i + 1/2) h).
#include "specsweep/resolvent.hpp"
#include "specsweep/types.hpp"

namespace specsweep::ribbon {

/// Cell centres u_i = (i + 1/2)/N.
VectorXd cell_centres(Index cells);

/// Coulomb operator V_ij = 2 int_{cell j} K0(qW |u_i - u'|) du'; at qW = 0 the neutral log
/// kernel -2 ln|u - u'|. Symmetric positive definite.
MatrixXd coulomb_operator(double qW, Index cells);

/// D = d^2/du^2 - (qW)^2 with zero normal current at both edges. Symmetric, <= 0.
MatrixXd difference_operator(double qW, Index cells);

/// Drude prefactor EE = -(alpha hbar c E_F)/(pi eps_eff W) / (hw (hw + i Gamma)) [1].
cplx drude_prefactor(double fermi_eV, double hw_eV, double gamma_eV, double eps_eff,
                     double width_nm);

/// The engine's factorisation of A(q) = V D, passed as the symmetric-definite product.
Resolvent ribbon_resolvent(double qW, Index cells, const Options& opts = {});

}  // namespace specsweep::ribbon
