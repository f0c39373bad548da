#include "specsweep/ribbon/q_quadrature.hpp"

#include <fmt/format.h>

#include <cmath>

#include "specsweep/error.hpp"

namespace specsweep::ribbon {

QRule make_q_rule(Index points, double q_scale, double q_max) {
  require(points >= 5 && (points - 1) % 4 == 0,
          fmt::format("q_points must be 4k + 1 and at least 5 (got {})", points));
  require(std::isfinite(q_scale) && q_scale > 0, "q-grid scale must be positive");
  require(std::isfinite(q_max) && q_max > 0, "q_max must be positive");
  const double T = std::log1p(q_max / q_scale), dt = T / static_cast<double>(points - 1);
  QRule rule;
  rule.nodes.resize(static_cast<size_t>(points));
  rule.weights.assign(static_cast<size_t>(points), 0.0);
  rule.coarse_weights.assign(static_cast<size_t>(points), 0.0);
  for (Index i = 0; i < points; ++i) {
    const double t = static_cast<double>(i) * dt;
    const size_t k = static_cast<size_t>(i);
    rule.nodes[k] = q_scale * std::expm1(t);
    const double jacobian = q_scale * std::exp(t);  // dq/dt
    const bool end = i == 0 || i == points - 1;
    // Simpson: h/3 [1 4 2 4 ... 4 1]; coarse: 2h/3 [1 4 2 ... 1] on the even nodes.
    rule.weights[k] = jacobian * dt / 3.0 * (end ? 1.0 : (i % 2 ? 4.0 : 2.0));
    if (i % 2 == 0) {
      const Index c = i / 2;
      rule.coarse_weights[k] = jacobian * 2.0 * dt / 3.0 * (end ? 1.0 : (c % 2 ? 4.0 : 2.0));
    }
  }
  return rule;
}

}  // namespace specsweep::ribbon
