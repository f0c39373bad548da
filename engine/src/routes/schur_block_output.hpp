#pragma once
// Last step shared by the triangular-factor routes (Schur, Hessenberg): from the shift-major
// solution y of (I - sF) y = c (F = T or H; Yt is kb x n, row j = y(s_j)) to the caller's block
// x = W y, W = Q or C Q (q x n), plus the per-shift condition flags.
#include <algorithm>
#include <variant>
#include <vector>

#include "schur_shift_condition.hpp"
#include "specsweep/types.hpp"

namespace specsweep::detail {

/// Shifts per chunk for the triangular routes: the shift-major Yt (chunk x n complex) stays
/// within about 1 MB so it lives in L2 while every panel of T (or column of H) streams past it.
/// Measured at n = 128..512 (single thread): 32-64 shifts beat 128-1024 by up to 2x, because
/// larger chunks spill Yt to memory. The driver's blocks stay large; routes split them.
inline Index triangular_route_block(Index n) {
  return std::clamp<Index>((Index{1} << 16) / std::max<Index>(1, n), 16, 64);
}

/// out is the row-major kb x q block of the BoundProblem contract (row j = W y(s_j)). A real W
/// multiplies the interleaved re/im view of Yt as a real (2kb x n) matrix: one dgemm, half
/// the flops of zgemm.
void basis_times_shift_major(const std::variant<MatrixXd, MatrixXcd>& W, const MatrixXcd& Yt,
                             cplx* out);

/// Completes a block: growth ||y||/||c|| into each bound, flags into status, out = W y, and a
/// flagged shift whose best effort overflowed is zeroed (never Inf/NaN). norm2 is a lower
/// estimate of ||A||_2.
void finish_shift_block(const std::variant<MatrixXd, MatrixXcd>& W, const MatrixXcd& Yt,
                        const cplx* c, const cplx* s, double norm2,
                        std::vector<ShiftConditionBound>& bounds, cplx* out,
                        ShiftStatus* status);

}  // namespace specsweep::detail
