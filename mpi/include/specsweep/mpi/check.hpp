#pragma once
// MPI return codes as exceptions. The communicators specsweep uses carry MPI_ERRORS_RETURN (the
// Session's, and every communicator derived from it), so a failing call returns its code
// instead of killing the job on the spot, and check_mpi turns that code into an Error that
// names the call.
#include <mpi.h>

#include <string>

#include "specsweep/error.hpp"

namespace specsweep::mpi {

/// A failed MPI call: ErrorKind::Runtime, what() = "<call> failed: <MPI_Error_string(code)>".
/// agree() treats it as fatal to the job (see abort_job): the peers of the failing rank may be
/// blocked in the collective it left, so they cannot be told.
class CallError : public Error {
 public:
  /// @param code  the MPI error code the call returned (not MPI_SUCCESS)
  /// @param call  the call's name, e.g. "MPI_Ibcast"
  CallError(int code, const std::string& call);
  /// @return the MPI error code
  int code() const noexcept { return code_; }

 private:
  int code_;
};

/// Throws CallError(rc, call) unless rc == MPI_SUCCESS: `check_mpi(MPI_Ibcast(...), "MPI_Ibcast")`.
/// Meaningful only on a communicator with MPI_ERRORS_RETURN; with the default
/// MPI_ERRORS_ARE_FATAL, MPI aborts before returning. Cost: one comparison on success.
inline void check_mpi(int rc, const char* call) {
  if (rc != MPI_SUCCESS) throw CallError(rc, call);
}

}  // namespace specsweep::mpi
