// Plasmon eigenvalues of the q = 0 ribbon against the literature (docs/design.md#ribbon-modes):
// the dipole mode eta_1 -> -0.0687 (quoted -0.0686 to -0.0688), eta_2 ~ -0.0289,
// eta_3 ~ -0.0184, and the large-j asymptote eta_j ~ -1/(2 pi^2 (j - 1/4)). Convergence is first order in h = 1/N, so
// N = 200, 400, 800 are extrapolated by Richardson: eta(inf) ~ 2 eta(2N) - eta(N).
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cmath>
#include <map>

#include "specsweep/error.hpp"
#include "specsweep/ribbon/modes.hpp"

using namespace specsweep;
using namespace specsweep::ribbon;

namespace {

const std::map<Index, std::vector<double>>& q0_spectra() {
  static const std::map<Index, std::vector<double>> spectra = [] {
    std::map<Index, std::vector<double>> s;
    for (Index N : {200, 400, 800}) s[N] = plasmon_eta(0.0, N, 60);
    return s;
  }();
  return spectra;
}

double richardson(Index j) {  // first order: error ~ c/N
  const auto& s = q0_spectra();
  return 2.0 * s.at(800)[size_t(j - 1)] - s.at(400)[size_t(j - 1)];
}

}  // namespace

TEST_CASE("eta_1, eta_2, eta_3 converge at first order to the literature values") {
  const auto& s = q0_spectra();
  std::string table = "  j   N=200       N=400       N=800       Richardson  order\n";
  for (Index j = 1; j <= 3; ++j) {
    const size_t i = size_t(j - 1);
    const double d1 = s.at(200)[i] - s.at(400)[i], d2 = s.at(400)[i] - s.at(800)[i];
    const double order = std::log2(d1 / d2);
    table += fmt::format("  {}  {:.7f}  {:.7f}  {:.7f}  {:.7f}  {:.2f}\n", j, s.at(200)[i],
                         s.at(400)[i], s.at(800)[i], richardson(j), order);
    // First order in h: the observed order approaches 1 (j = 1 is already there at N = 200).
    CHECK(order > 0.6);
    CHECK(order < 1.4);
    if (j == 1) CHECK(order == doctest::Approx(1.0).epsilon(0.1));
  }
  MESSAGE("q = 0 plasmon eta_j (most negative first):\n" << table);
  CHECK(richardson(1) >= -0.0688);
  CHECK(richardson(1) <= -0.0686);
  CHECK(richardson(2) == doctest::Approx(-0.0289).epsilon(0.005));
  CHECK(richardson(3) == doctest::Approx(-0.0184).epsilon(0.005));
}

TEST_CASE("large-j modes follow eta_j ~ -1/(2 pi^2 (j - 1/4)) within 1%") {
  std::string table = "  j   Richardson  asymptote   rel. diff\n";
  for (Index j : {10, 15, 20, 30, 40, 50}) {
    const double eta = richardson(j), ref = asymptotic_eta(j);
    table += fmt::format("  {:2}  {:.7f}  {:.7f}  {:+.2e}\n", j, eta, ref, eta / ref - 1.0);
    CHECK(std::abs(eta / ref - 1.0) < 0.01);
  }
  MESSAGE("large-j asymptote:\n" << table);
}

TEST_CASE("modes: sorted, negative, one zero mode dropped at q = 0, monopole mode at q > 0") {
  const auto eta0 = plasmon_eta(0.0, 100);
  CHECK(eta0.size() == 99);  // the uniform potential (lambda = 0) is not a plasmon
  CHECK(std::is_sorted(eta0.begin(), eta0.end()));
  CHECK(eta0.back() < 0);
  const auto eta1 = plasmon_eta(0.05, 100, 3);
  REQUIRE(eta1.size() == 3);
  CHECK(eta1[0] < -1.0);                                     // monopole: eta -> -inf as q -> 0
  CHECK(eta1[1] == doctest::Approx(eta0[0]).epsilon(0.02));  // then the dipole branch
  CHECK(plasmon_energy(-0.0687, 0.4, 2.45, 100.0) ==
        doctest::Approx(std::sqrt(1.439965 * 0.4 / (M_PI * 2.45 * 100.0 * 0.0687))).epsilon(1e-15));
  CHECK_THROWS_AS(plasmon_energy(0.01, 0.4, 2.45, 100.0), Error);
  CHECK_THROWS_AS(plasmon_energy(-0.01, 0.4, 2.45, -1.0), Error);
}
