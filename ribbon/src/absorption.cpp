#include "specsweep/ribbon/absorption.hpp"

#include <fmt/format.h>

#include <cmath>

#include "specsweep/error.hpp"
#include "specsweep/ribbon/model.hpp"
#include "specsweep/ribbon/modes.hpp"
#include "specsweep/ribbon/units.hpp"

namespace specsweep::ribbon {
double drude_weight(double fermi_eV, double width_nm) {
  return width_nm * units::alpha_hbar_c * fermi_eV / units::pi;
}

AbsorptionSpectrum absorption_spectrum(const AbsorptionSetup& s) {
  validate(s);  // the parameter table's checks (parameters.cpp)
  const Index N = s.cells;
  const double W = s.width_nm, h = 1.0 / double(N);
  const RibbonOperator op(0.0, N);
  Options opts = s.options;
  opts.expected_shifts = static_cast<Index>(s.hw_eV.size() * s.fermi_eV.size());
  opts.observe_rows = 1;
  const Resolvent r = op.resolvent(opts);

  const VectorXd u = cell_centres(N);
  const MatrixXcd b = (-W * u).cast<cplx>();                        // phi_ext / E0
  const MatrixXcd C = (u.transpose() * op.difference()).cast<cplx>();  // u^T D

  AbsorptionSpectrum out;
  out.hw_eV = s.hw_eV;
  out.fermi_eV = s.fermi_eV;
  out.route = r.route();
  out.reason = r.reason();
  const Index nw = static_cast<Index>(s.hw_eV.size()), nf = static_cast<Index>(s.fermi_eV.size());
  out.sigma_nm.resize(nw, nf);
  out.polarisability.resize(nw, nf);
  const std::vector<double> eta = plasmon_eta_from_eigenvalues(r.eigenvalues(), 1);

  std::vector<cplx> shifts(static_cast<size_t>(nw));
  for (Index f = 0; f < nf; ++f) {
    const double ef = s.fermi_eV[size_t(f)];
    for (Index k = 0; k < nw; ++k)
      shifts[size_t(k)] = drude_prefactor(ef, s.hw_eV[size_t(k)], s.gamma_eV, s.eps_eff, W);
    const SweepResult y = r.project(C, shifts, b);
    require(y.flagged.empty(), "absorption: a shift is numerically singular; increase Gamma");
    for (Index k = 0; k < nw; ++k) {
      const cplx alpha = W * h * s.eps_eff * shifts[size_t(k)] * y(k, 0);
      out.polarisability(k, f) = alpha;
      out.sigma_nm(k, f) = 4.0 * units::pi * (s.hw_eV[size_t(k)] / units::hbar_c) * alpha.imag();
    }
    if (!eta.empty()) out.dipole_hw_eV.push_back(plasmon_energy(eta[0], ef, s.eps_eff, W));
  }
  return out;
}

}  // namespace specsweep::ribbon
