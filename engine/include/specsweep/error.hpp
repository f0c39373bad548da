#pragma once
// The one exception type of specsweep. Bad input and environment failures throw it; a
// numerically singular shift is a status (a flag, docs/design.md#flags), not an exception.
// A broken internal invariant is Error of kind Internal (a bug); sweeping a default-constructed
// Resolvent is std::logic_error. The kind maps to the CLI's documented exit code.
#include <stdexcept>
#include <string>

namespace specsweep {

/// What went wrong, in the terms of who can fix it.
enum class ErrorKind {
  Input,     ///< a file or parameter the user gave is malformed or inconsistent (CLI exit 3)
  Output,    ///< a result could not be written (exit 4)
  Runtime,   ///< an environment problem: MPI layout, a library failure (exit 5)
  Internal,  ///< a broken internal invariant: a bug in specsweep, never the caller's data (exit 1)
};

/// std::runtime_error with a kind. what() is one line that names the file, option or argument
/// and the problem, fit to print as is.
class Error : public std::runtime_error {
 public:
  /// @param message  one line: "<what>: <problem>"
  /// @param kind     who can fix it (default: the input)
  explicit Error(const std::string& message, ErrorKind kind = ErrorKind::Input)
      : std::runtime_error(message), kind_(kind) {}
  /// @return the kind given at construction
  ErrorKind kind() const noexcept { return kind_; }

 private:
  ErrorKind kind_;
};

/// Check of what a caller passed in: argument values, shapes, file contents. Internal
/// invariants use ensure() instead (kind Internal).
/// @param cond     the precondition
/// @param message  the one-line error if it does not hold ("<what>: <problem>")
/// @throws Error (kind Input) with message when cond is false
void require(bool cond, const std::string& message);

/// Throws Error(message, ErrorKind::Internal) when cond is false. For invariants that hold by
/// construction inside specsweep, whatever the input: failing one is a bug, not bad input.
void ensure(bool cond, const std::string& message);

}  // namespace specsweep
