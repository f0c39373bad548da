#pragma once
// Shifts split over MPI ranks, for `sweep` and `check` under mpirun: each rank takes one
// contiguous share, and rank 0 gathers the per-shift results back in shift order.
#include <utility>
#include <vector>

#include "specsweep/mpi/session.hpp"
#include "specsweep/resolvent.hpp"

namespace specsweep::app {

/// This rank's shifts [first, last) of k: whole blocks when the block size is pinned (every
/// block is then the one a single process solves, and results agree to the bit), else an even
/// split of the shifts. One rank (or an inactive session) gets all of them.
std::pair<Index, Index> share_of(Index k, Index block, const mpi::Session& session);

/// Every rank's values, concatenated in rank order, on rank 0 (empty elsewhere). Collective.
std::vector<double> gather_on_root(const mpi::Session& session, const std::vector<double>& mine);

/// Every rank's flags (global shift indices) on rank 0, in shift order. Collective.
std::vector<ShiftFlag> gather_flags(const mpi::Session& session, const std::vector<ShiftFlag>& mine);

}  // namespace specsweep::app
