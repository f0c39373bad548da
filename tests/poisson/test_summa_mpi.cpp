// SUMMA C = A B against Eigen's own (non-BLAS) product on every rank, for rectangular sizes
// not divisible by the grid or the block, panels narrower than a block, and ranks holding
// nothing. Run under mpiexec with any rank count; exit 0 only if every rank agrees.
#include <mpi.h>

#include <cstdio>
#include <random>

#include "specsweep/poisson/summa.hpp"

using namespace specsweep;
using namespace specsweep::poisson;

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int size = 0, rank = 0;
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  int failures = 0;
  {
    DistributionPlan base = make_plan(size);
    ProcessGrid grid(MPI_COMM_WORLD, base);
    struct Case { Index m, k, n, block, panel; };
    const Case cases[] = {{37, 53, 29, 4, 3}, {37, 53, 29, 5, 5}, {64, 64, 64, 8, 1},
                          {50, 7, 61, 3, 2},  {1, 5, 3, 2, 2},    {23, 41, 11, 16, 7}};
    for (const Case& c : cases) {
      DistributionPlan plan = base;
      plan.block = c.block;
      plan.panel = c.panel;
      std::mt19937_64 rng(42);  // same global matrices on every rank
      std::uniform_real_distribution<double> U(-1, 1);
      const MatrixXd A = MatrixXd::NullaryExpr(c.m, c.k, [&] { return U(rng); });
      const MatrixXd B = MatrixXd::NullaryExpr(c.k, c.n, [&] { return U(rng); });
      const MatrixXd ref = A.lazyProduct(B);  // Eigen's product, independent of OpenBLAS
      auto dA = distributed_from(c.m, c.k, plan, grid, [&](Index i, Index j) { return A(i, j); });
      auto dB = distributed_from(c.k, c.n, plan, grid, [&](Index i, Index j) { return B(i, j); });
      DistributedMatrix dC;
      summa_gemm(plan, grid, dA, dB, dC);
      // Every local entry against the reference, then the gathered matrix on rank 0.
      double local_err = 0;
      for (Index lj = 0; lj < dC.local.cols(); ++lj)
        for (Index li = 0; li < dC.local.rows(); ++li) {
          const Index i = global_index(li, plan.block, grid.myrow(), plan.prow);
          const Index j = global_index(lj, plan.block, grid.mycol(), plan.pcol);
          local_err = std::max(local_err, std::abs(dC.local(li, lj) - ref(i, j)));
        }
      double err = 0;
      MPI_Allreduce(&local_err, &err, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
      const MatrixXd C = gather_to_root(dC, plan, grid);
      const double rel = err / ref.cwiseAbs().maxCoeff();
      bool ok = rel < 1e-12;
      if (rank == 0) {
        const double grel = (C - ref).cwiseAbs().maxCoeff() / ref.cwiseAbs().maxCoeff();
        ok = ok && grel < 1e-12;
        std::printf("P=%d grid %dx%d  m=%td k=%td n=%td nb=%td panel=%td  max rel err %.2e  %s\n",
                    size, plan.prow, plan.pcol, c.m, c.k, c.n, c.block, c.panel, rel,
                    ok ? "ok" : "FAIL");
      }
      failures += ok ? 0 : 1;
    }
  }
  MPI_Bcast(&failures, 1, MPI_INT, 0, MPI_COMM_WORLD);
  MPI_Finalize();
  return failures == 0 ? 0 : 1;
}
