#pragma once
// The inputs of `sweep` and `check`: A, b, the shifts and an optional observer C, read from
// .npy and validated together (shapes agree, values finite). Every problem is an Input error
// that names the offending file.
#include <optional>
#include <string>
#include <vector>

#include "specsweep/types.hpp"

namespace CLI {
class App;
}

namespace specsweep::app {

struct SweepInputs {
  bool real = false;      ///< A's dtype was real: factor in real arithmetic
  MatrixXd A_real;        ///< A when real
  MatrixXcd A_complex;    ///< A when complex
  MatrixXcd B;            ///< n x m right-hand sides
  bool b_is_vector = false;  ///< b was (n,): outputs drop the trailing m axis
  std::vector<cplx> shifts;
  std::optional<MatrixXcd> C;  ///< p x n observer
  /// E of the pencil (E - sA), absent for the standard form; real exactly when A is (a real
  /// A with a complex E is promoted to complex, and the other way round).
  std::optional<MatrixXd> E_real;
  std::optional<MatrixXcd> E_complex;

  Index n() const { return B.rows(); }
  Index rhs() const { return B.cols(); }
  Index shift_count() const { return static_cast<Index>(shifts.size()); }
  /// (k, n), (k, n, m), (k, p) or (k, p, m): the shape of the result array.
  std::vector<Index> output_shape() const;
};

/// Registers the required --matrix/-A, --rhs/-b and --shifts/-s options of `sweep` and `check`.
void add_input_options(CLI::App& cmd, std::string& matrix, std::string& rhs, std::string& shifts);

/// observe_path and pencil_path may be empty (no observer; the standard form E = I).
SweepInputs load_sweep_inputs(const std::string& matrix_path, const std::string& rhs_path,
                              const std::string& shifts_path, const std::string& observe_path,
                              const std::string& pencil_path = "");

}  // namespace specsweep::app
