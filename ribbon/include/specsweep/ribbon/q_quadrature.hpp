#pragma once
// Quadrature over the wavevector q along the ribbon for even integrands:
//   int dq/2pi G(q) = (1/pi) int_0^qmax G(q) dq.
// Nodes q(t) = a (e^t - 1), t uniform on [0, T], T = ln(1 + qmax/a): the spacing is about
// a dt where qW is small (the ribbon's own scale, a ~ 1/W) and a constant relative step dt
// for q >> a, which is what the plasmon peaks need (their width in q grows like q Gamma/hw).
// Composite Simpson in t. The same rule on every other node is the coarse rule; |fine - coarse|
// is the reported error estimate (it overestimates the fine rule's error by ~15x once the
// integrand is resolved, and is the honest figure while it is not). docs/design.md#q-quadrature
#include <vector>

#include "specsweep/types.hpp"

namespace specsweep::ribbon {

struct QRule {
  std::vector<double> nodes;           ///< q [1/nm], increasing, nodes[0] = 0
  std::vector<double> weights;         ///< fine Simpson weights for int_0^qmax dq [1/nm]
  std::vector<double> coarse_weights;  ///< Simpson on every other node (zero on odd nodes)
};

/// @param points   4k + 1 (k >= 1), so that both rules are Simpson rules
/// @param q_scale  a > 0 [1/nm]: below it the nodes are about a dt apart, above it q grows by a
///                 constant ratio
/// @param q_max    > 0 [1/nm], the last node
/// @return nodes and both weight sets; sum of fine weights times G integrates G over [0, q_max]
/// @throws Error (kind Input) on anything else. O(points).
QRule make_q_rule(Index points, double q_scale, double q_max);

}  // namespace specsweep::ribbon
