#pragma once
// The sheet conductivity study: sigma~(hw) = sigma / (e^2/hbar) of graphene for one E_F, and
// the shift it gives a ribbon of width W in a medium eps_eff,
//   s(hw) = e^2 i sigma~(hw) / (eps_eff W hw)        (e^2 = alpha hbar c, hw in eV, W in nm).
// sigma~ and s come from conductivity.hpp; Drude at T = 0 gives s = drude_prefactor (model.hpp).
#include <vector>

#include "specsweep/ribbon/geometry.hpp"
#include "specsweep/ribbon/grid.hpp"
#include "specsweep/types.hpp"

namespace specsweep::ribbon {

/// The study's parameters; the initialisers are the defaults of every front end (the table in
/// parameters.hpp reads them).
struct ConductivitySetup {
  double fermi_eV = 0.4;   ///< E_F = mu
  double gamma_eV = 0.01;  ///< damping: hw -> hw + i Gamma
  ConductivityModel conductivity;
  double eps_eff = 2.45;  ///< for the shift
  double width_nm = 100;  ///< W, for the shift
  std::vector<double> hw_eV = linspace(0.05, 1.0, 20);
};

/// Throws Error("<key>: <problem>") for the first invalid parameter (key as in the TOML file).
void validate(const ConductivitySetup& setup);

struct ConductivitySpectrum {
  std::vector<double> hw_eV;
  std::vector<cplx> intra, inter, total;  ///< sigma~ per hw (total = intra + inter)
  std::vector<cplx> shift;                ///< s per hw
};

/// sigma~ and s on the setup's hw grid, O(len(hw)). Validates the setup first.
ConductivitySpectrum conductivity_spectrum(const ConductivitySetup& setup);

}  // namespace specsweep::ribbon
