#pragma once
// Where the Hessenberg route (cheap factorisation, ~12 n^2 vector flops per shift) stops
// beating the Schur route (dearer factorisation, sweep at GEMM speed), measured by
// bench/engine/bench_routes_crossover on this 2-core machine, real A, full x, one rhs:
//
//     n     schur factor  hessenberg factor  schur / shift  hessenberg / shift  crossover
//    128      0.010 s         0.001 s            8 us           23 us            ~620
//    256      0.042 s         0.005 s           27 us           83 us            ~670
//    512      0.32  s         0.031 s           61 us          295 us           ~1240
//
// (single thread, CPU time, best of 3; the 2-thread wall-clock run of the bench, on a loaded
// machine, gave 680 / 480 / 1200.) Crossover k* = (F_schur - F_hess) / (c_hess - c_schur):
// both differences scale as n^3 and n^2 for large n, so k* grows linearly there.
// With a projection (k << n outputs) Schur's per-shift cost drops more than Hessenberg's, so
// k* is lower; this table is the conservative full-x figure.
#include <algorithm>
#include <array>
#include <utility>

#include "specsweep/types.hpp"

namespace specsweep::detail {

/// Shift count below which the Hessenberg route is faster than Schur for an n x n A
/// (factor + sweep). Piecewise linear through the measured points; proportional to n outside.
inline Index hessenberg_beats_schur_below(Index n) {
  constexpr std::array<std::pair<double, double>, 3> measured{{{128, 620}, {256, 670}, {512, 1240}}};
  const double x = static_cast<double>(std::max<Index>(n, 1));
  if (x <= measured.front().first)
    return static_cast<Index>(measured.front().second * x / measured.front().first);
  if (x >= measured.back().first)
    return static_cast<Index>(measured.back().second * x / measured.back().first);
  for (size_t i = 1; i < measured.size(); ++i)
    if (x <= measured[i].first) {
      const auto [x0, y0] = measured[i - 1];
      const auto [x1, y1] = measured[i];
      return static_cast<Index>(y0 + (y1 - y0) * (x - x0) / (x1 - x0));
    }
  return static_cast<Index>(measured.back().second);
}

}  // namespace specsweep::detail
