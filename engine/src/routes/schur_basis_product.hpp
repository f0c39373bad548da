#pragma once
// Last step of the triangular-factor routes: x = W y for a block of shifts, with y stored
// shift-major (Yt is kb x n, row j = y(s_j)) and W = Q or C Q (q x n). A real W multiplies the
// interleaved re/im view of Yt as a real (2kb x n) matrix: one dgemm, half the flops of zgemm.
#include <variant>

#include "specsweep/types.hpp"

namespace specsweep::detail {

/// out is the row-major kb x q block of the BoundProblem contract (row j = W y(s_j)).
void basis_times_shift_major(const std::variant<MatrixXd, MatrixXcd>& W, const MatrixXcd& Yt,
                             cplx* out);

}  // namespace specsweep::detail
