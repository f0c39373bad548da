#pragma once
// The one exception type of specsweep. Misuse and bad input throw it; numerical outcomes
// (a singular shift, a non-converged factorisation) are reported as status, not thrown.
// The kind maps to the CLI's documented exit code.
#include <stdexcept>
#include <string>

namespace specsweep {

enum class ErrorKind {
  Input,     ///< a file or parameter the user gave is malformed or inconsistent
  Output,    ///< a result could not be written
  Runtime,   ///< an environment problem: MPI layout, a library failure
};

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message, ErrorKind kind = ErrorKind::Input)
      : std::runtime_error(message), kind_(kind) {}
  ErrorKind kind() const noexcept { return kind_; }

 private:
  ErrorKind kind_;
};

// Throws Error(message) when cond is false. For argument checks at API boundaries.
void require(bool cond, const std::string& message);

}  // namespace specsweep
