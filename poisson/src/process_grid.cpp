#include "specsweep/poisson/process_grid.hpp"

#include <fmt/format.h>

#include "specsweep/error.hpp"
#include "specsweep/mpi/check.hpp"

namespace specsweep::poisson {

ProcessGrid::ProcessGrid(MPI_Comm comm, const DistributionPlan& plan)
    : prow_(plan.prow), pcol_(plan.pcol) {
  int size = 0;
  mpi::check_mpi(MPI_Comm_size(comm, &size), "MPI_Comm_size");
  if (size != plan.prow * plan.pcol)
    throw Error(fmt::format("poisson: a {}x{} grid needs {} ranks, have {}", plan.prow,
                            plan.pcol, plan.prow * plan.pcol, size),
                ErrorKind::Runtime);
  // The grid's own communicators return error codes (check_mpi) whatever comm's handler is.
  mpi::check_mpi(MPI_Comm_dup(comm, &comm_), "MPI_Comm_dup");
  try {
    mpi::check_mpi(MPI_Comm_set_errhandler(comm_, MPI_ERRORS_RETURN), "MPI_Comm_set_errhandler");
    mpi::check_mpi(MPI_Comm_rank(comm_, &rank_), "MPI_Comm_rank");
    myrow_ = rank_ / pcol_;
    mycol_ = rank_ % pcol_;
    mpi::check_mpi(MPI_Comm_split(comm_, myrow_, mycol_, &row_), "MPI_Comm_split");
    mpi::check_mpi(MPI_Comm_split(comm_, mycol_, myrow_, &col_), "MPI_Comm_split");
  } catch (...) {
    free_communicators();
    throw;
  }
}

ProcessGrid::~ProcessGrid() { free_communicators(); }

void ProcessGrid::free_communicators() noexcept {
  for (MPI_Comm* c : {&row_, &col_, &comm_})
    if (*c != MPI_COMM_NULL) MPI_Comm_free(c);
}

}  // namespace specsweep::poisson
