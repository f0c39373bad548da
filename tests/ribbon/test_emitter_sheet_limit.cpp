// Wide-ribbon limit of the emitter study against the quasi-static infinite Drude sheet,
// computed here independently as a 1-D integral over the in-plane wavevector k.
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
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <boost/math/quadrature/gauss_kronrod.hpp>
#include <cmath>
#include <vector>

#include "specsweep/ribbon/emitter.hpp"
#include "specsweep/ribbon/units.hpp"

using namespace specsweep;
using namespace specsweep::ribbon;

namespace {

/// int_0^inf k^2 r_p(k) e^{-2 k z} dk, adaptive Gauss-Kronrod split at the plasmon pole.
cplx sheet_integral(double fermi, double hw, double gamma, double eps, double z) {
  const cplx ee_w = -(units::alpha_hbar_c * fermi) / (units::pi * eps) / (hw * cplx(hw, gamma));
  auto integrand = [&](double k, bool imag) {
    const cplx beta = 2.0 * units::pi * k * ee_w;
    const cplx v = k * k * beta / (1.0 + beta) * std::exp(-2.0 * k * z);
    return imag ? v.imag() : v.real();
  };
  const double kp = eps * hw * hw / (2.0 * units::alpha_hbar_c * fermi);
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

double sheet_purcell_average(double fermi, double hw, double gamma, double eps, double z) {
  const cplx Gzz = sheet_integral(fermi, hw, gamma, eps, z) / eps;
  const double k = units::hbar_c / hw;
  return 1.0 + 1.5 * k * k * k * (0.5 * (0.5 * Gzz + Gzz)).imag();
}

EmitterSetup wide_ribbon(double gamma) {
  EmitterSetup s;
  s.emitter_z_nm = 10.0;
  s.width_nm = 40.0 * s.emitter_z_nm;  // W = 40 z_s
  s.emitter_x_nm = 0.5 * s.width_nm;   // over the centre
  s.gamma_eV = gamma;
  s.cells = 160;                       // cells of z_s/4
  s.fermi_eV = {0.4};
  s.hw_eV = {0.15, 0.2, 0.25};         // k_p W Gamma/hw >= 6: edge echoes damped by e^-6
  s.q_points = 33;
  return s;
}

}  // namespace

TEST_CASE("emitter: closed-form sheet integral reproduces the perfect-mirror image") {
  // Sanity of the reference itself: a large E_F pushes the pole to k_p z ~ 1e-3, so r_p ~ 1
  // where e^{-2kz} lives, and int k^2 e^{-2kz} dk = 1/(4 z^3).
  const double z = 10.0;
  const cplx I = sheet_integral(100.0, 0.2, 0.01, 1.0, z);
  CHECK(std::abs(I.real() * 4 * z * z * z - 1.0) < 1e-2);
}

TEST_CASE("emitter: wide ribbon (W = 40 z_s, Gamma = 50 meV) matches the infinite sheet within 5%") {
  const EmitterSetup s = wide_ribbon(0.05);
  const EmitterResult r = run_emitter_study(s);
  for (size_t w = 0; w < s.hw_eV.size(); ++w) {
    const double sheet = sheet_purcell_average(0.4, s.hw_eV[w], s.gamma_eV, s.eps_eff, s.emitter_z_nm);
    const double ribbon = r.observable(0, static_cast<Index>(w));
    const double rel = std::abs(ribbon / sheet - 1.0);
    MESSAGE(fmt::format("hw = {:.3f} eV: ribbon F = {:.6g} (q-error {:.2g}), sheet F = {:.6g}, rel. diff {:.3f}%",
                        s.hw_eV[w], ribbon, r.observable_error(0, static_cast<Index>(w)), sheet, 100 * rel));
    CHECK(sheet > 1e3);
    CHECK(rel < 0.05);
  }
}

TEST_CASE("emitter: with Gamma = 10 meV the edge echoes make F ripple around the sheet value") {
  // Not a pass/fail bound: prints the ripple next to the Gamma = 50 meV agreement above.
  const EmitterSetup s = wide_ribbon(0.01);
  const EmitterResult r = run_emitter_study(s);
  double worst = 0;
  for (size_t w = 0; w < s.hw_eV.size(); ++w) {
    const double sheet = sheet_purcell_average(0.4, s.hw_eV[w], s.gamma_eV, s.eps_eff, s.emitter_z_nm);
    const double rel = r.observable(0, static_cast<Index>(w)) / sheet - 1.0;
    worst = std::max(worst, std::abs(rel));
    MESSAGE(fmt::format("Gamma = 10 meV, hw = {:.3f} eV: ribbon/sheet - 1 = {:+.2f}%", s.hw_eV[w], 100 * rel));
  }
  CHECK(worst < 1.0);  // same order as the sheet: the ripple is a modulation, not a new scale
}
