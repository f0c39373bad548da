#pragma once
// Plasmon modes of the ribbon: eta_j = 1/lambda_j for the eigenvalues lambda_j of A(q) = V D.
// V is SPD and D <= 0, so every eigenvalue is real and <= 0: each lambda_j < 0 is a plasmon,
// oscillating at hw_j = sqrt(alpha hbar c E_F / (pi eps_eff W (-eta_j))).
// Listed: lambda_j < -1e-10 rho(A), most negative eta first. At qW = 0 this drops exactly one
// eigenvalue, lambda = 0 (uniform potential, no charge: not a mode); at qW > 0 the lowest
// entry is the monopole (1-D) plasmon, whose eta -> -inf as qW -> 0.
#include <vector>

#include "specsweep/resolvent.hpp"
#include "specsweep/ribbon/system.hpp"
#include "specsweep/types.hpp"

namespace specsweep::ribbon {

/// The first `count` plasmon eta_j of A(qW) on `cells` cells (all when count <= 0), most
/// negative first. Eigenvalues come from the engine's symmetric-definite route.
std::vector<double> plasmon_eta(double qW, Index cells, Index count = 0,
                                const Options& opts = {});

/// The plasmon eta_j from the eigenvalues of A (as above), most negative first.
std::vector<double> plasmon_eta_from_eigenvalues(const VectorXcd& lambda, Index count = 0);

/// hw_j [eV] = sqrt(alpha hbar c E_F / (pi eps_eff W (-eta))) for eta < 0.
double plasmon_energy(double eta, double fermi_eV, double eps_eff, double width_nm);

/// The first `count` plasmon eta_j of a system of ribbons (system.hpp) at qW = q W0 (all when
/// count <= 0), most negative first; lambda_j < -1e-10 rho(A) as above, so at qW = 0 the R zero
/// modes are left out (a constant potential on each ribbon moves no charge). fermi_eV (E_F,0)
/// enters only through the Drude-weight ratios at T > 0. Arrays: qW = 0 only.
std::vector<double> plasmon_eta(const RibbonSystem& system, double qW, double fermi_eV,
                                Index count = 0, const Options& opts = {});

/// hw_j [eV] = sqrt(alpha hbar c D_w / (pi eps_eff W0 (-eta))) with the intraband weight D_w(E_F,0,
/// T) of the model (E_F at T = 0). Drude only: under rpa the interband term makes the mode
/// condition transcendental in hw, and this throws Error.
double plasmon_energy_for(const ConductivityModel& model, double eta, double fermi_eV,
                          double eps_eff, double width_nm);

/// Large-j asymptote of the q = 0 spectrum: eta_j ~ -1/(2 pi^2 (j - 1/4)), j = 1, 2, ...
double asymptotic_eta(Index j);

}  // namespace specsweep::ribbon
