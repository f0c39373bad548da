// Dispersive surroundings: the Lorentz and tabulated permittivities (limits, interpolation,
// clear errors on bad files), the shipped SiO2 table, and the plasmon-phonon anticrossing: a
// single Lorentz oscillator tuned to the bare ribbon plasmon splits its absorption peak into
// two, one on each side of the bare crossing, while detuned far away it leaves one peak.
// Also the rpa conductivity in the absorption study: interband screening red-shifts the plasmon
// by the amount its imaginary part predicts.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cmath>
#include <cstdio>
#include <fstream>

#include "specsweep/error.hpp"
#include "specsweep/ribbon/absorption.hpp"
#include "specsweep/ribbon/dielectric.hpp"
#include "specsweep/ribbon/modes.hpp"

using namespace specsweep;
using namespace specsweep::ribbon;

namespace {

std::string write_temp(const std::string& name, const std::string& text) {
  const std::string path = std::string("/tmp/specsweep_test_") + name;
  std::ofstream(path) << text;
  return path;
}

void throws_with(const std::function<void()>& f, const std::string& needle) {
  try {
    f();
    FAIL("no error, expected one containing '" << needle << "'");
  } catch (const Error& e) {
    INFO(e.what());
    CHECK(std::string(e.what()).find(needle) != std::string::npos);
  }
}

// Local maxima of a column that stand above 10% of its largest value.
std::vector<double> peaks(const std::vector<double>& hw, const MatrixXd& s, Index col) {
  std::vector<double> out;
  const double top = s.col(col).maxCoeff();
  for (Index k = 1; k + 1 < s.rows(); ++k)
    if (s(k, col) > s(k - 1, col) && s(k, col) > s(k + 1, col) && s(k, col) > 0.1 * top)
      out.push_back(hw[size_t(k)]);
  return out;
}

std::vector<double> grid(double from, double to, int count) {
  std::vector<double> v;
  for (int i = 0; i < count; ++i) v.push_back(from + (to - from) * i / (count - 1));
  return v;
}

}  // namespace

TEST_CASE("Lorentz permittivity: static and high-frequency limits, loss, the resonance") {
  const Permittivity eps = Permittivity::lorentz(2.0, {{0.8, 0.1, 0.005}, {0.3, 0.2, 0.01}});
  // eps(0) = eps_inf + sum S (the static limit); eps(inf) = eps_inf.
  CHECK(std::abs(eps(1e-7) - cplx(3.1, 0)) < 1e-6);
  CHECK(std::abs(eps(1e4) - cplx(2.0, 0)) < 1e-6);
  for (double hw : {0.05, 0.1, 0.15, 0.2, 0.3}) CHECK(eps(hw).imag() > 0);  // absorbs
  // On resonance: S hw0^2 / (-i gamma hw0) = i S hw0 / gamma.
  const Permittivity one = Permittivity::lorentz(1.0, {{0.8, 0.1, 0.005}});
  CHECK(std::abs(one(0.1) - cplx(1.0, 0.8 * 0.1 / 0.005)) < 1e-12);
  CHECK(Permittivity::constant(2.45)(0.3) == cplx(2.45, 0));
  CHECK(Surroundings::uniform(2.45).eps_eff(0.1) == cplx(2.45, 0));
  Surroundings half;
  half.below = Permittivity::constant(3.9);
  CHECK(half.eps_eff(0.2) == cplx(2.45, 0));  // the mean of 1 and 3.9
  throws_with([] { Permittivity::constant(0.0); }, "must be > 0");
  throws_with([] { Permittivity::lorentz(2.0, {{-1.0, 0.1, 0.0}}); }, "strength >= 0");
}

TEST_CASE("permittivity tables: exact at the rows, linear between, clear errors otherwise") {
  const std::string good = write_temp("eps_good.txt", "# hw re im\n0.1 2.0 0.5\n\n0.2 4.0 1.5  # comment\n0.4 3.0 0.0\n");
  const Permittivity t = Permittivity::read_table(good);
  CHECK(t(0.1) == cplx(2.0, 0.5));
  CHECK(t(0.2) == cplx(4.0, 1.5));
  CHECK(t(0.4) == cplx(3.0, 0.0));
  CHECK(std::abs(t(0.15) - cplx(3.0, 1.0)) < 1e-15);
  CHECK(std::abs(t(0.3) - cplx(3.5, 0.75)) < 1e-15);
  throws_with([&] { t(0.05); }, "outside the table [0.1, 0.4] eV");
  throws_with([&] { t(0.5); }, "outside the table");
  throws_with([] { Permittivity::read_table("/nonexistent/eps.txt"); }, "/nonexistent/eps.txt: cannot open");
  const std::string two = write_temp("eps_two.txt", "0.1 2.0 0.5\n0.2 4.0\n");
  throws_with([&] { Permittivity::read_table(two); }, two + ":2: expected three numbers");
  const std::string four = write_temp("eps_four.txt", "0.1 2.0 0.5 7\n0.2 4.0 1\n");
  throws_with([&] { Permittivity::read_table(four); }, four + ":1: expected three numbers");
  const std::string order = write_temp("eps_order.txt", "0.1 2.0 0.5\n0.3 4.0 1\n0.2 4.0 1\n");
  throws_with([&] { Permittivity::read_table(order); }, order + ":3: hw must increase strictly");
  const std::string word = write_temp("eps_word.txt", "0.1 2.0 0.5\n0.3 nan 1\n");
  throws_with([&] { Permittivity::read_table(word); }, word + ":2:");
  const std::string one = write_temp("eps_one.txt", "# only\n0.1 2.0 0.5\n");
  throws_with([&] { Permittivity::read_table(one); }, "at least 2 rows");
  for (const auto& p : {good, two, four, order, word, one}) std::remove(p.c_str());
}

TEST_CASE("the shipped SiO2 table: the Si-O stretch phonon near 1050 cm^-1, and its reststrahlen band") {
  const Permittivity sio2 = Permittivity::read_table(std::string(SPECSWEEP_DATA_DIR) + "/sio2_kischkat2012.txt");
  double peak_hw = 0, peak = 0;
  for (double hw = 0.09; hw <= 0.8; hw += 0.0005)
    if (sio2(hw).imag() > peak) {
      peak = sio2(hw).imag();
      peak_hw = hw;
    }
  MESSAGE(fmt::format("Im eps peaks at {:.4f} eV ({:.0f} cm^-1): {:.2f}", peak_hw, peak_hw * 8065.54, peak));
  // Kischkat et al. (2012) place the TO stretching band of sputtered SiO2 at 1040-1080 cm^-1.
  CHECK(peak_hw * 8065.54 > 1030);
  CHECK(peak_hw * 8065.54 < 1080);
  CHECK(peak > 5);
  CHECK(sio2(0.142).real() < 0);  // between TO and LO: the reststrahlen band
  CHECK(sio2(0.8).real() == doctest::Approx(1.44 * 1.44).epsilon(0.02));  // n ~ 1.44 in the near IR
  throws_with([&] { sio2(0.05); }, "outside the table");
}

TEST_CASE("a Lorentz oscillator at the plasmon energy splits the absorption peak: anticrossing") {
  const Index N = 100;
  const double ef = 0.3, gamma = 0.002, eps_inf = 2.0;
  // The bare plasmon of this discretisation in eps_inf: hw_1 from eta_1.
  const double bare = plasmon_energy(plasmon_eta(0.0, N, 1)[0], ef, eps_inf, 100.0);
  const std::vector<double> hw = grid(0.5 * bare, 1.6 * bare, 2201);
  auto spectrum = [&](double hw0, double strength) {
    Surroundings m;
    m.above = m.below = Permittivity::lorentz(eps_inf, {{strength, hw0, 0.001}});
    return absorption_spectrum(single_ribbon(100.0, N), m, gamma, {ef}, hw);
  };
  // Without coupling (strength 0): one peak at the bare plasmon.
  const auto plain = peaks(hw, spectrum(bare, 0.0).sigma_nm, 0);
  REQUIRE(plain.size() == 1);
  CHECK(std::abs(plain[0] - bare) < 2 * (hw[1] - hw[0]));
  // At the crossing: two peaks, one on each side of the bare crossing, split by far more than
  // the widths (Gamma = 2 meV, gamma = 1 meV).
  const auto split = peaks(hw, spectrum(bare, 0.15).sigma_nm, 0);
  MESSAGE(fmt::format("bare plasmon {:.4f} eV; with the oscillator at it: peaks {}", bare,
                      fmt::join(split, ", ")));
  REQUIRE(split.size() == 2);
  CHECK(split[0] < bare - 5 * gamma);
  CHECK(split[1] > bare + 5 * gamma);
  // Detuned far above the band the oscillator only adds to the static screening: one peak.
  const auto detuned = peaks(hw, spectrum(3 * bare, 0.15).sigma_nm, 0);
  CHECK(detuned.size() == 1);
  CHECK(detuned[0] < bare);  // a larger eps below the resonance red-shifts the plasmon
}

TEST_CASE("rpa: interband screening red-shifts the plasmon by the predicted 1.3 meV") {
  const std::vector<double> hw = grid(0.05, 0.5, 901);  // 0.5 meV steps
  auto peak = [&](ConductivityModel c) {
    RibbonSystem s = single_ribbon(100.0, 100);
    s.conductivity = c;
    const auto a = absorption_spectrum(s, Surroundings::uniform(2.45), 0.01, {0.2}, hw);
    Index k = 0;
    a.sigma_nm.col(0).maxCoeff(&k);
    return hw[size_t(k)];
  };
  const double drude = peak({Conductivity::Drude, 0}), rpa0 = peak({Conductivity::Rpa, 0});
  // The mode condition fixes hw / Im sigma~(hw). Below 2E_F the interband term adds
  // Im sigma~ = ln((2E_F - hw)/(2E_F + hw))/4pi ~ -hw/(4 pi E_F), which lowers Im sigma~ by the
  // fraction delta = hw^2 / 4E_F^2 = 0.034 at hw = 74 meV: hw^2 -> hw^2 (1 - delta), a shift of
  // hw delta / 2 = 1.27 meV. Tolerance: the 0.5 meV grid at both peaks and O(delta^2).
  const double predicted = drude * drude * drude / (8 * 0.2 * 0.2);
  MESSAGE(fmt::format("W = 100 nm, E_F = 0.2 eV: Drude peak {:.4f} eV, rpa (T = 0) {:.4f} eV; shift "
                      "{:.2f} meV, predicted {:.2f} meV", drude, rpa0, 1e3 * (drude - rpa0), 1e3 * predicted));
  CHECK(std::abs((drude - rpa0) - predicted) < 0.75e-3);
}
