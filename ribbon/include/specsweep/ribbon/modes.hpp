#pragma once
// Plasmon modes of the ribbon: eta_j = 1/lambda_j for the eigenvalues lambda_j of A(q) = V D.
// V is SPD and D <= 0, so every eigenvalue is real and <= 0: each lambda_j < 0 is a plasmon,
// oscillating at hw_j = sqrt(alpha hbar c E_F / (pi eps_eff W (-eta_j))).
// Listed: lambda_j < -1e-10 rho(A), most negative eta first. At qW = 0 this drops exactly one
// eigenvalue, lambda = 0 (uniform potential, no charge: not a mode); at qW > 0 the lowest
// entry is the monopole (1-D) plasmon, whose eta -> -inf as qW -> 0.
#include <vector>

#include "specsweep/resolvent.hpp"
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

/// Large-j asymptote of the q = 0 spectrum: eta_j ~ -1/(2 pi^2 (j - 1/4)), j = 1, 2, ...
double asymptotic_eta(Index j);

}  // namespace specsweep::ribbon
