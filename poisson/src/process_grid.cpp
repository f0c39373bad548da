#include "specsweep/poisson/process_grid.hpp"

#include <fmt/format.h>

#include "specsweep/error.hpp"

namespace specsweep::poisson {

ProcessGrid::ProcessGrid(MPI_Comm comm, const DistributionPlan& plan)
    : prow_(plan.prow), pcol_(plan.pcol) {
  int size = 0;
  MPI_Comm_size(comm, &size);
  if (size != plan.prow * plan.pcol)
    throw Error(fmt::format("poisson: a {}x{} grid needs {} ranks, have {}", plan.prow,
                            plan.pcol, plan.prow * plan.pcol, size),
                ErrorKind::Runtime);
  MPI_Comm_dup(comm, &comm_);
  MPI_Comm_rank(comm_, &rank_);
  myrow_ = rank_ / pcol_;
  mycol_ = rank_ % pcol_;
  MPI_Comm_split(comm_, myrow_, mycol_, &row_);
  MPI_Comm_split(comm_, mycol_, myrow_, &col_);
}

ProcessGrid::~ProcessGrid() {
  for (MPI_Comm* c : {&row_, &col_, &comm_})
    if (*c != MPI_COMM_NULL) MPI_Comm_free(c);
}

}  // namespace specsweep::poisson
