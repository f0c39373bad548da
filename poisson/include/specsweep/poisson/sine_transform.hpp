#pragma once
// The fast path for the uniform Dirichlet sine basis: Q_x^T G Q_y as one 2-D FFTW RODFT00
// (DST-I) in O(N^2 log N). RODFT00 of length N computes 2 sum_j x_j sin(pi(j+1)(k+1)/(N+1)),
// so with N = n - 1 it is sqrt(2n) Q; the transform is its own inverse up to that scale.
// docs/design.md#poisson-backends. Not copyable; one object per thread (the buffer is its own).
#include <fftw3.h>

#include "specsweep/types.hpp"

namespace specsweep::poisson {

class SineTransform2D {
 public:
  /// Plans for an rows x cols column-major array (FFTW_ESTIMATE: planning never touches data).
  /// @throws Error (kind Runtime) if the buffer cannot be allocated or FFTW cannot plan
  SineTransform2D(Index rows, Index cols);
  ~SineTransform2D();
  SineTransform2D(const SineTransform2D&) = delete;
  SineTransform2D& operator=(const SineTransform2D&) = delete;

  /// Copies G into the transform's own (FFTW-aligned) buffer.
  /// @throws Error (kind Internal) unless G is rows x cols (a caller's bug)
  void load(const MatrixXd& G);
  /// The buffer <- RODFT00 in both directions, unnormalised: normalisation() times this is
  /// Q_x^T (.) Q_y. O(rows cols log(rows cols)), in place.
  void transform() const;
  /// The buffer as a rows x cols column-major matrix.
  Eigen::Map<MatrixXd> values() { return Eigen::Map<MatrixXd>(buffer_, rows_, cols_); }
  /// 1 / (2 sqrt(n_x n_y)) with n = N + 1: the orthonormal scale of one transform.
  double normalisation() const;
  /// FFTW's own flop count for one apply (adds + muls + 2 fmas).
  double flops() const;

 private:
  Index rows_, cols_;
  double* buffer_ = nullptr;
  fftw_plan plan_ = nullptr;
};

}  // namespace specsweep::poisson
