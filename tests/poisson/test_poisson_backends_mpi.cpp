// The summa backend against blas and dst on the same problems, for any rank count: the
// right-hand side is generated distributed, the solution gathered only for the comparison.
// Also: a grid larger than the unknowns allow is refused with an Error on every rank.
#include <mpi.h>

#include <cstdio>

#include "specsweep/error.hpp"
#include "specsweep/poisson/solver.hpp"

using namespace specsweep;
using namespace specsweep::poisson;

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int size = 0, rank = 0;
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  int failures = 0;
  auto report = [&](bool ok, const char* what, double value) {
    if (rank == 0) std::printf("P=%d %-58s %.2e  %s\n", size, what, value, ok ? "ok" : "FAIL");
    failures += ok ? 0 : 1;
  };
  const PoissonProblem problems[] = {{48, 48, Boundary::Dirichlet},
                                     {31, 45, Boundary::Dirichlet},
                                     {26, 19, Boundary::Neumann}};
  for (const PoissonProblem& p : problems) {
    const DistributionPlan plan = plan_for(p, size);
    ProcessGrid grid(MPI_COMM_WORLD, plan);
    auto f = [&](Index i, Index j) {
      const double x = coordinate(i, p.nx, p.bc), y = coordinate(j, p.ny, p.bc);
      return std::exp(x) * std::cos(3 * y) + x * y;  // not an eigenfunction: every mode is hit
    };
    const DistributedMatrix F = distributed_from(p.rows(), p.cols(), plan, grid, f);
    const MatrixXd U = gather_to_root(solve_summa(p, plan, grid, F), plan, grid);
    MatrixXd Fg(p.rows(), p.cols());
    for (Index j = 0; j < p.cols(); ++j)
      for (Index i = 0; i < p.rows(); ++i) Fg(i, j) = f(i, j);
    char label[128];
    double diff = 0;
    if (rank == 0) {
      const MatrixXd ref = solve_local(p, Backend::Blas, Fg);
      diff = (U - ref).cwiseAbs().maxCoeff() / ref.cwiseAbs().maxCoeff();
    }
    std::snprintf(label, sizeof label, "%s %tdx%td grid %dx%d nb=%td: summa vs blas",
                  to_string(p.bc), p.nx, p.ny, plan.prow, plan.pcol, plan.block);
    report(diff < 1e-12, label, diff);
    if (p.bc == Boundary::Dirichlet) {
      if (rank == 0) {
        const MatrixXd ref = solve_local(p, Backend::Dst, Fg);
        diff = (U - ref).cwiseAbs().maxCoeff() / ref.cwiseAbs().maxCoeff();
      }
      std::snprintf(label, sizeof label, "%s %tdx%td: summa vs dst", to_string(p.bc), p.nx, p.ny);
      report(diff < 1e-12, label, diff);
    }
  }
  // 3 unknowns per direction cannot feed more than 3 process rows.
  if (size > 3) {
    bool refused = false;
    try {
      (void)plan_for({4, 4, Boundary::Dirichlet}, size * 3);
    } catch (const Error& e) {
      refused = true;
    }
    report(refused, "grid beyond the unknowns is refused", 0.0);
  }
  MPI_Bcast(&failures, 1, MPI_INT, 0, MPI_COMM_WORLD);
  MPI_Finalize();
  return failures == 0 ? 0 : 1;
}
