#include "specsweep/ribbon/galerkin.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <boost/math/special_functions/bessel.hpp>
#include <cmath>

#include "specsweep/error.hpp"
#include "specsweep/ribbon/bessel_integral.hpp"
#include "specsweep/ribbon/clausen.hpp"
#include "specsweep/ribbon/units.hpp"

namespace specsweep::ribbon {
namespace {

using units::pi;

// Near pairs: |d| < kNear (a + b). The closed form's F2 values are then at most
// ~((kNear + 1)(a + b))^2 |ln| against a result ~4ab |k(d)|: a rounding loss of ~100 for equal
// cells, which Gauss-Legendre beyond does not have.
constexpr double kNear = 4.0;
constexpr int kMaxNodes = 16;

struct GaussRule {
  std::array<double, kMaxNodes> x{}, w{};
};

// Gauss-Legendre nodes and weights on [-1, 1] for m = 1..kMaxNodes, by Newton on P_m from the
// Chebyshev guesses (converges to full precision in a few steps for these m).
const std::array<GaussRule, kMaxNodes + 1>& gauss_rules() {
  static const std::array<GaussRule, kMaxNodes + 1> rules = [] {
    std::array<GaussRule, kMaxNodes + 1> r{};
    for (int m = 1; m <= kMaxNodes; ++m) {
      for (int i = 0; i < m; ++i) {
        double x = std::cos(pi * (i + 0.75) / (m + 0.5)), dp = 0;
        for (int it = 0; it < 100; ++it) {
          double p0 = 1, p1 = x;  // P_0, P_1
          for (int k = 2; k <= m; ++k) {
            const double p2 = ((2.0 * k - 1.0) * x * p1 - (k - 1.0) * p0) / k;
            p0 = p1;
            p1 = p2;
          }
          const double pm = m == 1 ? x : p1, pm1 = m == 1 ? 1.0 : p0;
          dp = m * (x * pm - pm1) / (x * x - 1.0);
          const double dx = pm / dp;
          x -= dx;
          if (std::abs(dx) < 1e-16) break;
        }
        r[size_t(m)].x[size_t(i)] = x;
        r[size_t(m)].w[size_t(i)] = 2.0 / ((1.0 - x * x) * dp * dp);
      }
    }
    return r;
  }();
  return rules;
}

// Nodes for int_{c-r}^{c+r} f with f analytic except at distance z r from c (z > 1): the error
// of m-point Gauss-Legendre decays like rho^-2m, rho = z + sqrt(z^2 - 1) (Bernstein ellipse).
// A factor e^{-Q u} across the piece (K0's decay, Q r < 1/4 here) adds an error of about
// (Q r)^2m / (2m)!, so m also grows until that is below 1e-17.
int nodes_for(double z, double Qr) {
  const double rho = z + std::sqrt(z * z - 1.0);
  int m = static_cast<int>(std::ceil(39.2 / (2.0 * std::log(rho))));  // rho^-2m < 1e-17
  double term = Qr * Qr / 2.0;  // (Q r)^2m / (2m)! at m = 1
  for (int k = 1; k < kMaxNodes && term > 1e-17; ++k) {
    term *= Qr * Qr / ((2.0 * k + 1.0) * (2.0 * k + 2.0));
    m = std::max(m, k + 1);
  }
  return std::clamp(m, 3, kMaxNodes);
}

}  // namespace

CoulombKernel CoulombKernel::isolated(double Q) {
  require(std::isfinite(Q) && Q >= 0, fmt::format("ribbon: qW must be finite and >= 0, got {}", Q));
  return CoulombKernel(Q, 0.0);
}

CoulombKernel CoulombKernel::periodic(double period) {
  require(std::isfinite(period) && period > 0,
          fmt::format("ribbon array: the period must be > 0, got {}", period));
  return CoulombKernel(0.0, period);
}

double CoulombKernel::operator()(double t) const {
  t = std::abs(t);
  if (period_ > 0) return -2.0 * std::log(std::abs(2.0 * std::sin(pi * t / period_)));
  if (Q_ == 0.0) return -2.0 * std::log(t);
  const double x = Q_ * t;
  return x > 700.0 ? 0.0 : 2.0 * boost::math::cyl_bessel_k(0, x);
}

double CoulombKernel::second_antiderivative(double t) const {
  t = std::abs(t);
  if (t == 0.0) return 0.0;
  if (period_ > 0) {
    const double s = period_ / (2.0 * pi);
    return 2.0 * s * s * clausen_cl2_integral(t / s);  // (L^2 / 2 pi^2) int_0^{2 pi t/L} Cl2
  }
  if (Q_ == 0.0) return t * t * (1.5 - std::log(t));
  return (2.0 / (Q_ * Q_)) * integral2_k0(Q_ * t);
}

double CoulombKernel::cell_pair(double d, double a, double b) const {
  if (period_ > 0) d -= period_ * std::round(d / period_);  // the nearest image
  const double s = a + b, dd = b - a;
  const double t1 = d + s, t2 = d - s, t3 = d + dd, t4 = d - dd;
  // K0 once the pair spans Q s >= 1/2: k varies like e^{-Q t} across the pair, which Gauss
  // nodes chosen from the singularity's distance do not resolve. Separate cells (|d| > s: all
  // four distances on one side of 0) take the second difference of Ki2 = JK0 - pi x/2 + 1 instead:
  // the linear part has none, and the rest loses about e^{Q s} / (4 sinh(Q a) sinh(Q b)) to
  // cancellation (the ratio of the largest term to the result; < 20 for widths within 1:10).
  if (period_ == 0 && Q_ > 0 && std::abs(d) > s && Q_ * s >= 0.5) {
    auto tail = [this](double t) { return integral2_k0_tail(Q_ * std::abs(t)); };
    return (2.0 / (Q_ * Q_)) * (tail(t1) + tail(t2) - tail(t3) - tail(t4));
  }
  if (std::abs(d) < kNear * s)
    return second_antiderivative(t1) + second_antiderivative(t2) - second_antiderivative(t3) -
           second_antiderivative(t4);
  // int k(d + u) w(u) du over |u| < a + b, with w(u) = 2 min(a, b) for |u| < |a - b| and
  // a + b - |u| beyond: three pieces on which w is linear and k(d + u) analytic.
  const double lo = std::min(a, b), hi = std::max(a, b);
  const double knots[4] = {-(lo + hi), -(hi - lo), hi - lo, lo + hi};
  const auto& rules = gauss_rules();
  double sum = 0;
  for (int p = 0; p < 3; ++p) {
    const double u0 = knots[p], u1 = knots[p + 1];
    if (u1 <= u0) continue;  // equal cells: no middle piece
    const double c = 0.5 * (u0 + u1), r = 0.5 * (u1 - u0);
    // Singularities of k(d + u) at u = -d (and its images one period away).
    double dist = std::abs(-d - c);
    if (period_ > 0) dist = std::min({dist, std::abs(-d + period_ - c), std::abs(-d - period_ - c)});
    const int m = nodes_for(dist / r, Q_ * r);
    const GaussRule& g = rules[size_t(m)];
    for (int i = 0; i < m; ++i) {
      const double u = c + r * g.x[size_t(i)];
      const double w = (p == 1) ? 2.0 * lo : (lo + hi - std::abs(u));
      sum += r * g.w[size_t(i)] * w * (*this)(d + u);
    }
  }
  return sum;
}

MatrixXd galerkin_coulomb(const CoulombKernel& kernel, const std::vector<CellRow>& rows) {
  Index n = 0;
  std::vector<Index> offset;
  for (const auto& r : rows) {
    require(r.cells >= 1 && r.h > 0 && std::isfinite(r.h) && std::isfinite(r.left),
            "galerkin_coulomb: every row needs cells >= 1 of a finite width > 0");
    offset.push_back(n);
    n += r.cells;
  }
  MatrixXd G(n, n);
  for (size_t r = 0; r < rows.size(); ++r) {
    for (size_t s = r; s < rows.size(); ++s) {
      const CellRow &R = rows[r], &S = rows[s];
      const double a = 0.5 * R.h, b = 0.5 * S.h;
      auto centre_r = [&](Index i) { return R.left + (double(i) + 0.5) * R.h; };
      auto centre_s = [&](Index j) { return S.left + (double(j) + 0.5) * S.h; };
      auto block = G.block(offset[r], offset[s], R.cells, S.cells);
      if (R.h == S.h) {
        // Toeplitz: d_ij = (R.left - S.left) + (i - j) h depends on i - j only.
        const Index nr = R.cells, ns = S.cells;
        std::vector<double> v(size_t(nr + ns - 1));
        for (Index k = -(ns - 1); k <= nr - 1; ++k) {
          const double d = (R.left - S.left) + double(k) * R.h;
          if (r == s && k < 0) continue;  // own row: symmetric in k
          v[size_t(k + ns - 1)] = kernel.cell_pair(d, a, b);
        }
        if (r == s)
          for (Index k = 1; k < nr; ++k) v[size_t(-k + ns - 1)] = v[size_t(k + ns - 1)];
        for (Index j = 0; j < ns; ++j)
          for (Index i = 0; i < nr; ++i) block(i, j) = v[size_t(i - j + ns - 1)];
      } else {
        for (Index j = 0; j < S.cells; ++j)
          for (Index i = 0; i < R.cells; ++i)
            block(i, j) = kernel.cell_pair(centre_r(i) - centre_s(j), a, b);
      }
      if (s != r) G.block(offset[s], offset[r], S.cells, R.cells) = block.transpose();
    }
  }
  return G;
}

}  // namespace specsweep::ribbon
