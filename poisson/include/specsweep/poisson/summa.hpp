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

/// C = A B. A: m x k, B: k x n; C is (re)shaped to m x n (its storage reused when it fits).
/// Collective over grid.comm(); every rank passes the same plan.
/// @param plan  block >= 1 and 1 <= panel <= block, the layout A, B and C are stored in
/// @throws Error (kind Internal) if the inner dimensions differ or the panel is out of range.
///         Every MPI call is checked: a failure throws mpi::CallError with broadcasts possibly
///         still in flight, which only ending the job cleans up (mpi::agree does, see
///         specsweep/mpi).
/// Memory per rank: C's local block plus two panels of A (m_loc x panel) and of B.
void summa_gemm(const DistributionPlan& plan, const ProcessGrid& grid,
                const DistributedMatrix& A, const DistributedMatrix& B, DistributedMatrix& C);

}  // namespace specsweep::poisson
