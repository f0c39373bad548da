// Contiguous shares of the shifts, and the gathers that put them back in order on rank 0.
#include "distributed_shifts.hpp"

#include <algorithm>

#include "specsweep/mpi/check.hpp"

namespace specsweep::app {

std::pair<Index, Index> share_of(Index k, Index block, const mpi::Session& session) {
  const Index unit = block > 0 ? block : 1;
  const Index units = (k + unit - 1) / unit;
  const Index rank = session.rank(), ranks = session.size();
  const Index lo = units * rank / ranks, hi = units * (rank + 1) / ranks;
  return {std::min(k, lo * unit), std::min(k, hi * unit)};
}

std::vector<double> gather_on_root(const mpi::Session& session, const std::vector<double>& mine) {
  if (session.size() == 1) return mine;
  int count = static_cast<int>(mine.size());
  std::vector<int> counts(static_cast<size_t>(session.size())), displs(counts.size());
  mpi::check_mpi(MPI_Gather(&count, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, session.comm()),
                 "MPI_Gather");
  int total = 0;
  for (size_t r = 0; r < counts.size(); ++r) displs[r] = total, total += counts[r];
  std::vector<double> all(static_cast<size_t>(session.root() ? total : 0));
  mpi::check_mpi(MPI_Gatherv(mine.data(), count, MPI_DOUBLE, all.data(), counts.data(),
                             displs.data(), MPI_DOUBLE, 0, session.comm()),
                 "MPI_Gatherv");
  return all;
}

std::vector<ShiftFlag> gather_flags(const mpi::Session& session, const std::vector<ShiftFlag>& mine) {
  std::vector<double> pairs;
  for (const auto& f : mine) pairs.insert(pairs.end(), {static_cast<double>(f.index), f.cond_estimate});
  const std::vector<double> all = gather_on_root(session, pairs);
  std::vector<ShiftFlag> flags;
  for (size_t i = 0; i + 1 < all.size(); i += 2) flags.push_back({static_cast<Index>(all[i]), all[i + 1]});
  return flags;
}

}  // namespace specsweep::app
