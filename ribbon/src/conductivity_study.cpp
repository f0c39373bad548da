#include "specsweep/ribbon/conductivity_study.hpp"

#include "specsweep/ribbon/units.hpp"

namespace specsweep::ribbon {

ConductivitySpectrum conductivity_spectrum(const ConductivitySetup& s) {
  validate(s);  // in this build: Drude at T = 0 only (see unsupported_in_this_build)
  ConductivitySpectrum out;
  out.hw_eV = s.hw_eV;
  const cplx i(0, 1);
  for (double hw : s.hw_eV) {
    // Drude intraband, T = 0: sigma~ = (i/pi) E_F / (hw + i Gamma); no interband term.
    const cplx intra = i * s.fermi_eV / (units::pi * cplx(hw, s.gamma_eV));
    const cplx inter = 0;
    out.intra.push_back(intra);
    out.inter.push_back(inter);
    out.total.push_back(intra + inter);
    out.shift.push_back(units::alpha_hbar_c * i * (intra + inter) / (s.eps_eff * s.width_nm * hw));
  }
  return out;
}

}  // namespace specsweep::ribbon
