#include "specsweep/ribbon/bessel_integral.hpp"

#include <algorithm>
#include <boost/math/special_functions/bessel.hpp>
#include <cmath>
#include <limits>

#include "specsweep/ribbon/units.hpp"

namespace specsweep::ribbon {
namespace {

using units::pi;

// Below this the Struve closed form; above it the complement, where pi/2 - Ki1 loses nothing
// (Ki1(2) = 0.0971, so its relative error stays near 16 eps) and the L series would need many terms of size e^x.
constexpr double kStruveLimit = 2.0;

// Modified Struve L0 and L1 by their power series, x in [0, 2]:
//   L_nu(x) = sum_k (x/2)^(2k+nu+1) / (Gamma(k+3/2) Gamma(k+nu+3/2)).
// All terms are positive, so the sums are accurate to a few ulps; 20 terms reach 1e-20.
void struve_l0_l1(double x, double& l0, double& l1) {
  const double y = 0.25 * x * x;
  double t0 = 2.0 * x / pi;          // (x/2) / Gamma(3/2)^2
  double t1 = 2.0 * x * x / (3 * pi); // (x/2)^2 / (Gamma(3/2) Gamma(5/2))
  l0 = t0;
  l1 = t1;
  for (int k = 0; k < 40; ++k) {
    const double a = k + 1.5;
    t0 *= y / (a * a);
    t1 *= y / (a * (a + 1.0));
    l0 += t0;
    l1 += t1;
    if (t0 <= 1e-17 * l0 && t1 <= 1e-17 * l1) break;
  }
}

double integral_k0_struve(double x) {
  if (x == 0.0) return 0.0;
  double l0 = 0, l1 = 0;
  struve_l0_l1(x, l0, l1);
  const double l_minus1 = l1 + 2.0 / pi;  // L_{-1} - L_1 = (x/2)^0/(sqrt(pi) Gamma(3/2)) = 2/pi
  const double k0 = boost::math::cyl_bessel_k(0, x);
  const double k1 = boost::math::cyl_bessel_k(1, x);
  return 0.5 * pi * x * (k0 * l_minus1 + k1 * l0);
}

// Ki_n(x) = e^-x int_0^inf exp(-2x sinh^2(t/2)) / cosh^n t dt, x >= 2, n = 1, 2 (cosh t - 1 =
// 2 sinh^2(t/2) keeps the exponent accurate near t = 0). The integrand is analytic in
// |Im t| < pi/2 and decays double-exponentially, so the trapezoidal rule converges exponentially.
// Near t = 0 it is a Gaussian of width 1/sqrt(x), so the step shrinks like 0.5/sqrt(x): the
// discretisation error stays below exp(-2 pi^2/0.25) ~ 1e-34. About 20-40 terms; the sum stops
// below 1e-18.
double bickley_trapezoid(double x, int order) {
  const double step = std::min(0.125, 0.5 / std::sqrt(x));
  double sum = 0.5;  // t = 0 term, halved: the rule on the half line of an even integrand
  for (int k = 1; k < 4000; ++k) {
    const double t = k * step, sh = std::sinh(0.5 * t);
    const double c = std::cosh(t);
    const double term = std::exp(-2.0 * x * sh * sh) / (order == 1 ? c : c * c);
    sum += term;
    if (term < 1e-18 * sum) break;
  }
  return step * sum * std::exp(-x);
}

// JK0 by its series, 0 < x < 2 (see the header): t_k = (x/2)^(2k) x^2 / ((k!)^2 (2k+1)(2k+2)),
// c_k = H_k - gamma + 1/(2k+1) + 1/(2k+2) - ln(x/2) > 0. The ratio t_{k+1}/t_k <= 1/(k+1)^2
// at x = 2, so 25 terms reach 1e-40 relative.
double integral2_k0_series(double x) {
  constexpr double euler_gamma = 0.57721566490153286061;
  const double y = 0.25 * x * x, log_half = std::log(0.5 * x);
  double t = 0.5 * x * x, harmonic = 0, sum = 0;
  for (int k = 0; k < 40; ++k) {
    const double a = 2.0 * k + 1.0, b = 2.0 * k + 2.0;
    const double term = t * (harmonic - euler_gamma + 1.0 / a + 1.0 / b - log_half);
    sum += term;
    if (term <= 1e-18 * sum) break;
    // t_{k+1} = t_k y / (k+1)^2 * (a b) / ((a+2)(b+2))
    const double k1 = k + 1.0;
    t *= y / (k1 * k1) * (a * b) / ((a + 2.0) * (b + 2.0));
    harmonic += 1.0 / k1;
  }
  return sum;
}

}  // namespace

double integral_k0(double x) {
  if (std::isnan(x)) return std::numeric_limits<double>::quiet_NaN();
  if (x < 0) return -integral_k0(-x);
  if (x < kStruveLimit) return integral_k0_struve(x);
  return 0.5 * pi - bickley_trapezoid(x, 1);
}

double integral_k0_tail(double x) {
  if (std::isnan(x) || x <= 0) return std::numeric_limits<double>::quiet_NaN();
  if (x < kStruveLimit) return 0.5 * pi - integral_k0_struve(x);
  if (x > 745.0) return 0.0;  // e^-x underflows
  return bickley_trapezoid(x, 1);
}

double integral2_k0(double x) {
  if (std::isnan(x)) return std::numeric_limits<double>::quiet_NaN();
  x = std::abs(x);
  if (x == 0.0) return 0.0;
  if (x < kStruveLimit) return integral2_k0_series(x);
  return (0.5 * pi * x - 1.0) + integral2_k0_tail(x);
}

double integral2_k0_tail(double x) {
  if (std::isnan(x) || x <= 0) return std::numeric_limits<double>::quiet_NaN();
  // Below 2 the complement loses at most a factor ~50 (Ki2(2) = 0.0404 against JK0(2) = 2.18).
  if (x < kStruveLimit) return integral2_k0_series(x) - (0.5 * pi * x - 1.0);
  if (x > 745.0) return 0.0;  // e^-x underflows
  return bickley_trapezoid(x, 2);
}

}  // namespace specsweep::ribbon
