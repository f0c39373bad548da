#include "specsweep/mpi/agree.hpp"

#include <fmt/format.h>

#include <climits>
#include <sstream>
#include <utility>

#include "specsweep/mpi/check.hpp"
#include "specsweep/mpi/session.hpp"

namespace specsweep::mpi {
namespace {

constexpr int kInternal = -1;  // the failure was not a specsweep::Error
// A message longer than this travels cut short; it is one line on a terminal.
constexpr size_t kMaxMessage = 1 << 16;

struct Outcome {
  bool failed = false;
  int kind = 0;  // int(ErrorKind), or kInternal
  std::string message;
};

// The agreement's own MPI calls: if one fails, the ranks can no longer agree on anything.
struct Agreement {
  MPI_Comm comm;
  int rank = 0, size = 1;

  [[noreturn]] void abort(const std::string& what) const {
    abort_job(comm, fmt::format("{}{} (the job is aborted: after a failed MPI call the ranks "
                                "cannot agree on the error)",
                                size > 1 ? fmt::format("rank {} of {}: ", rank, size) : "", what));
  }
  void call(int rc, const char* name) const {
    if (rc != MPI_SUCCESS) abort(CallError(rc, name).what());
  }
};

/// The first line where a and b differ, as (a's line, b's line); "(missing)" past the end.
std::pair<std::string, std::string> first_difference(const std::string& a, const std::string& b) {
  std::istringstream sa(a), sb(b);
  std::string la, lb;
  while (true) {
    const bool ha = static_cast<bool>(std::getline(sa, la)),
               hb = static_cast<bool>(std::getline(sb, lb));
    if (!ha && !hb) return {"", ""};
    if (!ha) la = "(missing)";
    if (!hb) lb = "(missing)";
    if (la != lb) return {la, lb};
  }
}

}  // namespace

bool reported_elsewhere(const std::exception& e) noexcept {
  const auto* agreed = dynamic_cast<const AgreedFailure*>(&e);
  return agreed && !agreed->reported_here();
}

void agree(MPI_Comm comm, const std::function<void()>& phase,
           const std::function<std::string()>& fingerprint) {
  if (comm == MPI_COMM_NULL) {
    phase();
    return;
  }
  Agreement a{comm};
  a.call(MPI_Comm_rank(comm, &a.rank), "MPI_Comm_rank");
  a.call(MPI_Comm_size(comm, &a.size), "MPI_Comm_size");

  Outcome mine;
  std::string fp;
  bool has_fp = false;
  try {
    phase();
    if (fingerprint) {
      fp = fingerprint();
      has_fp = true;
    }
  } catch (const CallError& e) {
    a.abort(e.what());
  } catch (const Error& e) {
    mine = {true, static_cast<int>(e.kind()), e.what()};
  } catch (const std::exception& e) {
    mine = {true, kInternal, e.what()};
  } catch (...) {
    mine = {true, kInternal, "an exception that is not a std::exception"};
  }
  if (has_fp && fp.size() >= static_cast<size_t>(INT_MAX)) {
    mine = {true, kInternal, "agree: fingerprint longer than one MPI message"};
    has_fp = false;
  }

  // Rank 0's fingerprint: its length + 1, or 0 when rank 0 has none (it failed, or passed none).
  unsigned long long root_len = a.rank == 0 && has_fp ? fp.size() + 1 : 0;
  a.call(MPI_Bcast(&root_len, 1, MPI_UNSIGNED_LONG_LONG, 0, comm), "MPI_Bcast");
  std::string root_fp = a.rank == 0 ? fp : std::string(root_len > 0 ? root_len - 1 : 0, '\0');
  if (root_len > 1)
    a.call(MPI_Bcast(root_fp.data(), static_cast<int>(root_len - 1), MPI_CHAR, 0, comm),
           "MPI_Bcast");
  if (!mine.failed && has_fp && root_len > 0 && a.rank != 0 && fp != root_fp) {
    const auto [here, there] = first_difference(fp, root_fp);
    mine = {true, static_cast<int>(ErrorKind::Input),
            fmt::format("parameters differ from rank 0's: '{}' here, '{}' on rank 0", here, there)};
  }

  // The lowest failing rank, then its kind and message from it to every rank.
  const int candidate = mine.failed ? a.rank : a.size;
  int first = a.size;
  a.call(MPI_Allreduce(&candidate, &first, 1, MPI_INT, MPI_MIN, comm), "MPI_Allreduce");
  if (first == a.size) return;
  if (mine.message.size() > kMaxMessage) mine.message.resize(kMaxMessage);
  int head[2] = {mine.kind, static_cast<int>(mine.message.size())};
  a.call(MPI_Bcast(head, 2, MPI_INT, first, comm), "MPI_Bcast");
  std::string message =
      a.rank == first ? mine.message : std::string(static_cast<size_t>(head[1]), '\0');
  if (head[1] > 0) a.call(MPI_Bcast(message.data(), head[1], MPI_CHAR, first, comm), "MPI_Bcast");

  const std::string what =
      first == 0 ? message : fmt::format("rank {} of {}: {}", first, a.size, message);
  const bool reporter = a.rank == 0;
  if (head[0] == kInternal) throw AgreedInternalError(what, first, a.size, reporter);
  throw AgreedError(what, static_cast<ErrorKind>(head[0]), first, a.size, reporter);
}

}  // namespace specsweep::mpi
