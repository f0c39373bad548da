#pragma once
// Plasmon modes of the ribbon (docs/design.md#ribbon-modes): eta_j = 1/lambda_j for the
// eigenvalues lambda_j of A(q) = V D. V is SPD and D <= 0, so every eigenvalue is real and
// <= 0: each lambda_j < 0 is a plasmon, oscillating at
// hw_j = sqrt(alpha hbar c E_F / (pi eps_eff W (-eta_j))).
// Listed: lambda_j < -1e-10 rho(A), most negative eta first. At qW = 0 this drops exactly one
// eigenvalue, lambda = 0 (uniform potential, no charge: not a mode); at qW > 0 the lowest
// entry is the monopole (1-D) plasmon, whose eta -> -inf as qW -> 0.
#include <optional>
#include <vector>

#include "specsweep/resolvent.hpp"
#include "specsweep/ribbon/geometry.hpp"
#include "specsweep/ribbon/system.hpp"
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

/// The modes study's parameters; the initialisers are the defaults of every front end (the
/// table in parameters.hpp reads them).
struct ModesSetup {
  Index cells = 400;                ///< finite-volume cells across each ribbon
  std::optional<double> width_nm;   ///< W_0 [nm]; with fermi_eV, each eta_j also gets its hw_j
  double eps_eff = 2.45;            ///< mean of the dielectric constants above and below
  Geometry geometry;                ///< no ribbons listed: one isolated ribbon of width_nm
  ConductivityModel conductivity;
  std::vector<double> qW = {0.0};   ///< q W_0 along the ribbon
  Index count = 10;                 ///< modes listed per qW
  std::optional<double> fermi_eV;   ///< E_F [eV], for hw_j
  Options options;                  ///< must be a route that gives eigenvalues
};

/// Throws Error("<key>: <problem>") for the first invalid parameter (key as in the TOML file).
void validate(const ModesSetup& setup);

/// The modes at one qW; hw_eV is empty unless the setup gives both width_nm and fermi_eV and
/// the conductivity is drude (plasmon_energy has no closed form under rpa).
struct ModeBranches {
  double qW;
  std::vector<double> eta, hw_eV;
};

/// plasmon_eta (and plasmon_energy) of the setup's system (system_of, parameters.hpp) for every
/// qW of the setup, in its order: one factorisation per qW. Validates the setup first; at T > 0
/// with unequal E_F it needs fermi_eV (the Drude-weight ratios depend on it).
std::vector<ModeBranches> modes_study(const ModesSetup& setup);

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

/// Large-j asymptote of the q = 0 spectrum: eta_j ~ -1/(2 pi^2 (j - 1/4)).
/// @param j  mode number >= 1 (1 = the dipole mode)
/// @throws Error (kind Input) for j < 1
double asymptotic_eta(Index j);

}  // namespace specsweep::ribbon
