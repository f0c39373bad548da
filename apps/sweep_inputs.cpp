#include "sweep_inputs.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "specsweep/error.hpp"
#include "specsweep/io/npy.hpp"

namespace specsweep::app {
namespace {

[[noreturn]] void fail(const std::string& path, const std::string& problem) {
  throw Error(path + ": " + problem, ErrorKind::Input);
}

io::NpyArray read_finite(const std::string& path) {
  io::NpyArray a = io::read_npy(path);
  io::require_finite(a, path);
  return a;
}

// C-order (rows, cols) values into a column-major complex matrix.
MatrixXcd to_complex_matrix(const io::NpyArray& a, Index rows, Index cols) {
  MatrixXcd M(rows, cols);
  for (Index i = 0; i < rows; ++i)
    for (Index j = 0; j < cols; ++j) M(i, j) = a.value(static_cast<std::size_t>(i * cols + j));
  return M;
}

}  // namespace

std::vector<Index> SweepInputs::output_shape() const {
  std::vector<Index> shape{shift_count(), C ? C->rows() : n()};
  if (!b_is_vector) shape.push_back(rhs());
  return shape;
}

SweepInputs load_sweep_inputs(const std::string& matrix_path, const std::string& rhs_path,
                              const std::string& shifts_path, const std::string& observe_path,
                              const std::string& pencil_path) {
  SweepInputs in;
  {
    const io::NpyArray A = read_finite(matrix_path);
    if (A.rank() != 2 || A.shape[0] != A.shape[1])
      fail(matrix_path, fmt::format("A must be a square (n, n) matrix, got shape {}",
                                    io::shape_string(A.shape)));
    const Index n = A.shape[0];
    in.real = !A.is_complex;
    if (in.real) {
      in.A_real = Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
          A.real.data(), n, n);
    } else {
      in.A_complex = to_complex_matrix(A, n, n);
    }
  }
  const Index n = in.real ? in.A_real.rows() : in.A_complex.rows();
  if (!pencil_path.empty()) {
    const io::NpyArray E = read_finite(pencil_path);
    if (E.rank() != 2 || E.shape[0] != n || E.shape[1] != n)
      fail(pencil_path, fmt::format("E must have A's shape ({}, {}), got {}", n, n,
                                    io::shape_string(E.shape)));
    if (in.real && !E.is_complex) {
      in.E_real = Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
          E.real.data(), n, n);
    } else {
      if (in.real) {  // one complex matrix makes the pencil complex
        in.A_complex = in.A_real.cast<cplx>();
        in.A_real = MatrixXd();
        in.real = false;
      }
      in.E_complex = to_complex_matrix(E, n, n);
    }
  }

  const io::NpyArray b = read_finite(rhs_path);
  if (b.rank() != 1 && b.rank() != 2)
    fail(rhs_path, fmt::format("b must have shape (n,) or (n, m), got {}", io::shape_string(b.shape)));
  if (b.shape[0] != n)
    fail(rhs_path, fmt::format("b has shape {} but A is {}x{}: b needs {} rows",
                               io::shape_string(b.shape), n, n, n));
  in.b_is_vector = b.rank() == 1;
  in.B = to_complex_matrix(b, n, in.b_is_vector ? 1 : b.shape[1]);

  const io::NpyArray s = read_finite(shifts_path);
  if (s.rank() != 1)
    fail(shifts_path, fmt::format("shifts must have shape (k,), got {}", io::shape_string(s.shape)));
  in.shifts.resize(s.size());
  for (std::size_t j = 0; j < s.size(); ++j) in.shifts[j] = s.value(j);

  if (!observe_path.empty()) {
    const io::NpyArray C = read_finite(observe_path);
    if (C.rank() != 2 || C.shape[1] != n)
      fail(observe_path, fmt::format("C must have shape (p, {}) to observe x of length {}, got {}",
                                     n, n, io::shape_string(C.shape)));
    in.C = to_complex_matrix(C, C.shape[0], n);
  }
  return in;
}

void add_input_options(CLI::App& cmd, std::string& matrix, std::string& rhs, std::string& shifts) {
  cmd.add_option("--matrix,-A", matrix, "A.npy: the (n, n) matrix, real or complex")
      ->required()->check(CLI::ExistingFile);
  cmd.add_option("--rhs,-b", rhs, "b.npy: right-hand side(s), shape (n,) or (n, m)")
      ->required()->check(CLI::ExistingFile);
  cmd.add_option("--shifts,-s", shifts, "s.npy: the k shifts, shape (k,), real or complex")
      ->required()->check(CLI::ExistingFile);
}

}  // namespace specsweep::app
