#include "specsweep/poisson/sine_transform.hpp"

#include <cmath>
#include <cstring>

#include "specsweep/error.hpp"

namespace specsweep::poisson {

SineTransform2D::SineTransform2D(Index rows, Index cols) : rows_(rows), cols_(cols) {
  buffer_ = fftw_alloc_real(size_t(std::max<Index>(1, rows * cols)));
  if (!buffer_) throw Error("dst: out of memory for the FFTW buffer", ErrorKind::Runtime);
  // Column-major rows x cols is FFTW's row-major cols x rows.
  plan_ = fftw_plan_r2r_2d(int(cols), int(rows), buffer_, buffer_, FFTW_RODFT00, FFTW_RODFT00,
                           FFTW_ESTIMATE);
  if (!plan_) {
    fftw_free(buffer_);
    throw Error("dst: FFTW could not plan the sine transform", ErrorKind::Runtime);
  }
}

SineTransform2D::~SineTransform2D() {
  fftw_destroy_plan(plan_);
  fftw_free(buffer_);
}

void SineTransform2D::load(const MatrixXd& G) {
  ensure(G.rows() == rows_ && G.cols() == cols_, "dst: array shape differs from the plan");
  std::memcpy(buffer_, G.data(), sizeof(double) * size_t(G.size()));
}

void SineTransform2D::transform() const { fftw_execute(plan_); }

double SineTransform2D::normalisation() const {
  // RODFT00 of length N = n - 1 is sqrt(2n) times Q in each direction.
  return 1.0 / (2.0 * std::sqrt(double(rows_ + 1) * double(cols_ + 1)));
}

double SineTransform2D::flops() const {
  double add = 0, mul = 0, fma = 0;
  fftw_flops(plan_, &add, &mul, &fma);
  return add + mul + 2 * fma;
}

}  // namespace specsweep::poisson
