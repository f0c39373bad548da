#pragma once
// The emitter study over MPI: the q nodes are dealt to the ranks (node i to rank i mod P, so
// any P works, P > nodes included), each rank sums its share of the q-integral, and one
// MPI_Reduce brings the sums to rank 0, which finishes the study. Sums differ from the
// single-process run only by the order of additions (relative 1e-15).
//
// No rank is ever left waiting: parameters and local failures are agreed on collectively
// (agree_across_ranks) before every reduction, and rank 0 reports the first problem.
// docs/design.md#mpi
#include <mpi.h>

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "specsweep/ribbon/emitter.hpp"

namespace specsweep::ribbon {

/// Initialises MPI (MPI_THREAD_FUNNELED: OpenMP threads inside a rank never call MPI) when
/// the process was started by an MPI launcher, and finalises it on destruction. A process
/// started directly runs alone without MPI: comm() is then MPI_COMM_NULL.
/// The constructor throws Error (kind Runtime) if MPI_Init_thread fails.
class MpiSession {
 public:
  MpiSession();
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;
  bool active() const { return comm_ != MPI_COMM_NULL; }
  MPI_Comm comm() const { return comm_; }
  int rank() const { return rank_; }
  int size() const { return size_; }
  /// Finalises now (idempotent); for a rank that exits without unwinding.
  void finalize();

 private:
  MPI_Comm comm_ = MPI_COMM_NULL;
  int rank_ = 0, size_ = 1;
  bool owns_ = false;
};

/// Thrown on ranks other than 0 when the ranks agreed to stop: rank 0 carries the message.
class QuietRankFailure : public std::runtime_error {
 public:
  QuietRankFailure() : std::runtime_error("stopped; rank 0 reports why") {}
};

/// Collective. local_error is "" when this rank is fine; fingerprint describes its parameters
/// (compared with rank 0's line by line). If some rank failed or differs, rank 0 throws
/// Error naming the first such rank and its problem, the others throw QuietRankFailure.
void agree_across_ranks(MPI_Comm comm, const std::string& local_error,
                        const std::string& fingerprint);

/// The q nodes rank `rank` of `ranks` sums: i = rank, rank + ranks, ...
std::vector<Index> q_nodes_of_rank(Index nodes, int rank, int ranks);

/// One "key = value" line per parameter, with every double at full precision.
std::string emitter_fingerprint(const EmitterSetup& setup);

/// Collective over comm: the whole study, split over q. Returns the result on rank 0 and
/// nothing on the other ranks. Cost per rank: its share (about 1/P) of the q nodes, then two
/// MPI_Reduce calls (fine and coarse sums) of n_EF n_hw slots complex values each.
/// @throws Error on rank 0 (QuietRankFailure elsewhere) as agree_across_ranks, for an invalid
///         setup or a failure on any rank
std::optional<EmitterResult> run_emitter_study(const EmitterSetup& setup, MPI_Comm comm);

}  // namespace specsweep::ribbon
