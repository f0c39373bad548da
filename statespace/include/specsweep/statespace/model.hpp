#pragma once
// A state-space model  E x' = A x + B u,  y = C x + D u  (continuous time; x[k+1] for discrete
// time), with E optional (the identity) and possibly singular (a descriptor system). Real or
// complex; shapes A, E (n, n), B (n, m), C (p, n), D (p, m).
#include <optional>
#include <string>

#include "specsweep/types.hpp"

namespace specsweep::statespace {

struct StateSpaceModel {
  MatrixXcd A, B, C, D;
  std::optional<MatrixXcd> E;  ///< absent: the identity
  bool real = true;            ///< every matrix is real: the engine factors in real arithmetic

  Index states() const { return A.rows(); }
  Index inputs() const { return B.cols(); }
  Index outputs() const { return C.rows(); }
  /// Checks shapes and finiteness; D empty becomes zeros (p, m). `source` names the origin in
  /// messages ("sys.mat", or the .npy file of the offending matrix when known).
  /// @throws Error (input), one line naming the matrix and the problem.
  void validate(const std::string& source);
};

/// Reads A, B, C and optionally D and E from .npy files (any numeric dtype, C or Fortran
/// order). d_path / e_path may be empty. @throws Error (input) naming the file.
StateSpaceModel load_npy_model(const std::string& a_path, const std::string& b_path,
                               const std::string& c_path, const std::string& d_path,
                               const std::string& e_path);

/// Reads a MATLAB .mat file (v5 or v7.3 as libmatio reads them) holding A, B, C and optionally
/// D and E, each dense (double, single, integer; real or complex) or sparse. A missing D is
/// zero, a missing E the identity. @throws Error (input), one line naming the file and the
/// problem: not a MAT file, a missing or non-numeric variable, a wrong shape.
StateSpaceModel load_mat_model(const std::string& path);

}  // namespace specsweep::statespace
