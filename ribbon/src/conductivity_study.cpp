#include "specsweep/ribbon/conductivity_study.hpp"

#include "specsweep/ribbon/conductivity.hpp"

namespace specsweep::ribbon {

ConductivitySpectrum conductivity_spectrum(const ConductivitySetup& s) {
  validate(s);
  ConductivitySpectrum out;
  out.hw_eV = s.hw_eV;
  for (double hw : s.hw_eV) {
    const SheetConductivity sigma = sheet_conductivity(s.conductivity, s.fermi_eV, hw, s.gamma_eV);
    out.intra.push_back(sigma.intraband);
    out.inter.push_back(sigma.interband);
    out.total.push_back(sigma.total());
    out.shift.push_back(conductivity_shift(sigma.total(), hw, s.eps_eff, s.width_nm));
  }
  return out;
}

}  // namespace specsweep::ribbon
