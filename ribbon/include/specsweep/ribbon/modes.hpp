#pragma once
// Plasmon modes of the ribbon (docs/design.md#ribbon-modes): eta_j = 1/lambda_j for the
// eigenvalues lambda_j of A(q) = V D. V is SPD and D <= 0, so every eigenvalue is real and
// <= 0: each lambda_j < 0 is a plasmon, oscillating at
// hw_j = sqrt(alpha hbar c E_F / (pi eps_eff W (-eta_j))).
// Listed: lambda_j < -1e-10 rho(A), most negative eta first. At qW = 0 this drops exactly one
// eigenvalue, lambda = 0 (uniform potential, no charge: not a mode); at qW > 0 the lowest
// entry is the monopole (1-D) plasmon, whose eta -> -inf as qW -> 0.
#include <vector>

#include "specsweep/resolvent.hpp"
#include "specsweep/types.hpp"

namespace specsweep::ribbon {

/// The first `count` plasmon eta_j of A(qW) on `cells` cells (all when count <= 0), most
/// negative first. Eigenvalues come from the engine's symmetric-definite route.
/// @param qW     finite and >= 0
/// @param cells  N >= 2
/// @param opts   engine options; the route must compute eigenvalues (auto, eig, schur)
/// @throws Error (kind Input) for a bad qW or N, or a route without eigenvalues (direct,
///         hessenberg)
/// Cost: O(N^2) assembly and one O(N^3) factorisation.
std::vector<double> plasmon_eta(double qW, Index cells, Index count = 0,
                                const Options& opts = {});

/// The plasmon eta_j from the eigenvalues of A (as above), most negative first; the imaginary
/// parts are ignored (the spectrum of V D is real). O(N log N).
std::vector<double> plasmon_eta_from_eigenvalues(const VectorXcd& lambda, Index count = 0);

/// hw_j [eV] = sqrt(alpha hbar c E_F / (pi eps_eff W (-eta))).
/// @throws Error (kind Input) unless eta < 0 and E_F, eps_eff, W [nm] are > 0
double plasmon_energy(double eta, double fermi_eV, double eps_eff, double width_nm);

/// Large-j asymptote of the q = 0 spectrum: eta_j ~ -1/(2 pi^2 (j - 1/4)).
/// @param j  mode number >= 1 (1 = the dipole mode)
/// @throws Error (kind Input) for j < 1
double asymptotic_eta(Index j);

}  // namespace specsweep::ribbon
