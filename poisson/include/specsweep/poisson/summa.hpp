#pragma once
// SUMMA (van de Geijn & Watts 1997): C = A B on a prow x pcol grid, all three block-cyclic
// with the same nb. The k dimension is walked in panels of at most plan.panel columns that
// never straddle a block, so a panel of A lives in one process column and the matching
// panel of B in one process row. Each panel is broadcast (MPI_Ibcast) along the row and
// column communicators while the local dgemm of the previous panel runs (double buffering).
// Cost per rank: 2mnk/P flops and about mk/prow + kn/pcol words received (2n^2/sqrt(P)
// for square n and grid).
// Accuracy: as a dgemm with the same k, |C - AB| <= gamma_k |A||B| entrywise; only the
// summation order differs from a local dgemm. docs/design.md#summa
#include "specsweep/poisson/distributed_matrix.hpp"

namespace specsweep::poisson {

/// C = A B. A: m x k, B: k x n; C is (re)shaped to m x n. Collective over grid.comm().
/// Every MPI call is checked: a failure throws mpi::CallError with broadcasts possibly still
/// in flight, which only ending the job cleans up (mpi::agree does, see specsweep/mpi).
void summa_gemm(const DistributionPlan& plan, const ProcessGrid& grid,
                const DistributedMatrix& A, const DistributedMatrix& B, DistributedMatrix& C);

}  // namespace specsweep::poisson
