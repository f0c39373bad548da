#pragma once
// The CLI's exit codes, documented in the README. Every failure is one line on stderr.
#include <fmt/format.h>

#include <cstdio>
#include <exception>

#include "specsweep/error.hpp"

namespace specsweep::app {

enum ExitCode : int {
  kOk = 0,
  kInternal = 1,   ///< a bug: a broken internal invariant or an unexpected exception
  kUsage = 2,      ///< bad flags or option values (CLI11 parse/validation errors)
  kInput = 3,      ///< an input file or parameter is malformed or inconsistent
  kOutput = 4,     ///< an output could not be written (nothing partial is left behind)
  kRuntime = 5,    ///< environment: MPI layout, a library failure
};

/// The exit code of an Error of this kind.
inline ExitCode exit_code_for(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::Input: return kInput;
    case ErrorKind::Output: return kOutput;
    case ErrorKind::Runtime: return kRuntime;
    case ErrorKind::Internal: return kInternal;
  }
  return kInternal;
}

/// Prints the one stderr line for an exception that ended a command (to err; nothing when err
/// is null, as on the MPI ranks whose rank 0 prints) and returns its exit code: an Error by its
/// kind; a bug (ErrorKind::Internal, or any other exception) as "internal error".
inline ExitCode report_failure(const std::exception& e, std::FILE* err = stderr) {
  const auto* error = dynamic_cast<const Error*>(&e);
  const ExitCode code = error ? exit_code_for(error->kind()) : kInternal;
  if (err) fmt::print(err, "specsweep: {}{}\n", code == kInternal ? "internal error: " : "", e.what());
  return code;
}

}  // namespace specsweep::app
