#pragma once
// Normal-incidence absorption of one ribbon, polarised across it
// (docs/design.md#ribbon-absorption).
//
// At q = 0 the incident field E0 along x gives phi_ext = -E0 x = -E0 W u. The induced dipole
// per unit length is p = int x rho dx = sum_i (W u_i) rho_i (W h), with the physical surface
// charge rho = eps_eff (EE/W) D phi_tot (EE carries 1/eps_eff), so the polarisability per unit
// length is
//   alpha(w) = p/E0 = W h eps_eff EE (u^T D phi_tot)/E0            [nm^2]
// and, for a quasi-static dipole line driven at frequency w (Gaussian units), the absorbed
// power per unit length over the incident intensity c|E0|^2/8pi is
//   sigma_abs(w) = (4 pi w / c) Im alpha(w) = 4 pi (hw / hbar c) Im alpha   [nm per nm of ribbon].
// The ribbon is taken in a uniform medium of eps_eff and E0 is the field acting at the sheet.
//
// Sum rule: in modal form alpha = sum_j f_j / (hw_j^2 - hw (hw + i Gamma)), and the strengths
// add up to the free-carrier Drude weight sum_j f_j = (1 - h) W alpha hbar c E_F / pi; the
// factor 1 - h = 1 - 1/N is the dipole arm between the outermost cell centres.
#include <string>
#include <vector>

#include "specsweep/resolvent.hpp"
#include "specsweep/ribbon/geometry.hpp"
#include "specsweep/ribbon/grid.hpp"
#include "specsweep/ribbon/dielectric.hpp"
#include "specsweep/ribbon/system.hpp"
#include "specsweep/types.hpp"

namespace specsweep::ribbon {

/// The study's parameters; the initialisers are the defaults of every front end (the table in
/// parameters.hpp reads them).
struct AbsorptionSetup {
  Index cells = 200;       ///< finite-volume cells across each ribbon
  double width_nm = 100;   ///< W_0 [nm]: the one ribbon's width, or the first of geometry's
  double eps_eff = 2.45;   ///< mean of the dielectric constants above and below (vacuum over SiO2)
  double gamma_eV = 0.01;  ///< damping Gamma [eV]
  Geometry geometry;       ///< no ribbons listed: one isolated ribbon of width_nm
  /// The media below and above the ribbons; when either is given, eps_eff(hw) =
  /// (superstrate + substrate)/2 replaces eps_eff (a side not given is vacuum).
  MediumSpec substrate, superstrate;
  ConductivityModel conductivity;
  std::vector<double> fermi_eV = {0.2, 0.4, 0.6};
  std::vector<double> hw_eV = linspace(0.02, 0.4, 381);
  Options options;  ///< route for the sweep (Auto: the symmetric-definite product)
};

/// Throws Error("<key>: <problem>") for the first invalid parameter (key as in the TOML file).
void validate(const AbsorptionSetup& setup);

struct AbsorptionSpectrum {
  std::vector<double> hw_eV, fermi_eV;
  MatrixXd sigma_nm;         ///< sigma_abs per unit length [nm] (arrays: per period): rows hw, columns E_F
  MatrixXcd polarisability;  ///< alpha = p/E0 per unit length [nm^2] (arrays: per period), same layout
  /// Arrays only (empty otherwise): the absorbance with radiative damping, same layout.
  MatrixXd absorbance;
  /// hw_1 [eV] of the dipole mode (eta_1) for each E_F; empty when the route has no spectrum.
  std::vector<double> dipole_hw_eV;
  Route route = Route::Direct;
  std::string reason;  ///< the engine's sentence for the route
};

/// sigma_abs(hw) for every E_F: one factorisation of A(0), then one projected sweep per E_F
/// (the output is the single functional u^T D phi_tot, O(N) per shift).
/// @throws Error (kind Input) naming the first invalid field of setup, or when a shift is
///         numerically singular (flagged: Gamma too small for the hw grid)
/// Cost: O(N^3) once, then O(N) per (E_F, hw); memory O(N^2 + n_hw n_EF).
AbsorptionSpectrum absorption_spectrum(const AbsorptionSetup& setup);

/// The same for a system of ribbons (system.hpp) in dispersive surroundings, at normal incidence
/// with E0 along x. With the cells' centres x_i = W0 u_i and widths W0 h_i, the dipole per unit
/// length (arrays: per period) is p = sum_i x_i eps_eff rho~_i W0 h_i, so
///   alpha(hw) = p/E0 = eps_eff s W0 (u o h)^T K phi,   (I - s A) phi = -W0 u,
///   sigma_abs = 4 pi (hw / hbar c) Im alpha,   s = e^2 i sigma~(hw) / (eps_eff(hw) W0 hw).
/// With a lossy eps_eff this is the power the ribbons draw from the field (their own loss and the
/// substrate loss of their near field). Arrays (period L): the quasi-static field at the sheet
/// has no g = 0 component, so E0 is the sheet's mean field and the array is a sheet of
/// conductivity sigma_eff = -i omega alpha / L; between media n1 = sqrt(eps_above) (incidence) and
/// n2 = sqrt(eps_below), with sigma^ = 4 pi sigma_eff / c = -4 pi i (hw / hbar c) alpha / L,
///   absorbance = 4 |n1|^2 Re(sigma^) / (Re(n1) |n1 + n2 + sigma^|^2)   (<= n1/(n1 + n2), real n),
/// the power the sheet absorbs with its radiative damping. One factorisation per distinct set of
/// Drude-weight ratios (one in all but Drude at T > 0 with unequal E_F), one projected sweep per E_F.
/// dipole_hw_eV: hw_1 of the most negative eta under Drude in constant surroundings, else empty.
AbsorptionSpectrum absorption_spectrum(const RibbonSystem& system, const Surroundings& medium,
                                       double gamma_eV, const std::vector<double>& fermi_eV,
                                       const std::vector<double>& hw_eV, const Options& options = {});

/// Free-carrier Drude weight of a sheet of width W: W alpha hbar c E_F / pi [eV^2 nm^2], the
/// high-frequency limit -hw^2 alpha(hw) of the continuum ribbon. No argument checks.
double drude_weight(double fermi_eV, double width_nm);

}  // namespace specsweep::ribbon
