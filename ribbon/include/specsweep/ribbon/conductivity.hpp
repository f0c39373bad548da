#pragma once
// Sheet conductivity of graphene and the shift it gives the sweep. sigma~ = sigma / (e^2/hbar);
// energies in eV; Omega = hw + i Gamma in both terms (the same Gamma > 0); mu = E_F at every T.
//   intraband  sigma~ = (i/pi) D_w / Omega,    D_w = 2 kT ln(2 cosh(E_F / 2kT))  (-> E_F at T = 0)
//   interband  sigma~ = (i/pi) int_0^inf Omega [f(-e) - f(e)] / (Omega^2 - 4 e^2) de
//              T = 0: (i/4pi) [ln(2E_F - Omega) - ln(2E_F + Omega)]  (principal logs), whose
//              Gamma -> 0 limit is Re = theta(hw - 2E_F)/4, Im = (1/4pi) ln|(hw - 2E_F)/(hw + 2E_F)|
// (local random-phase conductivity: Falkovsky, J. Phys.: Conf. Ser. 129, 012004 (2008); Hanson,
// J. Appl. Phys. 103, 064302 (2008)). Drude is the intraband term alone; rpa adds the interband.
//
// The shift of (I - s A) phi = phi_ext is s = e^2 i sigma~ / (eps_eff W0 hw): Drude at T = 0 gives
// back drude_prefactor (model.hpp), EE = -(e^2 E_F)/(pi eps_eff W0) / (hw (hw + i Gamma)).
#include "specsweep/ribbon/geometry.hpp"
#include "specsweep/types.hpp"

namespace specsweep::ribbon {

/// Intraband (Drude) weight D_w [eV] = 2 kT ln(2 cosh(E_F/2kT)); E_F at T = 0. Needs E_F > 0, T >= 0.
double intraband_weight(double fermi_eV, double temperature_K);

struct SheetConductivity {
  cplx intraband, interband;  ///< sigma~ of each term (interband 0 under Drude)
  cplx total() const { return intraband + interband; }
};

/// sigma~(hw) of the model at E_F, hw > 0, Gamma > 0. At T > 0 the interband integral is taken
/// by adaptive Gauss-Kronrod quadrature of its difference from T = 0, which is confined to
/// |e - E_F| < 46 kT; the near-pole 1/(Omega - 2e) is subtracted at e = hw/2 and integrated in
/// closed form, so any Gamma > 0 converges. Absolute error below 1e-12 in sigma~ (|sigma~| is at
/// least ~1e-3 on any useful grid; 1e-15 against a 30-digit reference). Cost at T > 0: a few
/// hundred evaluations of two exponentials, ~30 us.
SheetConductivity sheet_conductivity(const ConductivityModel& model, double fermi_eV,
                                     double hw_eV, double gamma_eV);

/// The interband term alone (T >= 0), as above.
cplx interband_conductivity(double fermi_eV, double temperature_K, double hw_eV, double gamma_eV);

/// s = e^2 i sigma~ / (eps_eff W0 hw) [1], eps_eff possibly complex (a lossy or dispersive
/// surrounding), W0 in nm.
cplx conductivity_shift(cplx sigma, double hw_eV, cplx eps_eff, double width_nm);

}  // namespace specsweep::ribbon
