#pragma once
// The distribution plan: a plain value, kept apart from the communicator (see ProcessGrid).
// Matrices are 2-D block-cyclic over a prow x pcol grid with square nb x nb blocks, the
// ScaLAPACK layout, so local arrays are interchangeable with PDGEMM's. Rank r sits at
// (r / pcol, r % pcol).
#include "specsweep/types.hpp"

namespace specsweep::poisson {

struct DistributionPlan {
  int prow = 1;      ///< process rows
  int pcol = 1;      ///< process columns
  Index block = 0;   ///< nb: block-cyclic block size (rows and columns)
  Index panel = 0;   ///< SUMMA panel width along k, 1 <= panel <= block
};

/// A prow x pcol grid for `ranks` processes from MPI_Dims_create (as square as possible,
/// prow >= pcol; a prime count p gives p x 1), with the block and panel from tuning.hpp.
/// @throws Error (kind Runtime) if MPI is not initialised
DistributionPlan make_plan(int ranks);

/// Rows (or columns) of a length-`n` dimension held by grid coordinate `p` of `procs`
/// (ScaLAPACK numroc with source 0).
Index local_extent(Index n, Index nb, int p, int procs);
/// Global index of local index `l` at grid coordinate `p`.
inline Index global_index(Index l, Index nb, int p, int procs) {
  return (l / nb) * nb * procs + p * nb + l % nb;
}
/// Grid coordinate owning global index `g`.
inline int owner(Index g, Index nb, int procs) { return static_cast<int>((g / nb) % procs); }
/// Local index of global index `g` on its owner.
inline Index local_index(Index g, Index nb, int procs) { return (g / (nb * procs)) * nb + g % nb; }

}  // namespace specsweep::poisson
