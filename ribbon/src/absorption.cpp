#include "specsweep/ribbon/absorption.hpp"

#include <fmt/format.h>

#include <cmath>
#include <memory>

#include "specsweep/error.hpp"
#include "specsweep/ribbon/conductivity.hpp"
#include "specsweep/ribbon/model.hpp"
#include "specsweep/ribbon/modes.hpp"
#include "specsweep/ribbon/parameters.hpp"
#include "specsweep/ribbon/units.hpp"

namespace specsweep::ribbon {
namespace {

// The arguments of the system entry point; a setup's are its parameter table's rows.
void check_grids(double gamma_eV, const std::vector<double>& fermi_eV, const std::vector<double>& hw_eV) {
  // Gamma = 0 would put poles on the real hw axis: the spectrum is a sum of delta lines.
  require(std::isfinite(gamma_eV) && gamma_eV > 0,
          fmt::format("absorption: Gamma must be > 0 eV, got {}", gamma_eV));
  require(!fermi_eV.empty(), "absorption: no Fermi energies given");
  require(!hw_eV.empty(), "absorption: no photon energies given");
  for (double e : fermi_eV)
    require(std::isfinite(e) && e > 0, fmt::format("absorption: Fermi energy must be > 0 eV, got {}", e));
  for (double w : hw_eV)
    require(std::isfinite(w) && w > 0, fmt::format("absorption: photon energy must be > 0 eV, got {}", w));
}

}  // namespace

double drude_weight(double fermi_eV, double width_nm) {
  return width_nm * units::alpha_hbar_c * fermi_eV / units::pi;
}

AbsorptionSpectrum absorption_spectrum(const AbsorptionSetup& s) {
  validate(s);  // the parameter table's checks (parameters.cpp)
  return absorption_spectrum(system_of(s), surroundings_of(s), s.gamma_eV,
                             s.fermi_eV, s.hw_eV, s.options);
}

AbsorptionSpectrum absorption_spectrum(const RibbonSystem& system, const Surroundings& medium,
                                       double gamma_eV, const std::vector<double>& fermi_eV,
                                       const std::vector<double>& hw_eV, const Options& options) {
  validate(system);
  check_grids(gamma_eV, fermi_eV, hw_eV);
  const double W0 = system.geometry.ribbons[0].width_nm, L_nm = system.geometry.period_nm;
  const Index nw = static_cast<Index>(hw_eV.size()), nf = static_cast<Index>(fermi_eV.size());
  const bool shared = !weights_depend_on_fermi(system);
  Options opts = options;
  opts.expected_shifts = nw * (shared ? nf : 1);
  opts.observe_rows = 1;

  // The surroundings per hw, once.
  std::vector<cplx> eps(static_cast<size_t>(nw)), n_above(eps.size()), n_below(eps.size());
  for (Index k = 0; k < nw; ++k) {
    const double hw = hw_eV[size_t(k)];
    eps[size_t(k)] = medium.eps_eff(hw);
    n_above[size_t(k)] = std::sqrt(medium.above(hw));
    n_below[size_t(k)] = std::sqrt(medium.below(hw));
  }

  AbsorptionSpectrum out;
  out.hw_eV = hw_eV;
  out.fermi_eV = fermi_eV;
  out.sigma_nm.resize(nw, nf);
  out.polarisability.resize(nw, nf);
  if (L_nm > 0) out.absorbance.resize(nw, nf);
  const bool closed_form_hw1 = system.conductivity.kind == Conductivity::Drude &&
                               medium.above.is_constant() && medium.below.is_constant();

  std::vector<cplx> shifts(static_cast<size_t>(nw));
  std::unique_ptr<SystemOperator> op;
  Resolvent r;
  MatrixXcd b, C;
  std::vector<double> eta;
  for (Index f = 0; f < nf; ++f) {
    const double ef = fermi_eV[size_t(f)];
    if (!op || !shared) {
      op = std::make_unique<SystemOperator>(system, 0.0, drude_weight_ratios(system, ef));
      r = op->resolvent(opts);
      b = op->source((-W0 * op->centres()).cast<cplx>());  // phi_ext / E0
      C = op->charge_observer(op->centres().cwiseProduct(op->sizes()).transpose().cast<cplx>());
      eta = plasmon_eta_from_eigenvalues(r.eigenvalues(), 1);
      if (f == 0) {
        out.route = r.route();
        out.reason = r.reason();
      }
    }
    for (Index k = 0; k < nw; ++k) {
      const double hw = hw_eV[size_t(k)];
      const cplx sigma = sheet_conductivity(system.conductivity, ef, hw, gamma_eV).total();
      shifts[size_t(k)] = conductivity_shift(sigma, hw, eps[size_t(k)], W0);
    }
    const SweepResult y = r.project(C, shifts, b);
    require(y.flagged.empty(), "absorption: a shift is numerically singular; increase Gamma");
    for (Index k = 0; k < nw; ++k) {
      const double k_hw = hw_eV[size_t(k)] / units::hbar_c;  // omega / c [1/nm]
      const cplx alpha = eps[size_t(k)] * shifts[size_t(k)] * W0 * y(k, 0);
      out.polarisability(k, f) = alpha;
      out.sigma_nm(k, f) = 4.0 * units::pi * k_hw * alpha.imag();
      if (L_nm > 0) {
        const cplx sheet = cplx(0, -4.0 * units::pi * k_hw) * alpha / L_nm;  // sigma^
        const cplx n1 = n_above[size_t(k)], n2 = n_below[size_t(k)];
        out.absorbance(k, f) = 4.0 * std::norm(n1) * sheet.real() / (n1.real() * std::norm(n1 + n2 + sheet));
      }
    }
    if (!eta.empty() && closed_form_hw1)
      out.dipole_hw_eV.push_back(plasmon_energy_for(system.conductivity, eta[0], ef,
                                                    medium.eps_eff(hw_eV[0]).real(), W0));
  }
  return out;
}

}  // namespace specsweep::ribbon
