#include "specsweep/ribbon/clausen.hpp"

#include <array>
#include <boost/math/special_functions/zeta.hpp>
#include <cmath>
#include <limits>

#include "specsweep/ribbon/units.hpp"

namespace specsweep::ribbon {
namespace {

using units::pi;
constexpr int kTerms = 30;  // a_n pi^(2n) = zeta(2n) 4^-n: 4^-30 ~ 1e-18 at |theta| = pi

// a_n = zeta(2n) / (2 pi)^(2n), n = 1..kTerms.
const std::array<double, kTerms + 1>& series_coefficients() {
  static const std::array<double, kTerms + 1> a = [] {
    std::array<double, kTerms + 1> c{};
    for (int n = 1; n <= kTerms; ++n)
      c[size_t(n)] = boost::math::zeta(2.0 * n) / std::pow(2.0 * pi, 2.0 * n);
    return c;
  }();
  return a;
}

// theta reduced to (-pi, pi] (both functions are 2 pi periodic).
double reduce(double theta) { return theta - 2.0 * pi * std::round(theta / (2.0 * pi)); }

}  // namespace

double clausen_cl2(double theta) {
  if (!std::isfinite(theta)) return std::numeric_limits<double>::quiet_NaN();
  const double t = reduce(theta);
  if (t == 0.0) return 0.0;
  const auto& a = series_coefficients();
  const double t2 = t * t;
  double p = t2, sum = 0;  // p = t^(2n)
  for (int n = 1; n <= kTerms; ++n, p *= t2) sum += a[size_t(n)] * p / (n * (2.0 * n + 1.0));
  return t - t * std::log(std::abs(t)) + t * sum;
}

double clausen_cl2_integral(double theta) {
  if (!std::isfinite(theta)) return std::numeric_limits<double>::quiet_NaN();
  const double t = reduce(theta);
  if (t == 0.0) return 0.0;
  const auto& a = series_coefficients();
  const double t2 = t * t;
  double p = t2 * t2, sum = 0;  // p = t^(2n+2)
  for (int n = 1; n <= kTerms; ++n, p *= t2)
    sum += a[size_t(n)] * p / (n * (2.0 * n + 1.0) * (2.0 * n + 2.0));
  return t2 * (0.75 - 0.5 * std::log(std::abs(t))) + sum;
}

double clausen_cl3(double theta) {
  constexpr double zeta3 = 1.2020569031595942854;
  return zeta3 - clausen_cl2_integral(theta);
}

}  // namespace specsweep::ribbon
