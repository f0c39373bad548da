#include "specsweep/poisson/distributed_matrix.hpp"

#include <vector>

#include "specsweep/mpi/check.hpp"

namespace specsweep::poisson {

DistributedMatrix distributed_zeros(Index rows, Index cols, const DistributionPlan& plan,
                                    const ProcessGrid& grid) {
  DistributedMatrix M;
  M.rows = rows;
  M.cols = cols;
  M.local = MatrixXd::Zero(local_extent(rows, plan.block, grid.myrow(), plan.prow),
                           local_extent(cols, plan.block, grid.mycol(), plan.pcol));
  return M;
}

MatrixXd gather_to_root(const DistributedMatrix& M, const DistributionPlan& plan,
                        const ProcessGrid& grid) {
  const int P = grid.size();
  std::vector<int> counts(P), displs(P);
  Index total = 0;
  for (int r = 0; r < P; ++r) {
    const Index c = local_extent(M.rows, plan.block, r / plan.pcol, plan.prow) *
                    local_extent(M.cols, plan.block, r % plan.pcol, plan.pcol);
    counts[r] = int(c);
    displs[r] = int(total);
    total += c;
  }
  std::vector<double> all(grid.rank() == 0 ? size_t(total) : 0);
  mpi::check_mpi(MPI_Gatherv(M.local.data(), int(M.local.size()), MPI_DOUBLE, all.data(),
                             counts.data(), displs.data(), MPI_DOUBLE, 0, grid.comm()),
                 "MPI_Gatherv");
  if (grid.rank() != 0) return {};
  MatrixXd G(M.rows, M.cols);
  for (int r = 0; r < P; ++r) {
    const int pr = r / plan.pcol, pc = r % plan.pcol;
    const Index lr = local_extent(M.rows, plan.block, pr, plan.prow);
    const Index lc = local_extent(M.cols, plan.block, pc, plan.pcol);
    const double* src = all.data() + displs[r];
    for (Index lj = 0; lj < lc; ++lj) {
      const Index j = global_index(lj, plan.block, pc, plan.pcol);
      for (Index li = 0; li < lr; ++li)
        G(global_index(li, plan.block, pr, plan.prow), j) = src[lj * lr + li];
    }
  }
  return G;
}

}  // namespace specsweep::poisson
