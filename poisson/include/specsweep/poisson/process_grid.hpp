#pragma once
// The communicators of a DistributionPlan's grid: the whole grid, and the row and column
// communicators SUMMA broadcasts along. Rank in a row communicator equals the column
// coordinate, rank in a column communicator equals the row coordinate.
#include <mpi.h>

#include "specsweep/poisson/distribution_plan.hpp"

namespace specsweep::poisson {

class ProcessGrid {
 public:
  /// Collective over `comm` (duplicated, then split into row and column communicators); its
  /// size must be plan.prow * plan.pcol (else Error, Runtime). The grid's communicators carry
  /// MPI_ERRORS_RETURN; a failed MPI call throws mpi::CallError.
  ProcessGrid(MPI_Comm comm, const DistributionPlan& plan);
  ~ProcessGrid();
  ProcessGrid(const ProcessGrid&) = delete;
  ProcessGrid& operator=(const ProcessGrid&) = delete;

  MPI_Comm comm() const { return comm_; }
  MPI_Comm row_comm() const { return row_; }
  MPI_Comm col_comm() const { return col_; }
  int rank() const { return rank_; }
  int size() const { return prow_ * pcol_; }
  int myrow() const { return myrow_; }
  int mycol() const { return mycol_; }
  int prow() const { return prow_; }
  int pcol() const { return pcol_; }

 private:
  void free_communicators() noexcept;
  MPI_Comm comm_ = MPI_COMM_NULL, row_ = MPI_COMM_NULL, col_ = MPI_COMM_NULL;
  int rank_ = 0, prow_ = 1, pcol_ = 1, myrow_ = 0, mycol_ = 0;
};

}  // namespace specsweep::poisson
