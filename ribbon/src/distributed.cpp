#include "specsweep/ribbon/distributed.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <climits>
#include <cstdlib>
#include <sstream>

#include "specsweep/error.hpp"
#include "specsweep/ribbon/parameters.hpp"

namespace specsweep::ribbon {
namespace {

bool started_by_mpi_launcher() {
  for (const char* var : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"})
    if (std::getenv(var)) return true;
  return false;
}

void check(int rc, const char* what) {
  if (rc != MPI_SUCCESS) throw Error(fmt::format("MPI: {} failed ({})", what, rc), ErrorKind::Runtime);
}

std::string broadcast_string(MPI_Comm comm, const std::string& root_value, int rank) {
  unsigned long long len = root_value.size();
  check(MPI_Bcast(&len, 1, MPI_UNSIGNED_LONG_LONG, 0, comm), "MPI_Bcast");
  std::string s = rank == 0 ? root_value : std::string(len, '\0');
  if (len > 0) check(MPI_Bcast(s.data(), static_cast<int>(len), MPI_CHAR, 0, comm), "MPI_Bcast");
  return s;
}

/// First line where a and b differ, as "a-line" / "b-line" (either may be "(missing)").
std::pair<std::string, std::string> first_difference(const std::string& a, const std::string& b) {
  std::istringstream sa(a), sb(b);
  std::string la, lb;
  while (true) {
    const bool ha = static_cast<bool>(std::getline(sa, la)), hb = static_cast<bool>(std::getline(sb, lb));
    if (!ha && !hb) return {"", ""};
    if (!ha) la = "(missing)";
    if (!hb) lb = "(missing)";
    if (la != lb) return {la, lb};
  }
}

}  // namespace

MpiSession::MpiSession() {
  int initialised = 0;
  MPI_Initialized(&initialised);
  if (!initialised) {
    if (!started_by_mpi_launcher()) return;
    int provided = 0;
    check(MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided), "MPI_Init_thread");
    owns_ = true;
  }
  comm_ = MPI_COMM_WORLD;
  MPI_Comm_rank(comm_, &rank_);
  MPI_Comm_size(comm_, &size_);
}

MpiSession::~MpiSession() { finalize(); }

void MpiSession::finalize() {
  if (!owns_) return;
  owns_ = false;
  int finalised = 0;
  MPI_Finalized(&finalised);
  if (!finalised) MPI_Finalize();
}

void agree_across_ranks(MPI_Comm comm, const std::string& local_error,
                        const std::string& fingerprint) {
  int rank = 0, size = 1;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  const std::string root_fp = broadcast_string(comm, fingerprint, rank);
  // 0: fine, 1: failed here, 2: parameters differ from rank 0's.
  const int status = !local_error.empty() ? 1 : (fingerprint != root_fp ? 2 : 0);
  std::vector<int> statuses(static_cast<size_t>(rank == 0 ? size : 0));
  check(MPI_Gather(&status, 1, MPI_INT, statuses.data(), 1, MPI_INT, 0, comm), "MPI_Gather");
  int culprit = -1;
  if (rank == 0)
    for (int r = 0; r < size && culprit < 0; ++r)
      if (statuses[static_cast<size_t>(r)] != 0) culprit = r;
  check(MPI_Bcast(&culprit, 1, MPI_INT, 0, comm), "MPI_Bcast");
  if (culprit < 0) return;

  std::string message;
  if (rank == culprit) {
    if (status == 1) {
      message = local_error;
    } else {
      const auto [mine, root] = first_difference(fingerprint, root_fp);
      message = fmt::format("parameters differ from rank 0's: '{}' here, '{}' on rank 0", mine, root);
    }
  }
  if (culprit != 0) {
    if (rank == culprit) {
      check(MPI_Send(message.data(), static_cast<int>(message.size()), MPI_CHAR, 0, 0, comm), "MPI_Send");
    } else if (rank == 0) {
      MPI_Status st;
      check(MPI_Probe(culprit, 0, comm, &st), "MPI_Probe");
      int len = 0;
      MPI_Get_count(&st, MPI_CHAR, &len);
      message.assign(static_cast<size_t>(len), '\0');
      check(MPI_Recv(message.data(), len, MPI_CHAR, culprit, 0, comm, MPI_STATUS_IGNORE), "MPI_Recv");
    }
  }
  if (rank != 0) throw QuietRankFailure();
  throw Error(culprit == 0 ? message : fmt::format("rank {} of {}: {}", culprit, size, message));
}

std::vector<Index> q_nodes_of_rank(Index nodes, int rank, int ranks) {
  std::vector<Index> mine;
  for (Index i = rank; i < nodes; i += ranks) mine.push_back(i);
  return mine;
}

std::string emitter_fingerprint(const EmitterSetup& s) { return to_toml(emitter_parameters(), s); }

std::optional<EmitterResult> run_emitter_study(const EmitterSetup& setup, MPI_Comm comm) {
  int rank = 0, size = 1;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);

  EmitterSums sums;
  std::string error;
  try {
    validate(setup);
    const QRule rule = emitter_q_rule(setup);
    sums = emitter_q_sums(setup, rule, q_nodes_of_rank(static_cast<Index>(rule.nodes.size()), rank, size));
  } catch (const std::exception& e) {
    error = e.what();
  }
  agree_across_ranks(comm, error, emitter_fingerprint(setup));

  const size_t count = sums.fine.size();
  require(count <= static_cast<size_t>(INT_MAX) / 2, "emitter sums too large for one MPI_Reduce");
  for (std::vector<cplx>* v : {&sums.fine, &sums.coarse}) {
    void* send = rank == 0 ? MPI_IN_PLACE : static_cast<void*>(v->data());
    check(MPI_Reduce(send, v->data(), static_cast<int>(count), MPI_C_DOUBLE_COMPLEX, MPI_SUM, 0, comm),
          "MPI_Reduce");
  }
  if (rank != 0) return std::nullopt;
  return finish_emitter_study(setup, sums);
}

}  // namespace specsweep::ribbon
