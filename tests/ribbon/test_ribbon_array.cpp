// Periodic arrays at q = 0, normal incidence: the dipole mode red-shifts as W/L grows, by
// (W/L)^2 in the dilute limit (the lattice sum of line dipoles; the exponent is fitted), the
// array tends to the isolated ribbon as L -> inf, the f-sum rule holds per period (Eigen's modal
// decomposition against the closed-form Drude weights), and the absorbance with radiative
// damping never exceeds the thin-sheet bound n1/(n1 + n2), though the quasi-static
// cross-section per period does.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cmath>

#include "ribbon_modal.hpp"
#include "specsweep/error.hpp"
#include "specsweep/ribbon/absorption.hpp"
#include "specsweep/ribbon/emitter.hpp"
#include "specsweep/ribbon/modes.hpp"
#include "specsweep/ribbon/units.hpp"

using namespace specsweep;
using namespace specsweep::ribbon;

namespace {

RibbonSystem array(double fill, Index cells) {
  RibbonSystem s = single_ribbon(100.0, cells);
  s.geometry.period_nm = 100.0 / fill;
  return s;
}

double eta1(const RibbonSystem& s) { return plasmon_eta(s, 0.0, 0.4, 1)[0]; }

std::vector<double> hw_grid(double from, double to, int count) {
  std::vector<double> v;
  for (int i = 0; i < count; ++i) v.push_back(from + (to - from) * i / (count - 1));
  return v;
}

}  // namespace

TEST_CASE("the array's dipole mode red-shifts as W/L grows, as (W/L)^2 when dilute") {
  const Index N = 150;
  RibbonSystem alone = single_ribbon(100.0, N);
  alone.discretisation = Discretisation::Galerkin;
  const double e0 = plasmon_eta(alone, 0.0, 0.4, 1)[0];
  double previous = e0;
  std::string table = "  W/L    eta_1       shift\n";
  for (double fill : {0.1, 0.25, 0.5, 0.75}) {
    const double e = eta1(array(fill, N));
    table += fmt::format("  {:.2f}  {:.7f}  {:.3e}\n", fill, e, e - e0);
    CHECK(e < previous);  // more negative eta: lower hw
    previous = e;
  }
  MESSAGE("array eta_1 (N = 150; isolated " << e0 << "):\n" << table);
  // Dilute: fit the exponent of |eta_1 - eta_1(isolated)| between W/L = 0.02 and 0.04.
  const double d1 = e0 - eta1(array(0.02, N)), d2 = e0 - eta1(array(0.04, N));
  const double exponent = std::log(d2 / d1) / std::log(2.0);
  MESSAGE(fmt::format("dilute shifts {:.4e} (W/L = 0.02), {:.4e} (0.04): exponent {:.4f}", d1, d2, exponent));
  // The next term of the lattice sum is (W/L)^4, a 1e-3 relative correction at W/L = 0.04.
  CHECK(exponent == doctest::Approx(2.0).epsilon(0.01));
  // L -> inf: the isolated ribbon, the shift still following (W/L)^2 (1/16 of W/L = 0.02's).
  const double d0 = e0 - eta1(array(0.005, N));
  CHECK(d0 == doctest::Approx(d1 / 16).epsilon(0.01));
}

TEST_CASE("f-sum rule per period: the strengths add up to sum_r e^2 E_F,r W_r (1 - 1/N) / pi") {
  const Index N = 100;
  RibbonSystem s = single_ribbon(100.0, N);
  s.geometry.ribbons.push_back(RibbonSpec{60.0, 25.0, 0.5});
  s.geometry.period_nm = 260.0;
  const double ef = 0.4, eps = 2.45;
  const SystemOperator op(s, 0.0, drude_weight_ratios(s, ef));
  const auto m = ribbon_test::modal_strengths(op, 100.0, ef, eps);
  const double drude = (units::alpha_hbar_c / units::pi) * (ef * 100.0 + 0.5 * ef * 60.0) * (1.0 - 1.0 / N);
  MESSAGE(fmt::format("sum f_j = {:.12g}, Drude weights {:.12g}, ratio - 1 = {:.2e}", m.f.sum(), drude, m.f.sum() / drude - 1));
  CHECK(m.f.sum() == doctest::Approx(drude).epsilon(1e-10));
  CHECK(m.f.minCoeff() > -1e-12 * m.f.sum());
  // The swept spectrum has the same high-frequency limit -hw (hw + i Gamma) alpha -> sum f_j.
  const auto a = absorption_spectrum(s, Surroundings::uniform(eps), 0.01, {ef}, {3e3});
  CHECK(a.route == Route::EigSymmetricDefinite);
  CHECK(std::abs(-3e3 * cplx(3e3, 0.01) * a.polarisability(0, 0) - drude) < 1e-6 * drude);
}

TEST_CASE("the array's absorbance stays below n1/(n1 + n2) where the quasi-static section does not") {
  const std::vector<double> hw = hw_grid(0.05, 0.6, 400);
  for (double eps_below : {1.0, 2.25}) {
    Surroundings medium;
    medium.below = Permittivity::constant(eps_below);
    const double n1 = 1.0, n2 = std::sqrt(eps_below), bound = n1 / (n1 + n2);
    const RibbonSystem dense = array(0.75, 120);
    const auto a = absorption_spectrum(dense, medium, 0.01, {0.3, 0.8}, hw);
    REQUIRE(a.absorbance.rows() == Index(hw.size()));
    CHECK(a.route == Route::EigSymmetricDefinite);
    const double L = dense.geometry.period_nm;
    const double qs_max = a.sigma_nm.maxCoeff() / L, abs_max = a.absorbance.maxCoeff();
    MESSAGE(fmt::format("eps_below = {}: max quasi-static sigma/L = {:.3f}, max absorbance = {:.4f}, "
                        "bound n1/(n1+n2) = {:.4f}", eps_below, qs_max, abs_max, bound));
    CHECK(qs_max > bound);                     // without radiative damping: unphysical
    CHECK(abs_max <= bound * (1 + 1e-12));     // 4 n1 x / (n1 + n2 + x)^2 <= n1/(n1 + n2)
    CHECK(a.absorbance.minCoeff() > 0);
    CHECK(abs_max > 0.5 * bound);              // and it is a strong absorber at the peak
  }
  // Dilute: the radiative correction is O(|sigma^|) and the absorbance of a free-standing array
  // tends to the quasi-static section per period at the peak.
  const RibbonSystem dilute = array(0.02, 80);
  const auto d = absorption_spectrum(dilute, Surroundings::uniform(1.0), 0.01, {0.2}, hw_grid(0.05, 0.3, 251));
  Index k = 0;
  d.sigma_nm.col(0).maxCoeff(&k);
  const double qs = d.sigma_nm(k, 0) / dilute.geometry.period_nm;
  MESSAGE(fmt::format("W/L = 0.02: peak sigma/L = {:.4e}, absorbance {:.4e}", qs, d.absorbance(k, 0)));
  CHECK(d.absorbance(k, 0) / qs == doctest::Approx(1.0).epsilon(2 * qs + 1e-3));
}

TEST_CASE("arrays are q = 0 studies: modes at qW > 0 and the emitter study are rejected") {
  const RibbonSystem a = array(0.5, 40);
  CHECK_THROWS_AS(plasmon_eta(a, 0.5, 0.4), Error);
  EmitterSetup e;
  e.cells = 40;
  e.fermi_eV = {0.3};
  e.hw_eV = {0.1, 0.2};
  e.q_points = 5;
  CHECK_THROWS_AS(run_emitter_study(e, a, Surroundings::uniform(2.45)), Error);
  // Isolated systems have no absorbance.
  const auto iso = absorption_spectrum(single_ribbon(100.0, 40), Surroundings::uniform(1.0), 0.01, {0.3}, {0.1});
  CHECK(iso.absorbance.size() == 0);
}

TEST_CASE("array eta_1 at W/L = 0.25, 0.5, 0.75, Richardson-extrapolated (the closing table)") {
  std::string table = "  W/L   N=200       N=400       N=800       Richardson  order\n";
  for (double fill : {0.25, 0.5, 0.75}) {
    const double e200 = eta1(array(fill, 200)), e400 = eta1(array(fill, 400)), e800 = eta1(array(fill, 800));
    const double order = std::log2((e400 - e200) / (e800 - e400));
    table += fmt::format("  {:.2f}  {:.7f}  {:.7f}  {:.7f}  {:.7f}  {:.2f}\n", fill, e200, e400, e800,
                         2 * e800 - e400, order);
    CHECK(order == doctest::Approx(1.0).epsilon(0.15));  // first order in h, as for one ribbon
  }
  MESSAGE("array eta_1:\n" << table);
}
