#include "specsweep/ribbon/dielectric.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "specsweep/error.hpp"

namespace specsweep::ribbon {

Permittivity Permittivity::constant(double value) {
  require(std::isfinite(value) && value > 0,
          fmt::format("permittivity: a constant eps must be > 0, got {}", value));
  Permittivity p;
  p.value_ = value;
  return p;
}

Permittivity Permittivity::lorentz(double eps_inf, std::vector<LorentzOscillator> oscillators) {
  require(std::isfinite(eps_inf) && eps_inf > 0,
          fmt::format("permittivity: eps_inf must be > 0, got {}", eps_inf));
  for (const auto& o : oscillators)
    require(std::isfinite(o.strength) && o.strength >= 0 && std::isfinite(o.hw0_eV) &&
                o.hw0_eV > 0 && std::isfinite(o.gamma_eV) && o.gamma_eV >= 0,
            fmt::format("permittivity: a Lorentz oscillator needs strength >= 0, hw0 > 0 and "
                        "gamma >= 0 (got {}, {}, {})", o.strength, o.hw0_eV, o.gamma_eV));
  Permittivity p;
  p.kind_ = Kind::Lorentz;
  p.value_ = eps_inf;
  p.oscillators_ = std::move(oscillators);
  p.source_ = "lorentz";
  return p;
}

Permittivity Permittivity::table(std::vector<double> hw_eV, std::vector<cplx> eps, std::string source) {
  require(hw_eV.size() == eps.size(),
          fmt::format("{}: {} photon energies but {} permittivities", source, hw_eV.size(), eps.size()));
  require(hw_eV.size() >= 2, fmt::format("{}: a table needs at least 2 rows", source));
  for (size_t i = 0; i < hw_eV.size(); ++i) {
    require(std::isfinite(hw_eV[i]) && hw_eV[i] > 0 && std::isfinite(eps[i].real()) &&
                std::isfinite(eps[i].imag()),
            fmt::format("{}: row {} is not finite or has hw <= 0", source, i + 1));
    if (i > 0)  // (the message's arguments are evaluated eagerly: no hw[i - 1] at i = 0)
      require(hw_eV[i] > hw_eV[i - 1],
              fmt::format("{}: hw must increase strictly (row {}: {} after {})", source, i + 1,
                          hw_eV[i], hw_eV[i - 1]));
  }
  Permittivity p;
  p.kind_ = Kind::Table;
  p.hw_ = std::move(hw_eV);
  p.eps_ = std::move(eps);
  p.source_ = std::move(source);
  return p;
}

Permittivity Permittivity::read_table(const std::string& path) {
  std::ifstream in(path);
  require(static_cast<bool>(in), fmt::format("{}: cannot open the permittivity table", path));
  std::vector<double> hw;
  std::vector<cplx> eps;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    const auto hash = line.find('#');
    if (hash != std::string::npos) line.erase(hash);
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    std::istringstream s(line);
    double w = 0, re = 0, im = 0;
    std::string extra;
    require(static_cast<bool>(s >> w >> re >> im) && !(s >> extra),
            fmt::format("{}:{}: expected three numbers 'hw_eV Re_eps Im_eps', got '{}'", path,
                        number, line));
    require(std::isfinite(w) && w > 0 && std::isfinite(re) && std::isfinite(im),
            fmt::format("{}:{}: values must be finite with hw > 0", path, number));
    if (!hw.empty())
      require(w > hw.back(),
              fmt::format("{}:{}: hw must increase strictly ({} after {})", path, number, w, hw.back()));
    hw.push_back(w);
    eps.emplace_back(re, im);
  }
  require(hw.size() >= 2, fmt::format("{}: a permittivity table needs at least 2 rows", path));
  return table(std::move(hw), std::move(eps), path);
}

cplx Permittivity::operator()(double hw) const {
  require(std::isfinite(hw) && hw > 0, fmt::format("permittivity: hw must be > 0 eV, got {}", hw));
  switch (kind_) {
    case Kind::Constant:
      return value_;
    case Kind::Lorentz: {
      cplx eps = value_;
      for (const auto& o : oscillators_) {
        const double w0 = o.hw0_eV * o.hw0_eV;
        eps += o.strength * w0 / cplx(w0 - hw * hw, -o.gamma_eV * hw);
      }
      return eps;
    }
    case Kind::Table: {
      require(hw >= hw_.front() && hw <= hw_.back(),
              fmt::format("{}: hw = {} eV is outside the table [{}, {}] eV", source_, hw,
                          hw_.front(), hw_.back()));
      const size_t k = std::min<size_t>(
          size_t(std::upper_bound(hw_.begin(), hw_.end(), hw) - hw_.begin()), hw_.size() - 1);
      const double t = (hw - hw_[k - 1]) / (hw_[k] - hw_[k - 1]);
      return (1.0 - t) * eps_[k - 1] + t * eps_[k];
    }
  }
  return value_;
}

bool Permittivity::covers(double hw) const {
  if (kind_ != Kind::Table) return hw > 0;
  return hw >= hw_.front() && hw <= hw_.back();
}

Permittivity MediumSpec::permittivity() const {
  if (table) return *table;
  if (!oscillators.empty()) return Permittivity::lorentz(eps.value_or(1.0), oscillators);
  return Permittivity::constant(eps.value_or(1.0));
}

Surroundings Surroundings::uniform(double eps) {
  Surroundings s;
  s.above = Permittivity::constant(eps);
  s.below = s.above;
  return s;
}

}  // namespace specsweep::ribbon
