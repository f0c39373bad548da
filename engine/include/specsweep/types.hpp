#pragma once
// Scalar and container vocabulary shared by every layer. Matrices are Eigen's, column-major
// unless named Row*; results of a sweep are row-major per shift (C order, as .npy stores it).
#include <Eigen/Dense>
#include <complex>
#include <cstdint>

namespace specsweep {

using Index = Eigen::Index;         // signed (std::ptrdiff_t): sizes, counts, indices
using cplx = std::complex<double>;  // every shift and every result is complex double
using MatrixXd = Eigen::MatrixXd;   // column-major
using MatrixXcd = Eigen::MatrixXcd; // column-major
using VectorXd = Eigen::VectorXd;
using VectorXcd = Eigen::VectorXcd;
// Row-major complex block: row j is the answer for shift j of a block. Matches C-order .npy.
using RowMatrixXcd = Eigen::Matrix<cplx, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

}  // namespace specsweep
