#include "specsweep/poisson/distribution_plan.hpp"

#include <mpi.h>

#include <algorithm>

#include "specsweep/error.hpp"
#include "specsweep/mpi/check.hpp"
#include "specsweep/poisson/tuning.hpp"

namespace specsweep::poisson {

DistributionPlan make_plan(int ranks) {
  int initialized = 0;
  MPI_Initialized(&initialized);
  if (!initialized) throw Error("poisson: a process grid needs MPI_Init first", ErrorKind::Runtime);
  int dims[2] = {0, 0};
  mpi::check_mpi(MPI_Dims_create(ranks, 2, dims), "MPI_Dims_create");  // dims[0] >= dims[1]
  DistributionPlan plan;
  plan.prow = dims[0];
  plan.pcol = dims[1];
  plan.block = tuning::env_index("SPECSWEEP_SUMMA_BLOCK", tuning::kDefaultBlock);
  plan.panel = std::min(plan.block,
                        tuning::env_index("SPECSWEEP_SUMMA_PANEL", tuning::kDefaultPanel));
  return plan;
}

Index local_extent(Index n, Index nb, int p, int procs) {
  const Index blocks = n / nb, extra = n % nb;
  Index local = (blocks / procs) * nb;
  const Index rem = blocks % procs;
  if (p < rem) local += nb;
  else if (p == rem) local += extra;
  return local;
}

}  // namespace specsweep::poisson
