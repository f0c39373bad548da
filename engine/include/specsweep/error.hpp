#pragma once
// The one exception type of specsweep. Misuse and bad input throw it; numerical outcomes
// (a singular shift, a non-converged factorisation) are reported as status, not thrown.
// The kind maps to the CLI's documented exit code.
#include <stdexcept>
#include <string>

namespace specsweep {

enum class ErrorKind {
  Input,     ///< a file or parameter the user gave is malformed or inconsistent (CLI exit 3)
  Output,    ///< a result could not be written (exit 4)
  Runtime,   ///< an environment problem: MPI layout, a library failure (exit 5)
  Internal,  ///< a broken internal invariant: a bug in specsweep, never the caller's data (exit 1)
};

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message, ErrorKind kind = ErrorKind::Input)
      : std::runtime_error(message), kind_(kind) {}
  ErrorKind kind() const noexcept { return kind_; }

 private:
  ErrorKind kind_;
};

/// Throws Error(message, ErrorKind::Input) when cond is false. For checks of what a caller
/// passed in: argument values, shapes, file contents.
void require(bool cond, const std::string& message);

/// Throws Error(message, ErrorKind::Internal) when cond is false. For invariants that hold by
/// construction inside specsweep, whatever the input: failing one is a bug, not bad input.
void ensure(bool cond, const std::string& message);

}  // namespace specsweep
