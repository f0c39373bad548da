#include "specsweep/ribbon/absorption.hpp"

#include <fmt/format.h>

#include <cmath>

#include "specsweep/error.hpp"
#include "specsweep/ribbon/model.hpp"
#include "specsweep/ribbon/modes.hpp"
#include "specsweep/ribbon/units.hpp"

namespace specsweep::ribbon {
namespace {

void check_setup(const AbsorptionSetup& s) {
  require(s.cells >= 2, fmt::format("absorption: need at least 2 cells, got {}", s.cells));
  require(std::isfinite(s.width_nm) && s.width_nm > 0,
          fmt::format("absorption: width must be > 0 nm, got {}", s.width_nm));
  require(std::isfinite(s.eps_eff) && s.eps_eff > 0,
          fmt::format("absorption: eps_eff must be > 0, got {}", s.eps_eff));
  // Gamma = 0 would put poles on the real hw axis: the spectrum is a sum of delta lines.
  require(std::isfinite(s.gamma_eV) && s.gamma_eV > 0,
          fmt::format("absorption: Gamma must be > 0 eV, got {}", s.gamma_eV));
  require(!s.fermi_eV.empty(), "absorption: no Fermi energies given");
  require(!s.hw_eV.empty(), "absorption: no photon energies given");
  for (double e : s.fermi_eV)
    require(std::isfinite(e) && e > 0, fmt::format("absorption: Fermi energy must be > 0 eV, got {}", e));
  for (double w : s.hw_eV)
    require(std::isfinite(w) && w > 0, fmt::format("absorption: photon energy must be > 0 eV, got {}", w));
}

}  // namespace

double drude_weight(double fermi_eV, double width_nm) {
  return width_nm * units::alpha_hbar_c * fermi_eV / units::pi;
}

AbsorptionSpectrum absorption_spectrum(const AbsorptionSetup& s) {
  check_setup(s);
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
