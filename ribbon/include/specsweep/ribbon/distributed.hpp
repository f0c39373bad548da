#pragma once
// The emitter study over MPI: the q nodes are dealt to the ranks (node i to rank i mod P, so
// any P works, P > nodes included), each rank sums its share of the q-integral, and one
// MPI_Reduce brings the sums to rank 0, which finishes the study. Sums differ from the
// single-process run only by the order of additions (relative 1e-15).
//
// No rank is ever left waiting: the parameters and each rank's failure are agreed on
// (specsweep::mpi::agree) before the reduction, so every rank throws the same error.
// docs/design.md#mpi
#include <mpi.h>

#include <optional>
#include <string>
#include <vector>

#include "specsweep/ribbon/emitter.hpp"

namespace specsweep::ribbon {

/// The q nodes rank `rank` of `ranks` sums: i = rank, rank + ranks, ...
std::vector<Index> q_nodes_of_rank(Index nodes, int rank, int ranks);

/// One "key = value" line per parameter, with every double at full precision.
std::string emitter_fingerprint(const EmitterSetup& setup);

/// Collective over comm (MPI_ERRORS_RETURN, as mpi::Session::comm()): the whole study, split
/// over q. Returns the result on rank 0 and nothing on the other ranks. If a rank fails, or its
/// setup's emitter_fingerprint differs from rank 0's, every rank throws the same
/// mpi::AgreedError naming the first such rank. Cost: the single-process study's q sums
/// divided by the rank count, plus one MPI_Reduce of 2 n_EF n_hw complex numbers.
std::optional<EmitterResult> run_emitter_study(const EmitterSetup& setup, MPI_Comm comm);

}  // namespace specsweep::ribbon
