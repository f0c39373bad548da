#include "specsweep/statespace/model.hpp"

#include <fmt/format.h>

#include "specsweep/error.hpp"
#include "specsweep/io/npy.hpp"

namespace specsweep::statespace {
namespace {

[[noreturn]] void fail(const std::string& where, const std::string& problem) {
  throw Error(where + ": " + problem, ErrorKind::Input);
}

std::string dims(const MatrixXcd& M) { return fmt::format("({}, {})", M.rows(), M.cols()); }

MatrixXcd read_npy_matrix(const std::string& path, const char* name) {
  const io::NpyArray a = io::read_npy(path);
  io::require_finite(a, path);
  if (a.rank() != 2)
    fail(path, fmt::format("{} must be a 2-D matrix, got shape {}", name, io::shape_string(a.shape)));
  const Index rows = a.shape[0], cols = a.shape[1];
  MatrixXcd M(rows, cols);
  for (Index i = 0; i < rows; ++i)
    for (Index j = 0; j < cols; ++j) M(i, j) = a.value(static_cast<std::size_t>(i * cols + j));
  return M;
}

}  // namespace

void StateSpaceModel::validate(const std::string& source) {
  const Index n = A.rows();
  if (n == 0) fail(source, "A is empty");
  if (A.cols() != n) fail(source, fmt::format("A must be square, got {}", dims(A)));
  if (B.rows() != n || B.cols() == 0)
    fail(source, fmt::format("B must have shape ({}, m) with m >= 1 for A of order {}, got {}", n, n, dims(B)));
  if (C.cols() != n || C.rows() == 0)
    fail(source, fmt::format("C must have shape (p, {}) with p >= 1 for A of order {}, got {}", n, n, dims(C)));
  if (D.size() == 0) D = MatrixXcd::Zero(C.rows(), B.cols());
  if (D.rows() != C.rows() || D.cols() != B.cols())
    fail(source, fmt::format("D must have shape ({}, {}) (outputs, inputs), got {}", C.rows(),
                             B.cols(), dims(D)));
  if (E && (E->rows() != n || E->cols() != n))
    fail(source, fmt::format("E must have the shape of A, ({}, {}), got {}", n, n, dims(*E)));
  for (const auto& [name, M] : {std::pair<const char*, const MatrixXcd*>{"A", &A}, {"B", &B},
                                {"C", &C}, {"D", &D}, {"E", E ? &*E : nullptr}})
    if (M && !M->allFinite()) fail(source, fmt::format("{} contains NaN or Inf", name));
  auto is_real = [](const MatrixXcd& M) { return M.imag().isZero(0.0); };
  real = is_real(A) && is_real(B) && is_real(C) && is_real(D) && (!E || is_real(*E));
}

StateSpaceModel load_npy_model(const std::string& a_path, const std::string& b_path,
                               const std::string& c_path, const std::string& d_path,
                               const std::string& e_path) {
  StateSpaceModel m;
  m.A = read_npy_matrix(a_path, "A");
  m.B = read_npy_matrix(b_path, "B");
  m.C = read_npy_matrix(c_path, "C");
  if (!d_path.empty()) m.D = read_npy_matrix(d_path, "D");
  if (!e_path.empty()) m.E = read_npy_matrix(e_path, "E");
  // Name the file of the matrix whose shape does not fit.
  const Index n = m.A.rows();
  if (m.A.cols() != n) fail(a_path, fmt::format("A must be square, got {}", dims(m.A)));
  if (m.B.rows() != n) fail(b_path, fmt::format("B must have {} rows (the order of A), got {}", n, dims(m.B)));
  if (m.C.cols() != n) fail(c_path, fmt::format("C must have {} columns (the order of A), got {}", n, dims(m.C)));
  if (!d_path.empty() && (m.D.rows() != m.C.rows() || m.D.cols() != m.B.cols()))
    fail(d_path, fmt::format("D must have shape ({}, {}) (outputs, inputs), got {}", m.C.rows(),
                             m.B.cols(), dims(m.D)));
  if (m.E && (m.E->rows() != n || m.E->cols() != n))
    fail(e_path, fmt::format("E must have the shape of A, ({}, {}), got {}", n, n, dims(*m.E)));
  m.validate(a_path);
  return m;
}

}  // namespace specsweep::statespace
