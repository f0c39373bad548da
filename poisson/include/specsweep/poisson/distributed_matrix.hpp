#pragma once
// A rows x cols matrix in the plan's block-cyclic layout: each rank stores its local part
// column-major. Built entry by entry on the owning rank, so nothing global is ever formed
// unless gathered.
#include "specsweep/poisson/process_grid.hpp"

namespace specsweep::poisson {

struct DistributedMatrix {
  Index rows = 0, cols = 0;
  MatrixXd local;  ///< local_extent(rows) x local_extent(cols)
};

/// Zero matrix with this rank's local shape.
DistributedMatrix distributed_zeros(Index rows, Index cols, const DistributionPlan& plan,
                                    const ProcessGrid& grid);

/// Each rank evaluates entry(i, j) for the global indices it owns.
template <class Entry>
DistributedMatrix distributed_from(Index rows, Index cols, const DistributionPlan& plan,
                                   const ProcessGrid& grid, Entry&& entry) {
  DistributedMatrix M = distributed_zeros(rows, cols, plan, grid);
  for (Index lj = 0; lj < M.local.cols(); ++lj) {
    const Index j = global_index(lj, plan.block, grid.mycol(), plan.pcol);
    for (Index li = 0; li < M.local.rows(); ++li)
      M.local(li, lj) = entry(global_index(li, plan.block, grid.myrow(), plan.prow), j);
  }
  return M;
}

/// The whole matrix on rank 0 (empty elsewhere). Only for writing results out: rank 0 holds
/// rows x cols doubles twice over (the gathered blocks, then the matrix). Collective.
MatrixXd gather_to_root(const DistributedMatrix& M, const DistributionPlan& plan,
                        const ProcessGrid& grid);

}  // namespace specsweep::poisson
