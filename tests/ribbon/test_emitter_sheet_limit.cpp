// Wide-ribbon limit of the emitter study against the quasi-static infinite Drude sheet
// (sheet_reference.hpp: an independent 1-D integral over the in-plane wavevector k).
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cmath>
#include <complex>
#include <vector>

#include "sheet_reference.hpp"
#include "specsweep/ribbon/emitter.hpp"
#include "specsweep/ribbon/units.hpp"

using namespace specsweep;
using namespace specsweep::ribbon;
using specsweep::testing::sheet_integral;
using specsweep::testing::sheet_purcell_average;

namespace {

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

TEST_CASE("emitter: the sheet integral against its closed form for a near-perfect mirror") {
  // Sanity of the reference itself, pole splitting included. beta = c k with c = 2 pi W EE, and
  // k^2 beta/(1 + beta) = k^2 - (1/c)(k - a + a^2/(k + a)), a = 1/c, integrates in closed form:
  //   4 z^3 I = 1 - a z + 2 (a z)^2 - 4 (a z)^3 e^{2az} E1(2az).
  // A large E_F makes |a z| = 1.4e-3: the last term is below 1e-7, so the first three must
  // match the quadrature (tolerance 1e-10) to 1e-6.
  const double z = 10.0, fermi = 100.0, hw = 0.2, gamma = 0.01;
  const cplx I = sheet_integral(fermi, hw, gamma, 1.0, z);
  const cplx c = 2.0 * units::pi * (-(units::alpha_hbar_c * fermi) / units::pi / (hw * cplx(hw, gamma)));
  const cplx az = z / c;
  const cplx closed = 1.0 - az + 2.0 * az * az;
  MESSAGE(fmt::format("4 z^3 I = {:.10f}{:+.3e}i, closed form {:.10f}{:+.3e}i", (4 * z * z * z * I).real(),
                      (4 * z * z * z * I).imag(), closed.real(), closed.imag()));
  CHECK(std::abs(4 * z * z * z * I - closed) < 1e-6);
  CHECK(std::abs(closed - 1.0) > 1e-3);  // the correction is resolved, not lost in the tolerance
}

TEST_CASE("emitter: wide ribbon (W = 40 z_s, Gamma = 50 meV) matches the infinite sheet within 2%") {
  // Measured: +0.81%, +1.06%, +1.23% at N = 160 cells (z_s/4) and 33 q-points; +0.20..0.40% at
  // N = 320, 65 q-points; +0.05..0.10% at N = 640. The difference is the cell discretisation
  // (second order: /4 per doubling), the edge echo being damped by exp(-k_p W Gamma/hw) < 1e-3.
  // 2% leaves a margin of 1.6 over the worst measured case.
  const EmitterSetup s = wide_ribbon(0.05);
  const EmitterResult r = run_emitter_study(s);
  for (size_t w = 0; w < s.hw_eV.size(); ++w) {
    const double sheet = sheet_purcell_average(0.4, s.hw_eV[w], s.gamma_eV, s.eps_eff, s.emitter_z_nm);
    const double ribbon = r.observable(0, static_cast<Index>(w));
    const double rel = std::abs(ribbon / sheet - 1.0);
    MESSAGE(fmt::format("hw = {:.3f} eV: ribbon F = {:.6g} (q-error {:.2g}), sheet F = {:.6g}, rel. diff {:.3f}%",
                        s.hw_eV[w], ribbon, r.observable_error(0, static_cast<Index>(w)), sheet, 100 * rel));
    CHECK(sheet > 1e3);
    CHECK(rel < 0.02);
  }
}

TEST_CASE("emitter: with Gamma = 10 meV the edge echoes stay within 6% of the sheet value") {
  // The plasmon launched under the emitter returns from the edges (a round trip of W) damped by
  // exp(-k_p W Gamma/hw) = 0.28, 0.18, 0.12 at hw = 0.15, 0.2, 0.25 eV. Converged (N = 640,
  // 65 q-points) the ripple is +1.8%, +1.7%, -0.4%; at this test's N = 160 and 33 q-points the
  // discretisation adds up to 5.4% (measured: -3.6%, +1.2%, +2.1%). 6%: ripple plus
  // discretisation error with a margin of 1.7 over the worst measured case.
  const EmitterSetup s = wide_ribbon(0.01);
  const EmitterResult r = run_emitter_study(s);
  double worst = 0;
  for (size_t w = 0; w < s.hw_eV.size(); ++w) {
    const double sheet = sheet_purcell_average(0.4, s.hw_eV[w], s.gamma_eV, s.eps_eff, s.emitter_z_nm);
    const double rel = r.observable(0, static_cast<Index>(w)) / sheet - 1.0;
    worst = std::max(worst, std::abs(rel));
    MESSAGE(fmt::format("Gamma = 10 meV, hw = {:.3f} eV: ribbon/sheet - 1 = {:+.2f}%", s.hw_eV[w], 100 * rel));
  }
  CHECK(worst < 0.06);
}
