#pragma once
// One C-order complex128 .npy written by every rank of a communicator, each rank its own
// contiguous run of rows, through MPI-IO. Like the serial writer it goes through a temporary
// file that rank 0 renames into place only when every rank has written its part, so a failure
// leaves nothing under the final name.
#include <mpi.h>

#include <string>
#include <vector>

#include "specsweep/types.hpp"

namespace specsweep::mpi {

class SharedNpyWriter {
 public:
  /// Collective over comm. Rank 0 creates "<path>.tmp.<pid>" with the header for `shape`
  /// (shape[0] rows; a row is the product of the other extents); every rank then opens it.
  /// @throws Error (Output) on every rank alike when the file cannot be created or opened
  SharedNpyWriter(MPI_Comm comm, std::string path, std::vector<Index> shape);
  /// Removes the temporary file if commit() was not reached (rank 0).
  ~SharedNpyWriter();
  SharedNpyWriter(const SharedNpyWriter&) = delete;
  SharedNpyWriter& operator=(const SharedNpyWriter&) = delete;

  /// Collective. Writes this rank's rows [first_row, first_row + rows) from values (rows times
  /// the row length, C order); ranks may pass rows = 0.
  /// @throws Error (Output) on every rank alike when any rank's write failed
  void write_rows(Index first_row, Index rows, const cplx* values);
  /// Collective. Closes the file and renames it into place on rank 0.
  void commit();

 private:
  MPI_Comm comm_;
  std::string path_, temp_;
  MPI_File file_ = MPI_FILE_NULL;
  MPI_Offset data_offset_ = 0;
  Index row_values_ = 1;
  bool committed_ = false;
};

}  // namespace specsweep::mpi
