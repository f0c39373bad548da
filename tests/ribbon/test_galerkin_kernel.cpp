// The Galerkin Coulomb integrals against independent references: JK0 and Ki2 by tanh-sinh /
// exp-sinh quadrature of their Cauchy forms int_0^x (x - t) K0(t) dt and int_x^inf (t - x) K0(t) dt
// (Boost's K0); the Clausen functions at Gieseking's and Catalan's constants and the zeta(3)
// identities (values checked with mpmath clsin/clcos to 30 digits), and by quadrature of the log
// sine; every cell-pair integral by nested quadrature of the kernel itself.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <boost/math/quadrature/exp_sinh.hpp>
#include <boost/math/quadrature/gauss_kronrod.hpp>
#include <boost/math/quadrature/tanh_sinh.hpp>
#include <boost/math/special_functions/bessel.hpp>
#include <cmath>

#include "specsweep/error.hpp"
#include "specsweep/ribbon/bessel_integral.hpp"
#include "specsweep/ribbon/clausen.hpp"
#include "specsweep/ribbon/galerkin.hpp"

using namespace specsweep;
using namespace specsweep::ribbon;

namespace {

double k0(double t) { return boost::math::cyl_bessel_k(0, t); }
double rel(double got, double ref) { return std::abs(got - ref) / std::abs(ref); }
constexpr double zeta3 = 1.2020569031595942854;

// int_{d-a}^{d+a} dx int_{-b}^{b} k(x - x') dx' by nested quadrature: the inner integral with
// tanh-sinh split at the singular point x' = x (when inside), the outer with tanh-sinh too (its
// integrand has only a log-type kink). Independent of the closed forms and the Gauss rules.
template <class Kernel>
double nested(const Kernel& k, double d, double a, double b) {
  boost::math::quadrature::tanh_sinh<double> ts(12);
  auto inner = [&](double x) {
    const double lo = -b, hi = b;
    // The log singularity at xp = x is integrable; a node landing on it exactly counts as 0.
    auto f = [&](double xp) { return x == xp ? 0.0 : k(std::abs(x - xp)); };
    if (x > lo && x < hi) return ts.integrate(f, lo, x) + ts.integrate(f, x, hi);
    return ts.integrate(f, lo, hi);
  };
  // Outer: split at the source cell's edges, where the inner integral has log kinks.
  double pts[4] = {d - a, d + a, -b, b};
  std::sort(pts, pts + 4);
  double sum = 0;
  for (int i = 0; i < 3; ++i) {
    const double lo = std::max(pts[i], d - a), hi = std::min(pts[i + 1], d + a);
    if (hi > lo) sum += ts.integrate(inner, lo, hi);
  }
  return sum;
}

}  // namespace

TEST_CASE("JK0 = int_0^x IK0 and Ki2 = int_x^inf Ki1 match quadrature of their Cauchy forms") {
  boost::math::quadrature::tanh_sinh<double> ts;
  boost::math::quadrature::exp_sinh<double> es;
  double worst_j = 0, worst_k = 0;
  for (double x : {1e-5, 1e-3, 0.05, 0.5, 1.0, 1.9, 2.0, 2.1, 5.0, 12.0, 30.0, 60.0}) {
    const double jref = ts.integrate([x](double t) { return (x - t) * k0(t); }, 0.0, x);
    worst_j = std::max(worst_j, rel(integral2_k0(x), jref));
    const double kref = es.integrate([x](double t) { return t * k0(x + t); });  // t = t' - x
    if (x >= 2.0) worst_k = std::max(worst_k, rel(integral2_k0_tail(x), kref));
    CHECK(rel(integral2_k0_tail(x), kref) < 2e-13);  // below 2: the complement loses ~50x
  }
  MESSAGE(fmt::format("max rel error: JK0 {:.1e}, Ki2 (x >= 2) {:.1e}", worst_j, worst_k));
  CHECK(worst_j < 1e-14);
  CHECK(worst_k < 1e-14);
  CHECK(integral2_k0(-0.7) == integral2_k0(0.7));
  CHECK(integral2_k0(0.0) == 0.0);
  CHECK(rel(integral2_k0_tail(1e-12), 1.0) < 1e-11);  // Ki2(0) = int_0^inf t K0 = 1
  CHECK(integral2_k0_tail(800.0) == 0.0);
  CHECK(rel(integral2_k0(std::nextafter(2.0, 0.0)), integral2_k0(2.0)) < 1e-14);  // switch
}

TEST_CASE("Clausen Cl2 and Cl3 at known constants, symmetries and the log-sine integral") {
  // Gieseking's constant Cl2(pi/3), Catalan's G = Cl2(pi/2), Cl2(2pi/3) = (2/3) Cl2(pi/3).
  CHECK(std::abs(clausen_cl2(M_PI / 3) - 1.01494160640965362502) < 4e-16);
  CHECK(std::abs(clausen_cl2(M_PI / 2) - 0.91596559417721901505) < 4e-16);
  CHECK(std::abs(clausen_cl2(2 * M_PI / 3) - 2.0 / 3.0 * 1.01494160640965362502) < 4e-16);
  CHECK(std::abs(clausen_cl2(M_PI)) < 4e-16);
  CHECK(clausen_cl2(-1.1) == -clausen_cl2(1.1));
  CHECK(std::abs(clausen_cl2(1.1 + 6 * M_PI) - clausen_cl2(1.1)) < 1e-14);
  // Cl3 = sum cos(k theta)/k^3: zeta(3) identities.
  CHECK(std::abs(clausen_cl3(0.0) - zeta3) < 1e-15);
  CHECK(std::abs(clausen_cl3(M_PI) + 0.75 * zeta3) < 1e-15);
  CHECK(std::abs(clausen_cl3(M_PI / 2) + 3.0 / 32.0 * zeta3) < 1e-15);
  CHECK(std::abs(clausen_cl3(M_PI / 3) - zeta3 / 3.0) < 1e-15);
  CHECK(std::abs(clausen_cl3(2 * M_PI / 3) + 4.0 / 9.0 * zeta3) < 1e-15);
  // Cl2 by tanh-sinh of -ln|2 sin(t/2)| (log singularity at 0), and int Cl2 by Gauss-Kronrod.
  boost::math::quadrature::tanh_sinh<double> ts;
  double worst = 0, worst_int = 0;
  for (double th : {1e-4, 0.3, 1.0, 2.0, 3.0, 3.14, 4.0, 6.0}) {
    const double ref = ts.integrate([](double t) { return -std::log(2 * std::sin(0.5 * t)); }, 0.0, th);
    worst = std::max(worst, std::abs(clausen_cl2(th) - ref));
    const double iref = boost::math::quadrature::gauss_kronrod<double, 61>::integrate(
        [](double t) { return clausen_cl2(t); }, 0.0, th, 15, 1e-15);
    worst_int = std::max(worst_int, std::abs(clausen_cl2_integral(th) - iref) / std::max(1.0, std::abs(iref)));
  }
  MESSAGE(fmt::format("Cl2 vs quadrature {:.1e}, int Cl2 vs Gauss-Kronrod of Cl2 {:.1e}", worst, worst_int));
  CHECK(worst < 1e-14);
  CHECK(worst_int < 1e-14);
  // Near 0 the integral keeps full relative accuracy: (3/4 - ln(theta)/2) theta^2 + O(theta^4).
  const double t = 1e-6;
  CHECK(rel(clausen_cl2_integral(t), t * t * (0.75 - 0.5 * std::log(t))) < 1e-10);
}

TEST_CASE("cell-pair integrals of all three kernels match nested quadrature, near and far") {
  struct Case {
    double d, a, b;
  };
  // Self, adjacent, near, far, unequal widths, widths 1:7 (a narrow cell next to a wide one).
  const Case cases[] = {{0.0, 0.01, 0.01},  {0.02, 0.01, 0.01}, {0.05, 0.01, 0.01},
                        {0.3, 0.01, 0.01},  {2.5, 0.01, 0.01},  {0.035, 0.02, 0.01},
                        {0.5, 0.02, 0.004}, {0.032, 0.028, 0.004}, {12.0, 0.005, 0.002}};
  double worst = 0;
  std::string where;
  auto check = [&](const CoulombKernel& k, auto&& kernel, const char* name) {
    for (const auto& c : cases) {
      if (k.is_periodic() && std::abs(c.d) + c.a + c.b > 0.5 * k.period()) continue;
      const double got = k.cell_pair(c.d, c.a, c.b), ref = nested(kernel, c.d, c.a, c.b);
      if (rel(got, ref) > worst) {
        worst = rel(got, ref);
        where = fmt::format("{} d = {} a = {} b = {}", name, c.d, c.a, c.b);
      }
      CHECK(k.cell_pair(-c.d, c.b, c.a) == doctest::Approx(got).epsilon(1e-13));  // symmetry
    }
  };
  check(CoulombKernel::isolated(0.0), [](double t) { return -2.0 * std::log(t); }, "log");
  for (double Q : {0.05, 1.0, 20.0, 300.0})
    check(CoulombKernel::isolated(Q), [Q](double t) { return 2.0 * k0(Q * t); }, "K0");
  for (double L : {1.5, 4.0, 30.0})
    check(CoulombKernel::periodic(L), [L](double t) { return -2.0 * std::log(std::abs(2 * std::sin(M_PI * t / L))); }, "periodic");
  MESSAGE(fmt::format("worst relative error {:.2e} ({})", worst, where));
  // Tanh-sinh reaches ~1e-14 on these integrands; the closed forms lose up to ~100 ulp.
  CHECK(worst < 1e-13);
}

TEST_CASE("the periodic kernel is one period of 2 K0 lattice sums: its pair integrals repeat") {
  const CoulombKernel k = CoulombKernel::periodic(3.0);
  // Shifting the source cell by whole periods changes nothing.
  CHECK(k.cell_pair(0.4 + 3.0, 0.01, 0.02) == doctest::Approx(k.cell_pair(0.4, 0.01, 0.02)).epsilon(1e-13));
  CHECK(k.cell_pair(0.4 - 6.0, 0.01, 0.02) == doctest::Approx(k.cell_pair(0.4, 0.01, 0.02)).epsilon(1e-13));
  // The mean of -2 ln|2 sin(pi t/L)| over a period is 0 (the g = 0 term is absent): the integral
  // of the second antiderivative's second derivative over a period, F2'(L) - F2'(0), vanishes,
  // i.e. F2 is periodic.
  CHECK(std::abs(k.second_antiderivative(3.0)) < 1e-14);
  CHECK(std::abs(k.second_antiderivative(3.7) - k.second_antiderivative(0.7)) < 1e-14);
}

TEST_CASE("galerkin_coulomb: symmetric, the Toeplitz rows equal the direct pair integrals") {
  const CoulombKernel k = CoulombKernel::isolated(0.7);
  // Two equal rows (Toeplitz against each other) and one narrower (general path).
  const std::vector<CellRow> rows = {{0.0, 0.05, 20}, {1.1, 0.05, 20}, {2.3, 0.02, 20}};
  const MatrixXd G = galerkin_coulomb(k, rows);
  CHECK((G - G.transpose()).norm() == 0.0);
  for (Index i : {0, 7, 19, 20, 33, 39, 40, 59})
    for (Index j : {0, 5, 21, 38, 45, 59}) {
      auto centre = [&](Index c) {
        const CellRow& r = rows[size_t(c / 20)];
        return r.left + (double(c % 20) + 0.5) * r.h;
      };
      const double ref = k.cell_pair(centre(i) - centre(j), 0.5 * rows[size_t(i / 20)].h, 0.5 * rows[size_t(j / 20)].h);
      INFO("i = " << i << ", j = " << j << ": " << G(i, j) << " vs " << ref << ", diff " << G(i, j) - ref);
      // The centre distances differ by rounding between the two paths: a few ulp.
      CHECK(G(i, j) == doctest::Approx(ref).epsilon(1e-13));
    }
  CHECK_THROWS_AS(galerkin_coulomb(k, {{0.0, 0.0, 5}}), Error);
  CHECK_THROWS_AS(CoulombKernel::isolated(-1.0), Error);
  CHECK_THROWS_AS(CoulombKernel::periodic(0.0), Error);
}
