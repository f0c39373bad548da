#include "specsweep/ribbon/modes.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "specsweep/error.hpp"
#include "specsweep/ribbon/conductivity.hpp"
#include "specsweep/ribbon/model.hpp"
#include "specsweep/ribbon/parameters.hpp"
#include "specsweep/ribbon/units.hpp"

namespace specsweep::ribbon {

std::vector<double> plasmon_eta(double qW, Index cells, Index count, const Options& opts) {
  const Resolvent r = ribbon_resolvent(qW, cells, opts);
  const VectorXcd lambda = r.eigenvalues();
  require(lambda.size() == cells,
          fmt::format("ribbon modes: route '{}' does not provide eigenvalues; use method eig or auto",
                      to_string(r.route())));
  return plasmon_eta_from_eigenvalues(lambda, count);
}

std::vector<double> plasmon_eta_from_eigenvalues(const VectorXcd& lambda, Index count) {
  if (lambda.size() == 0) return {};
  const double radius = lambda.cwiseAbs().maxCoeff();
  std::vector<double> eta;
  for (Index j = 0; j < lambda.size(); ++j) {
    const double l = lambda(j).real();  // real spectrum: V D is a symmetric-definite product
    if (l < -1e-10 * radius) eta.push_back(1.0 / l);
  }
  std::sort(eta.begin(), eta.end());
  if (count > 0 && static_cast<Index>(eta.size()) > count) eta.resize(static_cast<size_t>(count));
  return eta;
}

double plasmon_energy(double eta, double fermi_eV, double eps_eff, double width_nm) {
  require(eta < 0, fmt::format("plasmon energy needs eta < 0, got {}", eta));
  require(fermi_eV > 0, fmt::format("Fermi energy must be > 0 eV, got {}", fermi_eV));
  require(eps_eff > 0, fmt::format("eps_eff must be > 0, got {}", eps_eff));
  require(width_nm > 0, fmt::format("ribbon width must be > 0 nm, got {}", width_nm));
  return std::sqrt(units::alpha_hbar_c * fermi_eV / (units::pi * eps_eff * width_nm * (-eta)));
}

std::vector<double> plasmon_eta(const RibbonSystem& system, double qW, double fermi_eV,
                                Index count, const Options& opts) {
  const SystemOperator op(system, qW, drude_weight_ratios(system, fermi_eV));
  const Resolvent r = op.resolvent(opts);
  const VectorXcd lambda = r.eigenvalues();
  require(lambda.size() == op.size(),
          fmt::format("ribbon modes: route '{}' does not provide eigenvalues; use method eig or auto",
                      to_string(r.route())));
  return plasmon_eta_from_eigenvalues(lambda, count);
}

double plasmon_energy_for(const ConductivityModel& model, double eta, double fermi_eV,
                          double eps_eff, double width_nm) {
  require(model.kind == Conductivity::Drude,
          "plasmon energy: a closed form exists under drude only; under rpa read the peak of the "
          "absorption spectrum");
  return plasmon_energy(eta, intraband_weight(fermi_eV, model.temperature_K), eps_eff, width_nm);
}

std::vector<ModeBranches> modes_study(const ModesSetup& s) {
  validate(s);
  const RibbonSystem system = system_of(s);
  const double ef = s.fermi_eV.value_or(1.0);  // unused unless given (the table's rule)
  // hw_j has a closed form under drude only (under rpa the mode condition is transcendental).
  const bool energies = s.width_nm && s.fermi_eV && s.conductivity.kind == Conductivity::Drude;
  std::vector<ModeBranches> out;
  for (double q : s.qW) {
    ModeBranches m{q, plasmon_eta(system, q, ef, s.count, s.options), {}};
    if (energies)
      for (double e : m.eta)
        m.hw_eV.push_back(
            plasmon_energy_for(s.conductivity, e, *s.fermi_eV, s.eps_eff, *s.width_nm));
    out.push_back(std::move(m));
  }
  return out;
}

double asymptotic_eta(Index j) {
  require(j >= 1, fmt::format("mode index starts at 1, got {}", j));
  return -1.0 / (2.0 * units::pi * units::pi * (double(j) - 0.25));
}

}  // namespace specsweep::ribbon
