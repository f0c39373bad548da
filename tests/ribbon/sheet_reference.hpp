#pragma once
// The quasi-static infinite Drude sheet: the reference the emitter tests compare ribbons with,
// computed independently of the ribbon library as a 1-D integral over the in-plane wavevector k.
//
// Sheet at z = 0 between vacuum and a substrate (eps_eff = mean), unit charge at height z_s:
//   phi_ext(k) = (1/eps) (2 pi/k) e^{-k z_s}           (2-D Fourier transform at the sheet)
//   rho~(k) = rho/eps = -(i sigma/(eps omega)) k^2 phi_tot,  phi_ind(k, z) = (2 pi/k) rho~ e^{-k z}
// With EE = -(alpha hbar c E_F)/(pi eps W hw (hw + i Gamma)) (W drops out), beta = 2 pi k W EE:
//   phi_tot = phi_ext/(1 + beta),   r_p(k, omega) = beta/(1 + beta)
// (the plasmon is 1 + beta = 0, i.e. hw^2 = 2 alpha hbar c E_F k/eps). The reflected field of a
// unit dipole at the dipole:
//   G_zz = (1/eps) int_0^inf dk k^2 r_p e^{-2 k z_s},   G_xx = G_zz/2,
//   F = 1 + (3/2)(c/omega)^3 Im(p.G.p),  theta average (G_xx + G_zz)/2.
#include <boost/math/quadrature/gauss_kronrod.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include "specsweep/ribbon/units.hpp"
#include "specsweep/types.hpp"

namespace specsweep::testing {

using ribbon::units::alpha_hbar_c;
using ribbon::units::hbar_c;
using ribbon::units::pi;

/// int_0^inf k^2 r_p(k) e^{-2 k z} dk, adaptive Gauss-Kronrod split at the plasmon pole.
inline cplx sheet_integral(double fermi, double hw, double gamma, double eps, double z) {
  const cplx ee_w = -(alpha_hbar_c * fermi) / (pi * eps) / (hw * cplx(hw, gamma));
  auto integrand = [&](double k, bool imag) {
    const cplx beta = 2.0 * pi * k * ee_w;
    const cplx v = k * k * beta / (1.0 + beta) * std::exp(-2.0 * k * z);
    return imag ? v.imag() : v.real();
  };
  const double kp = eps * hw * hw / (2.0 * alpha_hbar_c * fermi);
  const double width = kp * std::max(gamma / hw, 1e-3);
  std::vector<double> cuts = {0.0, std::max(0.0, kp - 20 * width), kp, kp + 20 * width, 60.0 / z};
  std::sort(cuts.begin(), cuts.end());
  cplx total = 0;
  for (size_t i = 0; i + 1 < cuts.size(); ++i) {
    if (cuts[i + 1] <= cuts[i]) continue;
    using GK = boost::math::quadrature::gauss_kronrod<double, 61>;
    const double re = GK::integrate([&](double k) { return integrand(k, false); }, cuts[i], cuts[i + 1], 12, 1e-10);
    const double im = GK::integrate([&](double k) { return integrand(k, true); }, cuts[i], cuts[i + 1], 12, 1e-10);
    total += cplx(re, im);
  }
  return total;
}

/// The theta-averaged Purcell factor 1 + (3/2)(hbar c/hw)^3 Im((G_xx + G_zz)/2) at height z.
inline double sheet_purcell_average(double fermi, double hw, double gamma, double eps, double z) {
  const cplx Gzz = sheet_integral(fermi, hw, gamma, eps, z) / eps;
  const double k = hbar_c / hw;
  return 1.0 + 1.5 * k * k * k * (0.5 * (0.5 * Gzz + Gzz)).imag();
}

}  // namespace specsweep::testing
