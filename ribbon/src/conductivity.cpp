#include "specsweep/ribbon/conductivity.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/math/quadrature/gauss_kronrod.hpp>
#include <cmath>

#include "specsweep/error.hpp"
#include "specsweep/ribbon/units.hpp"

namespace specsweep::ribbon {
namespace {

using units::pi;
const cplx I(0.0, 1.0);

void check_point(double fermi_eV, double temperature_K, double hw_eV, double gamma_eV) {
  require(std::isfinite(fermi_eV) && fermi_eV > 0,
          fmt::format("conductivity: Fermi energy must be > 0 eV, got {}", fermi_eV));
  require(std::isfinite(temperature_K) && temperature_K >= 0,
          fmt::format("conductivity: temperature must be >= 0 K, got {}", temperature_K));
  require(std::isfinite(hw_eV) && hw_eV > 0,
          fmt::format("conductivity: photon energy must be > 0 eV, got {}", hw_eV));
  require(std::isfinite(gamma_eV) && gamma_eV > 0,
          fmt::format("conductivity: Gamma must be > 0 eV, got {}", gamma_eV));
}

// [f(-e) - f(e)] - theta(e - mu), written without cancellation on each side of mu
// (x = e/kT, m = mu/kT): below mu, 1/(1 + e^(m-x)) - 1/(1 + e^(m+x)); above, the negative of
// 1/(1 + e^(x-m)) + 1/(1 + e^(x+m)). Each side's formula is analytic on the whole real line.
double occupation_below(double x, double m) { return 1.0 / (1.0 + std::exp(m - x)) - 1.0 / (1.0 + std::exp(m + x)); }
double occupation_above(double x, double m) { return -1.0 / (1.0 + std::exp(x - m)) - 1.0 / (1.0 + std::exp(x + m)); }

// int_a^b R(e) Omega / (Omega^2 - 4e^2) de for one smooth side R of the occupation difference.
// Omega/(Omega^2 - 4e^2) = [1/(Omega + 2e) + 1/(Omega - 2e)]/2; the second term's near pole at
// e_p = hw/2 (distance Gamma/2 from the real axis) is made regular by subtracting R(e_p), whose
// integral is closed: int_a^b de/(Omega - 2e) = [ln(Omega - 2a) - ln(Omega - 2b)]/2 (Im > 0 along
// the path, so the principal logs are continuous).
template <class R>
cplx side_integral(const R& occ, double a, double b, cplx omega, double kT) {
  if (b <= a) return 0.0;
  const double ep = 0.5 * omega.real(), rp = occ(ep / kT);
  auto f = [&](double e) {
    const double r = occ(e / kT);
    return 0.5 * (r / (omega + 2.0 * e) + (r - rp) / (omega - 2.0 * e));
  };
  // 61-point Kronrod on pieces of a smooth integrand: a relative tolerance of 1e-11 (of the
  // piece's L1 norm) is met in a few bisections; much tighter is below the rounding of
  // (r - rp)/(Omega - 2e) near e_p, and would only make the recursion run to its depth limit.
  using GK = boost::math::quadrature::gauss_kronrod<double, 61>;
  auto part = [&](double lo, double hi) {
    double err = 0;
    return GK::integrate(f, lo, hi, 12, 1e-11, &err);
  };
  cplx sum = (ep > a && ep < b) ? part(a, ep) + part(ep, b) : part(a, b);
  sum += 0.5 * rp * 0.5 * (std::log(omega - 2.0 * a) - std::log(omega - 2.0 * b));
  return sum;
}

}  // namespace

double intraband_weight(double fermi_eV, double temperature_K) {
  require(std::isfinite(fermi_eV) && fermi_eV > 0,
          fmt::format("conductivity: Fermi energy must be > 0 eV, got {}", fermi_eV));
  require(std::isfinite(temperature_K) && temperature_K >= 0,
          fmt::format("conductivity: temperature must be >= 0 K, got {}", temperature_K));
  if (temperature_K == 0) return fermi_eV;
  const double kT = units::boltzmann * temperature_K, x = fermi_eV / (2.0 * kT);
  // ln(2 cosh x) = x + ln(1 + e^-2x) for x > 0, without overflow.
  return 2.0 * kT * (x + std::log1p(std::exp(-2.0 * x)));
}

cplx interband_conductivity(double fermi_eV, double temperature_K, double hw_eV, double gamma_eV) {
  check_point(fermi_eV, temperature_K, hw_eV, gamma_eV);
  const cplx omega(hw_eV, gamma_eV);
  const double mu = fermi_eV;
  // T = 0: (i/pi) Omega int_mu^inf de / (Omega^2 - 4e^2), in closed form.
  cplx sigma = I / (4.0 * pi) * (std::log(2.0 * mu - omega) - std::log(2.0 * mu + omega));
  if (temperature_K == 0) return sigma;
  // T > 0: the occupation differs from theta(e - mu) only within ~46 kT of mu (e^-46 ~ 1e-20).
  const double kT = units::boltzmann * temperature_K, m = mu / kT, reach = 46.0 * kT;
  const cplx below = side_integral([m](double x) { return occupation_below(x, m); },
                                   std::max(0.0, mu - reach), mu, omega, kT);
  const cplx above = side_integral([m](double x) { return occupation_above(x, m); }, mu,
                                   mu + reach, omega, kT);
  return sigma + I / pi * (below + above);
}

SheetConductivity sheet_conductivity(const ConductivityModel& model, double fermi_eV,
                                     double hw_eV, double gamma_eV) {
  check_point(fermi_eV, model.temperature_K, hw_eV, gamma_eV);
  SheetConductivity s;
  s.intraband = I / pi * intraband_weight(fermi_eV, model.temperature_K) / cplx(hw_eV, gamma_eV);
  s.interband = model.kind == Conductivity::Rpa
                    ? interband_conductivity(fermi_eV, model.temperature_K, hw_eV, gamma_eV)
                    : cplx(0.0);
  return s;
}

cplx conductivity_shift(cplx sigma, double hw_eV, cplx eps_eff, double width_nm) {
  require(std::isfinite(hw_eV) && hw_eV > 0, fmt::format("photon energy must be > 0 eV, got {}", hw_eV));
  require(std::isfinite(width_nm) && width_nm > 0,
          fmt::format("ribbon width must be > 0 nm, got {}", width_nm));
  require(std::isfinite(eps_eff.real()) && std::isfinite(eps_eff.imag()) && std::abs(eps_eff) > 0,
          "eps_eff must be finite and non-zero");
  return units::alpha_hbar_c * I * sigma / (eps_eff * width_nm * hw_eV);
}

}  // namespace specsweep::ribbon
