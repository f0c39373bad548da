#include "specsweep/mpi/check.hpp"

#include <fmt/format.h>

namespace specsweep::mpi {
namespace {

std::string error_string(int code) {
  char text[MPI_MAX_ERROR_STRING];
  int len = 0;
  if (MPI_Error_string(code, text, &len) != MPI_SUCCESS)
    return fmt::format("MPI error code {}", code);
  return std::string(text, static_cast<size_t>(len));
}

}  // namespace

CallError::CallError(int code, const std::string& call)
    : Error(fmt::format("{} failed: {}", call, error_string(code)), ErrorKind::Runtime),
      code_(code) {}

}  // namespace specsweep::mpi
