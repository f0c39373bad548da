#pragma once
// Agree or fail: after each phase of a distributed command, the ranks agree on whether every
// rank succeeded. If one failed, every rank learns the lowest failing rank's error and throws
// it, so that no rank goes on to a collective the others never reach (the job would hang), rank
// 0 prints one message, and every rank exits with the same code (ErrorKind: bad input 3,
// runtime environment 5; anything else is a bug, 1).
#include <mpi.h>

#include <functional>
#include <stdexcept>
#include <string>

#include "specsweep/error.hpp"

namespace specsweep::mpi {

/// The part common to the exceptions agree() throws: which rank failed, and who reports it.
class AgreedFailure {
 public:
  /// @return the lowest rank of the communicator whose phase failed
  int failed_rank() const noexcept { return failed_rank_; }
  /// @return the communicator's size
  int ranks() const noexcept { return ranks_; }
  /// @return true on rank 0 of the communicator, the one rank that prints the message
  bool reported_here() const noexcept { return reported_here_; }

 protected:
  AgreedFailure(int failed_rank, int ranks, bool reported_here)
      : failed_rank_(failed_rank), ranks_(ranks), reported_here_(reported_here) {}
  virtual ~AgreedFailure() = default;

 private:
  int failed_rank_, ranks_;
  bool reported_here_;
};

/// The failing rank threw specsweep::Error: every rank throws this, with that kind and message.
class AgreedError : public Error, public AgreedFailure {
 public:
  AgreedError(const std::string& message, ErrorKind kind, int failed_rank, int ranks,
              bool reported_here)
      : Error(message, kind), AgreedFailure(failed_rank, ranks, reported_here) {}
};

/// The failing rank threw anything else (a bug): every rank throws this, with that message.
class AgreedInternalError : public std::logic_error, public AgreedFailure {
 public:
  AgreedInternalError(const std::string& message, int failed_rank, int ranks, bool reported_here)
      : std::logic_error(message), AgreedFailure(failed_rank, ranks, reported_here) {}
};

/// @return true when e was thrown by agree() on a rank other than the reporting one: the
///         caller prints nothing, rank 0 prints the same message.
bool reported_elsewhere(const std::exception& e) noexcept;

/// Collective over comm: every rank of comm calls it, in the same order as its other
/// collectives. Runs phase() here, then agrees with the other ranks:
///  - every rank succeeded, and (when `fingerprint` is given) every rank's fingerprint() equals
///    rank 0's: returns on every rank;
///  - otherwise every rank throws the same AgreedError (or AgreedInternalError), carrying the
///    lowest failing rank's message, prefixed with "rank r of P: " when r > 0. A fingerprint
///    that differs from rank 0's is an ErrorKind::Input failure of that rank, named by the
///    first line that differs: "parameters differ from rank 0's: '<line>' here, '<line>' on
///    rank 0".
///  - phase() threw CallError (a failed MPI call), or a call of the agreement itself failed:
///    abort_job (see session.hpp). Nothing the others could still be told.
/// With comm == MPI_COMM_NULL (one process without MPI) it runs phase() and lets its
/// exceptions through unchanged.
///
/// phase() must not fail on some ranks only after it has started collective communication
/// with the others (they would wait for it in that collective, not here); collectives inside a
/// phase fail only through MPI (CallError) or on every rank alike.
///
/// @param comm         the communicator (with MPI_ERRORS_RETURN, as Session::comm())
/// @param phase        this rank's work
/// @param fingerprint  called after phase() succeeded: one "key = value" line per parameter
///                     that must be the same on every rank
/// Cost: two broadcasts and one MPI_Allreduce of a few bytes (plus the fingerprint's length),
/// two more broadcasts on failure.
void agree(MPI_Comm comm, const std::function<void()>& phase,
           const std::function<std::string()>& fingerprint = {});

}  // namespace specsweep::mpi
