// IK0(x) = int_0^x K0 and its complement Ki1 against data/iti0k0_scipy.txt: SciPy's iti0k0 and a
// 40-digit mpmath quadrature, made once by scripts/reference/make_iti0k0_table.py.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "specsweep/ribbon/bessel_integral.hpp"

using namespace specsweep::ribbon;

namespace {

struct Row {
  double x, scipy, ik0, ki1;
};

std::vector<Row> read_table() {
  const std::string path = std::string(SPECSWEEP_DATA_DIR) + "/iti0k0_scipy.txt";
  std::ifstream in(path);
  REQUIRE_MESSAGE(in, "cannot open " << path);
  std::vector<Row> rows;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream s(line);
    Row r{};
    s >> r.x >> r.scipy >> r.ik0 >> r.ki1;
    REQUIRE_MESSAGE(s, "malformed line in " << path << ": " << line);
    rows.push_back(r);
  }
  return rows;
}

double rel(double got, double ref) { return std::abs(got - ref) / std::abs(ref); }

}  // namespace

TEST_CASE("IK0 matches the 40-digit quadrature to 1e-13 and SciPy's iti0k0 to its own 1e-11") {
  const auto rows = read_table();
  REQUIRE(rows.size() > 150);
  CHECK(rows.front().x <= 1e-6);
  CHECK(rows.back().x >= 49.99);
  double worst_mp = 0, worst_scipy = 0, x_mp = 0;
  for (const auto& r : rows) {
    const double got = integral_k0(r.x);
    if (rel(got, r.ik0) > worst_mp) { worst_mp = rel(got, r.ik0); x_mp = r.x; }
    worst_scipy = std::max(worst_scipy, rel(got, r.scipy));
  }
  MESSAGE(fmt::format("max rel error of IK0 on [1e-6, 50]: {:.2e} vs mpmath (at x = {:.4g}), "
                      "{:.2e} vs scipy iti0k0", worst_mp, x_mp, worst_scipy));
  CHECK(worst_mp < 1e-13);
  // SciPy's specfun routine itself is off by up to ~6e-12 near x = 12 (see the table).
  CHECK(worst_scipy < 1e-11);
}

TEST_CASE("Ki1 = int_x^inf K0 keeps full relative accuracy where IK0 is close to pi/2") {
  double worst = 0;
  for (const auto& r : read_table()) worst = std::max(worst, rel(integral_k0_tail(r.x), r.ki1));
  MESSAGE(fmt::format("max rel error of Ki1 on [1e-6, 50]: {:.2e} vs mpmath", worst));
  CHECK(worst < 1e-13);
}

TEST_CASE("IK0 is odd, vanishes at 0 and tends to pi/2; Ki1 underflows cleanly") {
  for (double x : {1e-6, 0.3, 1.9999, 2.0, 7.5, 40.0}) CHECK(integral_k0(-x) == -integral_k0(x));
  CHECK(integral_k0(0.0) == 0.0);
  CHECK(integral_k0(1e3) == doctest::Approx(M_PI / 2).epsilon(1e-16));
  CHECK(integral_k0_tail(800.0) == 0.0);
  CHECK(std::isnan(integral_k0_tail(-1.0)));
  // Continuity across the switch between the Struve form and the complement.
  CHECK(rel(integral_k0(std::nextafter(2.0, 0.0)), integral_k0(2.0)) < 1e-14);
}
