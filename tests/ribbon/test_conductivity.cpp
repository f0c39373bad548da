// Graphene's sheet conductivity sigma~ = sigma/(e^2/hbar) against independent references: the
// closed T = 0 limits, the Drude weight as a quadrature of |e| (-df/de), a 30-digit mpmath
// quadrature of the T > 0 interband integral (data/rpa_interband_mpmath.txt, made once by
// scripts/reference/make_rpa_table.py), and the shift s = e^2 i sigma~ / (eps W hw) against the
// Drude prefactor of model.hpp.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <boost/math/quadrature/exp_sinh.hpp>
#include <boost/math/quadrature/tanh_sinh.hpp>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

#include "specsweep/error.hpp"
#include "specsweep/ribbon/conductivity.hpp"
#include "specsweep/ribbon/model.hpp"

using namespace specsweep;
using namespace specsweep::ribbon;

namespace {

constexpr double kB = 8.617333262e-5;  // eV/K, CODATA 2018 (exact since the SI redefinition)
const ConductivityModel drude0{Conductivity::Drude, 0.0};

ConductivityModel rpa(double T) { return {Conductivity::Rpa, T}; }

}  // namespace

TEST_CASE("Drude weight: E_F at T = 0, and 2kT ln(2cosh(E_F/2kT)) = int |e| (-df/de) de at T > 0") {
  CHECK(intraband_weight(0.4, 0.0) == 0.4);
  // Independent: D_w = int_{-inf}^{inf} |e| (-df/de) de, with -df/de = 1/(4kT cosh^2((e-mu)/2kT)).
  boost::math::quadrature::exp_sinh<double> es;
  for (double ef : {0.4, 0.1, 0.02}) {
    for (double T : {30.0, 300.0, 1000.0}) {
      const double kT = kB * T;
      auto w = [&](double e) {
        const double c = std::cosh((e - ef) / (2 * kT));
        return std::abs(e) / (4 * kT * c * c);
      };
      // Split at 0 (the kink of |e|) and at mu (the peak), both halves to infinity.
      const double ref = es.integrate([&](double t) { return w(ef + t); }) +
                         boost::math::quadrature::tanh_sinh<double>().integrate(w, 0.0, ef) +
                         es.integrate([&](double t) { return w(-t); });
      const double got = intraband_weight(ef, T);
      INFO(fmt::format("E_F = {} eV, T = {} K: D_w = {:.15g}, quadrature {:.15g}", ef, T, got, ref));
      // Quadrature of a smooth, exponentially decaying integrand: 1e-13 relative.
      CHECK(std::abs(got - ref) < 1e-13 * ref);
      CHECK(got >= ef);  // thermal carriers add weight (e^{-E_F/kT} underflows at 30 K)
    }
  }
  // Degenerate limit: D_w - E_F = 2kT ln(1 + e^{-E_F/kT}) ~ 2kT e^{-E_F/kT}.
  const double kT = kB * 77;
  CHECK(intraband_weight(0.4, 77) - 0.4 == doctest::Approx(2 * kT * std::exp(-0.4 / kT)).epsilon(1e-6));
  CHECK_THROWS_AS(intraband_weight(-0.1, 300), Error);
  CHECK_THROWS_AS(intraband_weight(0.1, -1), Error);
}

TEST_CASE("T -> 0: intraband is Drude, (i/pi) E_F / (hw + i Gamma)") {
  for (double hw : {0.01, 0.1, 0.5, 2.0}) {
    const cplx drude = cplx(0, 1) / M_PI * 0.4 / cplx(hw, 0.01);
    const SheetConductivity s0 = sheet_conductivity(drude0, 0.4, hw, 0.01);
    CHECK(std::abs(s0.intraband - drude) <= 2e-16 * std::abs(drude));
    CHECK(s0.interband == cplx(0));  // Drude has no interband term
    // At 1 K, e^{-E_F/kT} = e^{-4642}: the thermal correction underflows completely.
    CHECK(std::abs(sheet_conductivity(rpa(1.0), 0.4, hw, 0.01).intraband - drude) <= 2e-16 * std::abs(drude));
  }
}

TEST_CASE("T = 0, Gamma -> 0: interband Re = theta(hw - 2E_F)/4, Im = ln|(hw - 2E_F)/(hw + 2E_F)|/4pi") {
  const double ef = 0.4, gamma = 1e-9;
  for (double hw : {0.05, 0.3, 0.7, 0.79, 0.81, 1.0, 3.0}) {
    const cplx s = interband_conductivity(ef, 0.0, hw, gamma);
    const double re = hw > 2 * ef ? 0.25 : 0.0;
    const double im = std::log(std::abs((hw - 2 * ef) / (hw + 2 * ef))) / (4 * M_PI);
    INFO(fmt::format("hw = {}: sigma = {:.12f} {:+.12f}i, limit {:.12f} {:+.12f}i", hw, s.real(), s.imag(), re, im));
    // O(Gamma / |hw - 2E_F|) = O(1e-7) from the finite Gamma.
    CHECK(std::abs(s.real() - re) < 1e-6);
    CHECK(std::abs(s.imag() - im) < 1e-6);
  }
  // The T > 0 quadrature at 5 K (kT = 0.43 meV) reproduces the T = 0 closed form away from 2E_F:
  // the thermal correction is O((kT / |hw - 2E_F|)^2) ~ 1e-6 at 0.3 eV from the edge.
  for (double hw : {0.2, 0.5, 1.1, 1.6}) {
    const cplx cold = interband_conductivity(ef, 0.0, hw, 0.01), warm = interband_conductivity(ef, 5.0, hw, 0.01);
    CHECK(std::abs(cold - warm) < 5e-6);
  }
}

TEST_CASE("T > 0 interband quadrature matches a 30-digit mpmath integration to 1e-10 of |sigma~|") {
  const std::string path = std::string(SPECSWEEP_DATA_DIR) + "/rpa_interband_mpmath.txt";
  std::ifstream in(path);
  REQUIRE_MESSAGE(in, "cannot open " << path);
  std::string line;
  int rows = 0;
  double worst = 0;
  std::string worst_case;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream s(line);
    double ef = 0, T = 0, gamma = 0, hw = 0, re = 0, im = 0;
    s >> ef >> T >> gamma >> hw >> re >> im;
    REQUIRE_MESSAGE(s, "malformed line in " << path << ": " << line);
    const cplx ref(re, im);
    const SheetConductivity got = sheet_conductivity(rpa(T), ef, hw, gamma);
    // Relative to |sigma~| (intraband + interband): the requirement is 1e-6.
    const double err = std::abs(got.interband - ref) / std::abs(got.total());
    if (err > worst) {
      worst = err;
      worst_case = fmt::format("E_F = {}, T = {}, Gamma = {}, hw = {}", ef, T, gamma, hw);
    }
    ++rows;
  }
  MESSAGE(fmt::format("{} cases; worst |error| / |sigma~| = {:.2e} at {}", rows, worst, worst_case));
  REQUIRE(rows >= 80);
  CHECK(worst < 1e-10);
}

TEST_CASE("the shift e^2 i sigma~ / (eps W hw) of Drude at T = 0 is the Drude prefactor EE") {
  double worst = 0;
  for (double ef : {0.1, 0.4})
    for (double hw : {0.02, 0.2, 1.0})
      for (double eps : {1.0, 2.45}) {
        const cplx s = conductivity_shift(sheet_conductivity(drude0, ef, hw, 0.01).total(), hw, eps, 100.0);
        const cplx EE = drude_prefactor(ef, hw, 0.01, eps, 100.0);
        worst = std::max(worst, std::abs(s - EE) / std::abs(EE));
      }
  MESSAGE(fmt::format("max |s - EE| / |EE| = {:.1e}", worst));
  CHECK(worst < 4 * std::numeric_limits<double>::epsilon());  // a few roundings apart
  CHECK_THROWS_AS(conductivity_shift(cplx(0, 1), 0.0, 1.0, 100.0), Error);
  CHECK_THROWS_AS(conductivity_shift(cplx(0, 1), 0.1, 0.0, 100.0), Error);
  CHECK_THROWS_AS(sheet_conductivity(drude0, 0.4, 0.1, 0.0), Error);
}

TEST_CASE("sigma~ at 300 K, E_F = 0.4 eV, Gamma = 10 meV (the closing table)") {
  std::string table = "  hw_eV   intra                     inter                     total\n";
  for (double hw : {0.05, 0.1, 0.2, 0.4, 0.8, 1.2}) {
    const SheetConductivity s = sheet_conductivity(rpa(300), 0.4, hw, 0.01);
    table += fmt::format("  {:5.2f}  {:+.6e} {:+.6e}i  {:+.6e} {:+.6e}i  {:+.6e} {:+.6e}i\n", hw,
                         s.intraband.real(), s.intraband.imag(), s.interband.real(),
                         s.interband.imag(), s.total().real(), s.total().imag());
    CHECK(s.total().real() > 0);  // passive
  }
  MESSAGE("sigma~ = sigma/(e^2/hbar) at 300 K:\n" << table);
  // Far above 2E_F the universal interband value e^2/4hbar.
  CHECK(interband_conductivity(0.4, 300, 3.0, 0.01).real() == doctest::Approx(0.25).epsilon(1e-3));
}
