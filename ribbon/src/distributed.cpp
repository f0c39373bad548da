#include "specsweep/ribbon/distributed.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <climits>

#include "specsweep/error.hpp"
#include "specsweep/mpi/agree.hpp"
#include "specsweep/mpi/check.hpp"
#include "specsweep/ribbon/parameters.hpp"

namespace specsweep::ribbon {

std::vector<Index> q_nodes_of_rank(Index nodes, int rank, int ranks) {
  std::vector<Index> mine;
  for (Index i = rank; i < nodes; i += ranks) mine.push_back(i);
  return mine;
}

std::string emitter_fingerprint(const EmitterSetup& s) { return to_toml(emitter_parameters(), s); }

std::optional<EmitterResult> run_emitter_study(const EmitterSetup& setup, MPI_Comm comm) {
  int rank = 0, size = 1;
  mpi::check_mpi(MPI_Comm_rank(comm, &rank), "MPI_Comm_rank");
  mpi::check_mpi(MPI_Comm_size(comm, &size), "MPI_Comm_size");

  EmitterSums sums;
  mpi::agree(
      comm,
      [&] {
        validate(setup);
        const QRule rule = emitter_q_rule(setup);
        sums = emitter_q_sums(setup, rule, q_nodes_of_rank(static_cast<Index>(rule.nodes.size()), rank, size));
        if (sums.fine.size() > static_cast<size_t>(INT_MAX))
          throw Error("emitter: the q sums exceed one MPI message; use fewer E_F or hw points",
                      ErrorKind::Runtime);
      },
      [&] { return emitter_fingerprint(setup); });

  // The reduction and rank 0's finish are a phase too: a failed MPI_Reduce aborts the job, and
  // a failure of the finish on rank 0 stops every rank with rank 0's message.
  std::optional<EmitterResult> result;
  mpi::agree(comm, [&] {
    const int count = static_cast<int>(sums.fine.size());
    for (std::vector<cplx>* v : {&sums.fine, &sums.coarse}) {
      void* send = rank == 0 ? MPI_IN_PLACE : static_cast<void*>(v->data());
      mpi::check_mpi(MPI_Reduce(send, v->data(), count, MPI_C_DOUBLE_COMPLEX, MPI_SUM, 0, comm), "MPI_Reduce");
    }
    if (rank == 0) result = finish_emitter_study(setup, sums);
  });
  return result;
}

}  // namespace specsweep::ribbon
