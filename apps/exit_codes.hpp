#pragma once
// The CLI's exit codes, documented in the README. Every failure is one line on stderr.
namespace specsweep::app {

enum ExitCode : int {
  kOk = 0,
  kInternal = 1,   ///< a bug: an unexpected exception
  kUsage = 2,      ///< bad flags or option values (CLI11 parse/validation errors)
  kInput = 3,      ///< an input file or parameter is malformed or inconsistent
  kOutput = 4,     ///< an output could not be written (nothing partial is left behind)
  kRuntime = 5,    ///< environment: MPI layout, a library failure
};

}  // namespace specsweep::app
